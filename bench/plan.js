// Issue #4: plan a channel with N listings where 1% differ; wall time and peak RSS, against a bare
// SQL join of the same two tables in the sqlite3 CLI, measured in the same run.
// Goal (issue #14): at most 2.0× the join, under 200 MB. When PostgreSQL is installed, the same
// master there (bench/pg-server.js, generatePgMaster) against the same join in psql (issue #16).
// Two plans each: `full` reads every listing (a first sync, or one without a mark); `incremental`
// is what `omni sync` does once it has a mark (db/incremental-plan.ts): the last sync's changes
// landed and 1% of the catalog sold since (plan-setup.js), the new mark saved, then rolled back.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMaster, generatePgMaster } from './generate-master.js';
import { benchPgServer } from './pg-server.js';
import { prepareIncremental } from './plan-setup.js';

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
function measure(join, target, mode) {
  join(); // warm the caches for both
  const joins = [];
  const plans = [];
  for (let i = 0; i < 3; i++) {
    joins.push(join());
    plans.push(JSON.parse(execFileSync(process.execPath, [path.join(here, 'plan-child.js'), target, mode]).toString()));
  }
  if (mode === 'incremental' && plans.some((p) => p.full)) throw new Error('the incremental plan read everything: no usable mark');
  return { join: Math.min(...joins), ms: Math.min(...plans.map((r) => r.ms)), peakRssMb: Math.max(...plans.map((r) => r.peakRssMb)), changes: plans[0].changes };
}

/** The full plan, then (after plan-setup.js) the incremental one, each against the join in the same run. */
function both(bench, n, join, target, prepare) {
  const rows = [];
  for (const mode of ['full', 'incremental']) {
    if (mode === 'incremental') prepare();
    const m = measure(join, target, mode);
    rows.push({ bench: `${bench} ${mode}`, listings: n, changes: m.changes, planMs: Math.round(m.ms), joinMs: Math.round(m.join), ratio: (m.ms / m.join).toFixed(2), peakRssMb: Math.round(m.peakRssMb), goal: '≤ 2.0× the join, < 200 MB' });
  }
  return rows;
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
    rows.push(...both('plan', n, () => sqliteJoinMs(file), file, () => prepareIncremental(file, n)));
  }
  const pg = await benchPgServer();
  for (const n of pg ? sizes : []) {
    const url = pg.createDatabase(`bench_plan_${n}`);
    generatePgMaster(pg, url, { products: n, diffShare: 0.01 });
    rows.push(...both(`pg plan${pg.hugePages ? ' (huge pages)' : ''}`, n, () => pgJoinMs(pg, url), url, () => prepareIncremental(url, n)));
    pg.psql(pg.url, `DROP DATABASE bench_plan_${n}`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchPlan(process.argv[2] ? [Number(process.argv[2])] : undefined));
