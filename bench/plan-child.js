// Runs one plan in its own process so its peak RSS is its own. Prints JSON.
// Usage: node bench/plan-child.js MASTER [full|incremental]
//   full: every listing read (planInput), as a first sync or `omni sync` without a mark.
//   incremental: what `omni sync` does with a mark (db/incremental-plan.ts), the mark saved and
//   the spent touches pruned, then all of it rolled back so every run plans the same.
import { readFileSync } from 'node:fs';
import { openDb, closeDb } from '../dist/src/db/open.js';
import { planInput } from '../dist/src/db/plan-input.js';
import { incrementalPlanInput } from '../dist/src/db/incremental-plan.js';
import { planChannel } from '../dist/src/core/plan.js';
import { BENCH_PLAN } from './plan-setup.js';

const [file, mode = 'full'] = process.argv.slice(2);
const { rules, price, push } = BENCH_PLAN;
// Timed from opening the database (migration check included) to having the plan.
const t = process.hrtime.bigint();
const db = openDb(file);
let plan;
let full = true;
if (mode === 'incremental') {
  db.$client.exec('BEGIN');
  const inc = incrementalPlanInput(db, 'shopify', rules, price, push, false, new Date());
  plan = planChannel(inc.input.rows, { channel: 'shopify', push, listedTotal: inc.input.listedTotal }, new Date());
  inc.saveMark(plan);
  full = inc.full;
} else {
  const input = planInput(db, 'shopify', rules, price, { push });
  plan = planChannel(input.rows, { channel: 'shopify', push, listedTotal: input.listedTotal }, new Date());
}
const ms = Number(process.hrtime.bigint() - t) / 1e6;
if (mode === 'incremental') db.$client.exec('ROLLBACK');
closeDb(db);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ ms, full, changes: plan.changes.length, listings: plan.summary.listings, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null }));
