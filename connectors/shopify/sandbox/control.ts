// The sandbox's own control endpoints under /_sandbox (not Shopify's): reset, read state, make
// things happen in the shop, inject faults, read counters. JSON in, JSON out, loopback only.
import { ControlError, cancelOrder, createOrder, refundOrder, setQuantity, type NewOrderInput, type RefundInput, type SetQuantityInput } from './orders-control.js';
import { parseFault } from './faults.js';
import type { SandboxEngine } from './engine.js';
import type { Reply } from './graphql-handler.js';

export async function handleControl(engine: SandboxEngine, method: string, route: string, body: unknown): Promise<Reply> {
  const b = (body ?? {}) as Record<string, unknown>;
  try {
    switch (`${method} ${route}`) {
      case 'POST /reset': engine.reset(); return ok({ reset: true });
      case 'GET /state': return ok(engine.store.snapshot());
      case 'GET /mutations': return ok(Object.fromEntries(engine.mutationCounts));
      case 'GET /requests': return ok(engine.requests);
      case 'POST /orders': return ok({ order: createOrder(engine.store, body as NewOrderInput) });
      case 'POST /orders/cancel': {
        if (typeof b.id !== 'string') throw new ControlError('give the order id as {"id": "gid://shopify/Order/…"}');
        return ok({ order: cancelOrder(engine.store, b.id, b.restock !== false) });
      }
      case 'POST /refunds': return ok({ refund: refundOrder(engine.store, body as RefundInput) });
      case 'POST /inventory': return ok({ level: setQuantity(engine.store, body as SetQuantityInput) });
      case 'POST /races': {
        if (typeof b.before !== 'string' || !b.order) throw new ControlError('give {"before": "inventorySetQuantities", "order": {"lineItems": [...]}}: a sale that lands just before that request');
        const order = b.order as NewOrderInput;
        engine.hooks.push({ field: b.before, run: () => { createOrder(engine.store, order); } });
        return ok({ pending: engine.hooks.length });
      }
      case 'POST /locations': {
        if (typeof b.name !== 'string' || !b.name) throw new ControlError('give the location a name: {"name": "Pop-up"}');
        return ok({ id: engine.store.addLocation(b.name, b.isActive !== false) });
      }
      case 'POST /faults': engine.faults.add(parseFault(body)); return ok({ pending: engine.faults.pending() });
      case 'DELETE /faults': engine.faults.clear(); return ok({ pending: 0 });
      case 'POST /bucket': {
        if (typeof b.currentlyAvailable !== 'number') throw new ControlError('give {"currentlyAvailable": N}');
        engine.bucketState = { available: Math.min(engine.bucket.maximumAvailable, Math.max(0, b.currentlyAvailable)), at: engine.now() };
        return ok({ currentlyAvailable: engine.bucketState.available });
      }
      default: return { status: 404, body: { error: `no sandbox control endpoint ${method} /_sandbox${route}` } };
    }
  } catch (e) {
    if (e instanceof ControlError || e instanceof Error) return { status: 400, body: { error: e.message } };
    throw e;
  }
}

const ok = (body: unknown): Reply => ({ status: 200, body });
