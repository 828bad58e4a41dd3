// Issue #4: plan a channel with N listings where 1% differ; wall time and peak RSS, against a bare
// SQL join of the same two tables in the sqlite3 CLI, measured in the same run.
// Goal (issue #14): at most 2.0× the join, under 200 MB. When PostgreSQL is installed, the same
// master there (bench/pg-server.js, generatePgMaster) against the same join in psql (issue #16).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMaster, generatePgMaster } from './generate-master.js';
import { benchPgServer } from './pg-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const JOIN = `SELECT count(*), sum(coalesce(c.seen_quantity, 0)) FROM products p LEFT JOIN channel_listings c ON c.channel = 'shopify' AND c.sku = p.sku;`;

function sqliteJoinMs(file) {
  const t = process.hrtime.bigint();
  execFileSync('sqlite3', [file, JOIN]);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function pgJoinMs(pg, url) {
  const t = process.hrtime.bigint();
  pg.psql(url, JOIN);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Join and plan alternated three times each; the best of each (other work weighs on both alike). */
function measure(join, target) {
  join(); // warm the caches for both
  const joins = [];
  const plans = [];
  for (let i = 0; i < 3; i++) {
    joins.push(join());
    plans.push(JSON.parse(execFileSync(process.execPath, [path.join(here, 'plan-child.js'), target]).toString()));
  }
  return { join: Math.min(...joins), ms: Math.min(...plans.map((r) => r.ms)), peakRssMb: Math.max(...plans.map((r) => r.peakRssMb)), changes: plans[0].changes };
}

export async function benchPlan(sizes = [100_000, 1_000_000]) {
  if (spawnSync('sqlite3', ['--version']).status !== 0) {
    return [{ bench: 'plan', note: 'sqlite3 CLI not found: apt-get install -y sqlite3' }];
  }
  const dir = path.join(here, '.data');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const n of sizes) {
    const file = path.join(dir, `plan-${n}.sqlite`);
    generateMaster(file, { products: n, diffShare: 0.01 });
    // The plan is timed from opening the database (plan-child.js).
    const m = measure(() => sqliteJoinMs(file), file);
    rows.push({ bench: 'plan', listings: n, changes: m.changes, planMs: Math.round(m.ms), joinMs: Math.round(m.join), ratio: (m.ms / m.join).toFixed(2), peakRssMb: Math.round(m.peakRssMb), goal: '≤ 2.0×, < 200 MB' });
  }
  const pg = await benchPgServer();
  for (const n of pg ? sizes : []) {
    const url = pg.createDatabase(`bench_plan_${n}`);
    generatePgMaster(pg, url, { products: n, diffShare: 0.01 });
    const m = measure(() => pgJoinMs(pg, url), url);
    rows.push({ bench: 'pg plan', listings: n, changes: m.changes, planMs: Math.round(m.ms), joinMs: Math.round(m.join), ratio: (m.ms / m.join).toFixed(2), peakRssMb: Math.round(m.peakRssMb), goal: '≤ 2.0× psql join' });
    pg.psql(pg.url, `DROP DATABASE bench_plan_${n}`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchPlan(process.argv[2] ? [Number(process.argv[2])] : undefined));
