// Issue #4: plan a channel with N listings where 1% differ; wall time and peak RSS, against a bare
// SQL join of the same two tables in the sqlite3 CLI, measured in the same run.
// Goal (issue #14): at most 2.0× the join, under 200 MB.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMaster } from './generate-master.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function sqliteJoinMs(file) {
  const sql = `SELECT count(*), sum(coalesce(c.seen_quantity, 0)) FROM products p LEFT JOIN channel_listings c ON c.channel = 'shopify' AND c.sku = p.sku;`;
  const t = process.hrtime.bigint();
  execFileSync('sqlite3', [file, sql]);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export function benchPlan(sizes = [100_000, 1_000_000]) {
  if (spawnSync('sqlite3', ['--version']).status !== 0) {
    return [{ bench: 'plan', note: 'sqlite3 CLI not found: apt-get install -y sqlite3' }];
  }
  const dir = path.join(here, '.data');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const n of sizes) {
    const file = path.join(dir, `plan-${n}.sqlite`);
    generateMaster(file, { products: n, diffShare: 0.01 });
    sqliteJoinMs(file); // warm the page cache for both
    // Alternate the two, three times each, and compare the best of each: other work on the machine
    // then weighs on both alike. The plan is timed from opening the database (plan-child.js).
    const joins = [];
    const plans = [];
    for (let i = 0; i < 3; i++) {
      joins.push(sqliteJoinMs(file));
      plans.push(JSON.parse(execFileSync(process.execPath, [path.join(here, 'plan-child.js'), file]).toString()));
    }
    const join = Math.min(...joins);
    const ms = Math.min(...plans.map((r) => r.ms));
    const peakRssMb = Math.max(...plans.map((r) => r.peakRssMb));
    rows.push({ bench: 'plan', listings: n, changes: plans[0].changes, planMs: Math.round(ms), sqliteJoinMs: Math.round(join), ratio: (ms / join).toFixed(2), peakRssMb: Math.round(peakRssMb), goal: '≤ 2.0×, < 200 MB' });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(benchPlan(process.argv[2] ? [Number(process.argv[2])] : undefined));
