// The state an incremental plan meets in a shop that syncs often: the last sync planned every
// listing (no mark yet), its changes landed on the channel, and since then 1% of the catalog sold
// one unit. Untimed; the timed plan (plan-child.js incremental) then looks at the skus that could
// differ: those the last sync pushed (their listings moved) and those that sold.
import { openDb, closeDb } from '../dist/src/db/open.js';
import { incrementalPlanInput } from '../dist/src/db/incremental-plan.js';
import { planChannel } from '../dist/src/core/plan.js';
import { applyMovement } from '../dist/src/db/ledger.js';

/** The rules every plan bench plans with. */
export const BENCH_PLAN = {
  rules: { stockFrom: ['warehouse', 'store'], buffer: 0, allocation: 1 },
  price: { source: 'master', markup_percent: 0 },
  push: { stock: true, price: true, content: false },
};

export function prepareIncremental(target, products, share = 0.01) {
  const db = openDb(target);
  const { rules, price, push } = BENCH_PLAN;
  const c = db.$client;
  const landed = c.transaction(() => {
    const inc = incrementalPlanInput(db, 'shopify', rules, price, push, false, new Date());
    const plan = planChannel(inc.input.rows, { channel: 'shopify', push, listedTotal: inc.input.listedTotal }, new Date());
    inc.saveMark(plan);
    return plan.changes;
  })();
  const seen = c.prepare("UPDATE channel_listings SET seen_quantity = ? WHERE channel = 'shopify' AND channel_sku = ?");
  c.transaction(() => { for (const ch of landed) if (ch.action === 'stock') seen.run(ch.after, ch.channelSku); })();
  const every = Math.round(1 / share);
  const run = Date.now();
  c.transaction(() => {
    // Offset 37: the generator gives these skus 31 units in the warehouse (a sale there shows).
    for (let i = 37 % every; i < products; i += every) {
      applyMovement(db, { sku: `SKU-${String(i).padStart(7, '0')}`, location: 'warehouse', delta: -1, kind: 'sale', idempotencyKey: `bench:sale:${run}:${i}` }, { allowNegative: true });
    }
  })();
  closeDb(db);
  return { pushed: landed.length };
}
