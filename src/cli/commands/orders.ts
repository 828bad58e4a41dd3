import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { findOrder, linesOf, listOrders, returnsOfOrder, type Order } from '../../db/orders-queries.js';
import { getCustomer, mergedFamily } from '../../db/customers-queries.js';
import { parseCustomerId } from '../../app/customers.js';
import { parseOrderRef, parseSince, parseWhole } from '../../app/refs.js';
import { formatMoney } from '../../core/money.js';
import { usageError } from '../../core/errors.js';
import { localTime } from '../local-time.js';

const STATUSES = ['open', 'fulfilled', 'cancelled', 'refunded'] as const;

interface ListOptions { channel?: string; status?: string; since?: string; until?: string; customer?: string; sku?: string; limit?: string }

export async function list(_a: unknown[], o: ListOptions, g: GlobalOptions): Promise<number> {
  const now = new Date();
  if (o.status && !(STATUSES as readonly string[]).includes(o.status)) throw usageError(`--status "${o.status}" is not one of ${STATUSES.join(', ')}.`);
  const ws = await openWorkspace(g);
  try {
    let customerIds: number[] | undefined;
    if (o.customer !== undefined) {
      const id = parseCustomerId(o.customer);
      if (!getCustomer(ws.db, id)) throw usageError(`Unknown customer ${id}.`, 'Find customers with `omni customers list --search TEXT`.');
      customerIds = mergedFamily(ws.db, id);
    }
    if (o.channel !== undefined && !(o.channel in ws.config.channels) && listOrders(ws.db, { channel: o.channel, limit: 1 }).length === 0) {
      throw usageError(`No channel named "${o.channel}".`, `Channels: ${Object.keys(ws.config.channels).join(', ') || '(none yet)'}.`);
    }
    const rows = listOrders(ws.db, {
      channel: o.channel, status: o.status as Order['status'] | undefined, sku: o.sku, customerIds,
      since: o.since ? parseSince(o.since, now, '--since', ws.config.timezone) : undefined, until: o.until ? parseSince(o.until, now, '--until', ws.config.timezone) : undefined,
      limit: o.limit ? parseWhole(o.limit, '--limit', { min: 1 }) : 200,
    });
    new Output(g).result('orders-list', { orders: rows.map((r) => ({ ...r, skus: r.skus ? r.skus.split(',') : [] })) }, () => rows.length === 0 ? 'No orders match.'
      : table(['order', 'status', 'placed', 'customer', 'units', 'skus', 'total'],
        rows.map((r) => [`${r.channel}:${r.remoteId}${r.name ? ` ${r.name}` : ''}`, r.status, localTime(r.placedAt, ws.config.timezone), r.customer ?? '', r.units, r.skus, formatMoney(r.totalMinor, r.currency)])) + `\n\nTimes in ${ws.config.timezone}.`);
  } finally { ws.close(); }
  return 0;
}

export async function show(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const ref = parseOrderRef(String(args[0]));
  const ws = await openWorkspace(g);
  try {
    const order = findOrder(ws.db, ref.channel, ref.remoteId);
    if (!order) throw usageError(`Unknown order ${ref.channel}:${ref.remoteId}.`, 'Find it with `omni orders list --channel CHANNEL`.');
    const lines = linesOf(ws.db, order.id);
    const rets = returnsOfOrder(ws.db, order.id);
    const customer = order.customerId !== null ? getCustomer(ws.db, order.customerId) ?? null : null;
    new Output(g).result('orders-show', { order, customer, lines, returns: rets }, () => [
      `${order.channel}:${order.remoteId}${order.name ? ` (${order.name})` : ''}  ${order.status}  placed ${localTime(order.placedAt, ws.config.timezone)}  (${order.fulfilment === 'channel' ? 'fulfilled by the channel' : 'we ship'})`,
      `customer: ${customer ? `${customer.id} ${customer.name ?? ''} ${customer.email ?? ''}`.trim() : '-'}`,
      `total: ${formatMoney(order.totalMinor, order.currency)}`, '',
      table(['line', 'sku', 'qty', 'unit price', 'from', 'returned'], lines.map((l) => [l.lineKey, l.sku, l.quantity, formatMoney(l.unitPriceMinor, order.currency), l.location ?? '', l.returned])),
      ...(rets.length ? ['', 'Returns:', table(['id', 'sku', 'qty', 'at', 'disposition', 'refund', 'date'],
        rets.map((r) => [r.id, r.sku, r.quantity, r.location ?? '', r.disposition, formatMoney(r.refundMinor, order.currency), localTime(r.createdAt, ws.config.timezone)]))] : []),
      '', `Times in ${ws.config.timezone}.`,
    ].join('\n'));
  } finally { ws.close(); }
  return 0;
}
