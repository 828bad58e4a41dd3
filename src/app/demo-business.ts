// The demo's "one business" story: Anna buys online (Shopify), is recognised in the shop by her
// e-mail, brings one mug back to the shop (restocked there), and low stock becomes a suggested
// purchase order. Call after the demo's products and stock are seeded.
import type { Db } from '../db/open.js';
import type { Config } from '../config/schema.js';
import { applyOrders } from '../db/orders.js';
import { suppliers, supplierItems } from '../db/schema.js';
import type { RemoteOrder } from '../core/connector.js';
import { customerDetail, type CustomerDetail } from './customers.js';
import { addReturn, type ReturnResult } from './returns.js';
import { suggestFromMaster } from './purchasing/plan.js';
import type { Suggestion } from './purchasing/suggest.js';
import { listCustomers } from '../db/customers-queries.js';

export interface BusinessDemo {
  customer: CustomerDetail;
  returned: ReturnResult;
  suggestion: Suggestion;
  /** What the demo prints, line by line. */
  lines: string[];
}

const SUPPLIERS = [
  { code: 'nordkeramik', name: 'Nordkeramik GmbH', currency: 'EUR', leadTimeDays: 12 },
  { code: 'roesterei-hansen', name: 'Rösterei Hansen', currency: 'EUR', leadTimeDays: 5 },
];
const ITEMS = [
  { supplier: 'nordkeramik', supplierSku: 'NK-4711', sku: 'MUG-STONE-350', costMinor: 520, packSize: 12, minOrder: 24 },
  { supplier: 'nordkeramik', supplierSku: 'NK-4820', sku: 'POT-GLASS-1L', costMinor: 1150, packSize: 4, minOrder: 4 },
  { supplier: 'nordkeramik', supplierSku: 'NK-5102', sku: 'CUP-ESPRESSO-2', costMinor: 780, packSize: 6, minOrder: 12 },
  { supplier: 'roesterei-hansen', supplierSku: 'RH-HB-500', sku: 'COFFEE-HOUSE-500', costMinor: 740, packSize: 10, minOrder: 20 },
];

const day = (now: Date, daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();

function sale(remoteId: string, at: string, lines: [string, number, number][], customer?: RemoteOrder['customer']): RemoteOrder {
  return {
    remoteId, status: 'fulfilled', fulfilment: 'merchant', placedAt: at, updatedAt: at, currency: 'EUR', customer,
    totalMinor: lines.reduce((s, [, q, p]) => s + q * p, 0),
    lines: lines.map(([sku, quantity, unitPriceMinor], i) => ({ lineKey: String(i + 1), sku, quantity, unitPriceMinor })),
  };
}

export function seedBusinessDemo(db: Db, config: Config, now: Date = new Date()): BusinessDemo {
  const from = (ch: string) => config.channels[ch]?.fulfil_from ?? config.channels[ch]?.stock_from ?? ['warehouse'];
  db.transaction(() => {
    for (const s of SUPPLIERS) db.insert(suppliers).values(s).onConflictDoNothing().run();
    for (const i of ITEMS) db.insert(supplierItems).values(i).onConflictDoNothing().run();
  });
  applyOrders(db, 'shopify', [
    sale('1001', day(now, 6), [['MUG-STONE-350', 2, 1490]], { remoteId: 'gid://shopify/Customer/7001', name: 'Anna Berg', email: 'anna.berg@example.com' }),
    sale('1002', day(now, 3), [['TEA-EARL-100', 3, 750], ['POT-GLASS-1L', 1, 2900]]),
  ], from('shopify'));
  applyOrders(db, 'amazon', [sale('302-1111111-0000001', day(now, 4), [['FILTER-V60-100', 6, 590]]), sale('302-1111111-0000002', day(now, 1), [['MUG-STONE-350', 1, 1490]])], from('amazon'));
  // In the shop two days later Anna gives her e-mail at the till (typed differently): the same customer.
  applyOrders(db, 'pos', [sale('POS-2207', day(now, 2), [['TEA-EARL-100', 1, 750]], { name: 'A. Berg', email: ' Anna.Berg@Example.com ', phone: '+49 151 2345678' })], from('pos'));
  const returned = addReturn(db, {
    order: { channel: 'shopify', remoteId: '1001' }, sku: 'MUG-STONE-350', quantity: 1, location: 'store', disposition: 'restock', key: 'demo-anna-mug',
  });
  const anna = listCustomers(db, { search: 'anna.berg@example.com' })[0]!;
  const customer = customerDetail(db, anna.id);
  const suggestion = suggestFromMaster(db, { defaultReorderPoint: config.low_stock.default_reorder_point }, now);
  const money = (m: number) => `${(m / 100).toFixed(2)} EUR`;
  const lines = [
    `Customer ${anna.id}, ${customer.customer.name} <${customer.customer.email}>: one customer on ${customer.identities.map((i) => i.channel).join(' and ')}.`,
    ...customer.orders.map((o) => `  order ${o.channel}:${o.remoteId}  ${o.items}  ${money(o.totalMinor)}`),
    `  returned 1 × MUG-STONE-350 of shopify:1001 in the shop: restocked at the store (${returned.onHand ?? '?'} on hand there); every channel sees it at its next sync.`,
    '',
    'Suggested purchase orders (`omni po suggest`):',
    ...suggestion.purchaseOrders.flatMap((po) => [
      `  ${po.supplier}: ${po.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')} = ${money(po.totalMinor)}, expected ${po.expectedAt}`,
    ]),
    '  Create them with `omni po suggest --create`, e-mail with `omni po export PO-… --format xlsx`.',
  ];
  return { customer, returned, suggestion, lines };
}
