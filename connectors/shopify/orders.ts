// Reading Shopify orders updated since the cursor, with every line and every refund line: the
// orders page carries each order's first lines and each refund's first lines, and says when there
// are more (pageInfo); those are read to the end per order and per refund. An order of 300 lines
// or a refund of 60 lines loses nothing. [S7 pagination; spec: Order.lineItems and
// Refund.refundLineItems are connections, Order.refunds a list]
import type { PullContext, RemoteOrder } from '../../src/core/connector.js';
import { parseMoney } from '../../src/core/money.js';
import { isWaitTooLong } from '../../src/http/waits.js';
import type { ShopifyGraphql } from './graphql.js';
import { ORDER_LINE_COST, ORDER_LINES_PAGE, ORDER_LINES_QUERY, ORDERS_PAGE_SIZE, ORDERS_QUERY, REFUND_LINES_PAGE, REFUND_LINES_QUERY } from './queries.js';

interface Money { shopMoney: { amount: string; currencyCode?: string } }
interface Page<T> { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] }
interface LineNode { id: string; sku: string | null; variant?: { id: string } | null; quantity: number; originalUnitPriceSet: Money }
interface RefundLineNode { quantity: number; restockType: string; lineItem: { id: string; sku: string | null }; subtotalSet: Money | null }
interface OrderNode {
  id: string; name: string; createdAt: string; updatedAt: string; cancelledAt: string | null; displayFinancialStatus: string | null;
  totalPriceSet: Money;
  customer: {
    id: string; firstName: string | null; lastName: string | null;
    // Customer.email / .phone are deprecated in 2026-10
    defaultEmailAddress: { emailAddress: string | null } | null; defaultPhoneNumber: { phoneNumber: string | null } | null;
  } | null;
  lineItems: Page<LineNode>;
  refunds: { id: string; createdAt: string; refundLineItems: Page<RefundLineNode> }[];
}

/** Orders re-read this far back on every pull: applying is idempotent, missing one is not. */
const CURSOR_OVERLAP_MS = 5 * 60_000;
/** Without the read_all_orders scope Shopify shows only orders of the last 60 days [spec: Order]. */
const ORDER_WINDOW_MS = 60 * 24 * 3600_000;

export async function pullOrders(gql: ShopifyGraphql, ctx: PullContext): Promise<{ orders: RemoteOrder[]; cursor: string; warnings: string[] }> {
  const since = ctx.cursors.orders_updated_at;
  if (!since) {
    // First sync: sales before today are already in the counts the shop entered; importing them
    // would take them off twice. Start reading orders from now on.
    return { orders: [], cursor: ctx.now().toISOString(), warnings: ['shopify: first sync: orders placed before now are not imported (your counts already reflect them)'] };
  }
  const from = new Date(Date.parse(since) - CURSOR_OVERLAP_MS).toISOString();
  const warnings: string[] = [];
  const windowStart = ctx.now().getTime() - ORDER_WINDOW_MS;
  if (Date.parse(from) < windowStart) {
    warnings.push(`shopify: the last orders read was before ${new Date(windowStart).toISOString().slice(0, 10)}: Shopify shows an app only the last 60 days of orders (unless it has the read_all_orders scope), so changes to older orders since then are not seen; check their stock by hand`);
  }
  const orders: RemoteOrder[] = [];
  let cursor = since;
  let after: string | null = null;
  try {
    do {
      const data: { orders: Page<OrderNode> } = await gql.run('orders', ORDERS_QUERY, { first: ORDERS_PAGE_SIZE, after, query: `updated_at:>'${from}'` }, 2 + ORDERS_PAGE_SIZE * 185);
      for (const { node } of data.orders.edges) {
        orders.push(toOrder(await complete(gql, node)));
        if (node.updatedAt > cursor) cursor = node.updatedAt;
      }
      after = data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null;
    } while (after);
  } catch (e) {
    if (!isWaitTooLong(e)) throw e;
    // The cursor stays where it was: the next run reads these orders again (booking is idempotent).
    return { orders, cursor: since, warnings: [...warnings, `shopify: orders not read completely this run: ${e.message.replace(/\.$/, '')}; the next run reads them`] };
  }
  return { orders, cursor, warnings };
}

/** The order with all its lines and all its refunds' lines. */
async function complete(gql: ShopifyGraphql, o: OrderNode): Promise<OrderNode> {
  const lines = await rest(o.lineItems, async (after) => (await gql.run<{ order: { lineItems: Page<LineNode> } | null }>(
    'order lines', ORDER_LINES_QUERY, { id: o.id, first: ORDER_LINES_PAGE, after }, 2 + ORDER_LINES_PAGE * ORDER_LINE_COST)).order?.lineItems);
  const refunds = [];
  for (const r of o.refunds) {
    const refundLines = await rest(r.refundLineItems, async (after) => (await gql.run<{ refund: { refundLineItems: Page<RefundLineNode> } | null }>(
      'refund lines', REFUND_LINES_QUERY, { id: r.id, first: REFUND_LINES_PAGE, after }, 2 + REFUND_LINES_PAGE * 4)).refund?.refundLineItems);
    refunds.push({ ...r, refundLineItems: refundLines });
  }
  return { ...o, lineItems: lines, refunds };
}

/** A connection's first page followed to its end. */
async function rest<T>(first: Page<T>, next: (after: string) => Promise<Page<T> | undefined>): Promise<Page<T>> {
  const edges = [...first.edges];
  let info = first.pageInfo;
  while (info.hasNextPage && info.endCursor) {
    const page = await next(info.endCursor);
    if (!page) break; // gone meanwhile (deleted, outside the order window): what was read stands
    edges.push(...page.edges);
    info = page.pageInfo;
  }
  return { edges, pageInfo: { hasNextPage: false, endCursor: info.endCursor } };
}

const tail = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

function toOrder(o: OrderNode): RemoteOrder {
  const money = (m: Money | null | undefined) => (m ? parseMoney(m.shopMoney.amount) ?? 0 : 0);
  return {
    remoteId: tail(o.id), name: o.name,
    status: o.cancelledAt ? 'cancelled' : o.displayFinancialStatus === 'REFUNDED' ? 'refunded' : 'open',
    fulfilment: 'merchant',
    placedAt: o.createdAt, updatedAt: o.updatedAt,
    currency: o.totalPriceSet.shopMoney.currencyCode ?? 'EUR',
    totalMinor: money(o.totalPriceSet),
    customer: o.customer ? {
      remoteId: tail(o.customer.id), email: o.customer.defaultEmailAddress?.emailAddress ?? undefined, phone: o.customer.defaultPhoneNumber?.phoneNumber ?? undefined,
      name: [o.customer.firstName, o.customer.lastName].filter(Boolean).join(' ') || undefined,
    } : undefined,
    // A line of a variant without a SKU goes by the variant id, as its listing does.
    lines: o.lineItems.edges.filter((e) => e.node.sku || e.node.variant).map(({ node: l }) => ({ lineKey: tail(l.id), sku: l.sku || l.variant!.id, quantity: l.quantity, unitPriceMinor: money(l.originalUnitPriceSet) })),
    // A refund finds its order line by id; the sku only matters for a line omni never saw.
    refunds: o.refunds.flatMap((r) => r.refundLineItems.edges.map(({ node: rl }) => ({
      remoteId: tail(r.id), lineKey: tail(rl.lineItem.id), sku: rl.lineItem.sku ?? '', quantity: rl.quantity,
      restock: rl.restockType !== 'NO_RESTOCK', amountMinor: money(rl.subtotalSet),
    }))),
  };
}
