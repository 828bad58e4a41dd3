// Reading sales for reports: one row per order line in a period (cancelled orders left out), and
// stock per location. Aggregation is app/sales-report.ts's job.
import { and, asc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { orders, orderLines, products, returns, stockLevels, locations } from './schema.js';

export interface SaleLine {
  channel: string;
  orderId: number;
  sku: string;
  title: string | null;
  /** Where the units left from; null when the channel fulfilled (FBA). */
  location: string | null;
  placedAt: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
  /** Units of this line returned, and what they took back: the refund recorded, else units × the line's price. */
  returned: number;
  returnedMinor: number;
}

export function saleLines(db: Db, since: Date, until: Date): SaleLine[] {
  return db.select({
    channel: orders.channel, orderId: orders.id, sku: orderLines.sku, title: products.title, location: orderLines.location,
    placedAt: orders.placedAt, quantity: orderLines.quantity, unitPriceMinor: orderLines.unitPriceMinor, currency: orders.currency,
    returned: sql<number>`coalesce((SELECT sum(r.quantity) FROM returns r WHERE r.order_line_id = order_lines.id), 0)`,
    returnedMinor: sql<number>`coalesce((SELECT sum(coalesce(r.refund_minor, r.quantity * order_lines.unit_price_minor)) FROM returns r WHERE r.order_line_id = order_lines.id), 0)`,
  }).from(orderLines).innerJoin(orders, eq(orders.id, orderLines.orderId)).leftJoin(products, eq(products.sku, orderLines.sku))
    .where(and(gte(orders.placedAt, since.toISOString()), lt(orders.placedAt, until.toISOString()), ne(orders.status, 'cancelled')))
    .orderBy(asc(orders.placedAt), asc(orderLines.id)).all();
}

export interface LocationStock {
  location: string;
  name: string;
  kind: string;
  skus: number;
  units: number;
  /** On-hand valued at cost (products without a cost count as 0). */
  valueMinor: number;
}

export function stockByLocation(db: Db): LocationStock[] {
  return db.select({
    location: locations.code, name: locations.name, kind: locations.kind,
    skus: sql<number>`count(CASE WHEN ${stockLevels.onHand} <> 0 THEN 1 END)`,
    units: sql<number>`cast(coalesce(sum(${stockLevels.onHand}), 0) as integer)`,
    valueMinor: sql<number>`cast(coalesce(sum(${stockLevels.onHand} * coalesce(${products.costMinor}, 0)), 0) as integer)`,
  }).from(locations).leftJoin(stockLevels, eq(stockLevels.location, locations.code)).leftJoin(products, eq(products.sku, stockLevels.sku))
    .groupBy(locations.code).orderBy(asc(locations.code)).all();
}
