// An order in the Orders API 2026-01-01 shape, with every dataset filled in; searchOrders and
// getOrder later strip the datasets the caller did not ask for (`includedData`).
import type { SeedOrder } from './seed.js';
import type { Store } from './store.js';

interface Money { amount: string; currencyCode: string }
export interface OrderItem {
  orderItemId: string; quantityOrdered: number;
  product: { asin?: string; title?: string; sellerSku?: string; condition?: { conditionType: string }; price?: { unitPrice: Money } };
  proceeds?: { proceedsTotal: Money; breakdowns: { type: string; subtotal: Money }[] };
  cancellation?: { cancellationExecution?: { cancelledBy: string; cancelReason: string } };
  fulfillment?: { quantityFulfilled: number; quantityUnfulfilled: number };
}
export interface Order {
  orderId: string; createdTime: string; lastUpdatedTime: string; programs: string[];
  salesChannel: { channelName: string; marketplaceId: string; marketplaceName: string };
  buyer?: { buyerName?: string; buyerEmail?: string };
  recipient?: { deliveryAddress: { name: string; city: string; postalCode: string; countryCode: string; addressType: string } };
  proceeds?: { grandTotal: Money; breakdowns: { type: string; subtotal: Money }[] };
  fulfillment?: { fulfillmentStatus: string; fulfilledBy: 'MERCHANT' | 'AMAZON'; fulfillmentServiceLevel: string };
  orderItems: OrderItem[];
}

const fixed = (n: number, currencyCode: string): Money => ({ amount: n.toFixed(2), currencyCode });

export function buildOrder(o: SeedOrder, store: Pick<Store, 'seller' | 'listings'>): Order {
  const { currency, marketplaceId, marketplaceName, countryCode } = store.seller;
  const cancelled = o.status === 'CANCELLED';
  const shipped = o.status === 'SHIPPED';
  const items: OrderItem[] = o.items.map((i) => {
    const listing = store.listings.get(i.sku);
    const total = Number(i.unitPrice) * i.quantity;
    return {
      orderItemId: i.orderItemId, quantityOrdered: i.quantity,
      product: {
        ...(listing ? { asin: listing.asin, title: listing.itemName } : {}), sellerSku: i.sku,
        condition: { conditionType: 'NEW' }, price: { unitPrice: fixed(Number(i.unitPrice), currency) },
      },
      proceeds: { proceedsTotal: fixed(cancelled ? 0 : total, currency), breakdowns: [{ type: 'ITEM', subtotal: fixed(cancelled ? 0 : total, currency) }] },
      ...(cancelled ? { cancellation: { cancellationExecution: { cancelledBy: 'BUYER', cancelReason: o.cancelReason ?? 'Buyer cancelled' } } } : {}),
      fulfillment: { quantityFulfilled: shipped ? i.quantity : 0, quantityUnfulfilled: shipped || cancelled ? 0 : i.quantity },
    };
  });
  const grand = items.reduce((s, i) => s + Number(i.proceeds?.proceedsTotal.amount ?? 0), 0);
  const name = o.buyer?.name ?? 'Amazon customer';
  return {
    orderId: o.orderId, createdTime: o.createdTime, lastUpdatedTime: o.lastUpdatedTime,
    programs: o.fulfilledBy === 'AMAZON' ? ['PRIME'] : [],
    salesChannel: { channelName: 'AMAZON', marketplaceId, marketplaceName },
    // The anonymised buyer e-mail exists only for merchant-fulfilled orders (model: Buyer.buyerEmail).
    buyer: { buyerName: name, ...(o.fulfilledBy === 'MERCHANT' && o.buyer?.email ? { buyerEmail: o.buyer.email } : {}) },
    recipient: { deliveryAddress: { name, city: o.buyer?.city ?? 'Berlin', postalCode: o.buyer?.postalCode ?? '10115', countryCode, addressType: 'RESIDENTIAL' } },
    proceeds: { grandTotal: fixed(grand, currency), breakdowns: [{ type: 'ITEM', subtotal: fixed(grand, currency) }] },
    fulfillment: { fulfillmentStatus: o.status, fulfilledBy: o.fulfilledBy, fulfillmentServiceLevel: 'STANDARD' },
    orderItems: items,
  };
}
