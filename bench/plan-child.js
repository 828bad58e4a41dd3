// Runs one plan in its own process so its peak RSS is its own. Prints JSON.
import { readFileSync } from 'node:fs';
import { openDb, closeDb } from '../dist/src/db/open.js';
import { planInput } from '../dist/src/db/plan-input.js';
import { planChannel } from '../dist/src/core/plan.js';

const [file] = process.argv.slice(2);
// Timed from opening the database (migration check included) to having the plan.
const t = process.hrtime.bigint();
const db = openDb(file);
const push = { stock: true, price: true, content: false };
const input = planInput(db, 'shopify', { stockFrom: ['warehouse', 'store'], buffer: 0, allocation: 1 }, { source: 'master', markup_percent: 0 }, { push });
const plan = planChannel(input.rows, { channel: 'shopify', push, listedTotal: input.listedTotal }, new Date());
const ms = Number(process.hrtime.bigint() - t) / 1e6;
closeDb(db);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ ms, changes: plan.changes.length, listings: plan.summary.listings, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null }));
