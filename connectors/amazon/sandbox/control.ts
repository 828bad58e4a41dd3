// The sandbox's own control API under /_sandbox (not Amazon's): reset, inspect, make things
// happen on Amazon's side, and inject faults. Plain JSON; errors are `{error: message}`.
import type { SandboxContext } from './context.js';
import type { FaultKind } from './faults.js';
import type { SpResponse } from './http-util.js';
import { advanceSubmissions } from './submissions.js';
import { cancelOrder, createOrder, setFbaQuantity, shipOrder, type NewOrder } from './mutations.js';

const KINDS: FaultKind[] = ['429', '500', '503', 'slow', 'drop'];

export function handleControl(ctx: SandboxContext, reset: () => void, method: string, path: string, body: Buffer): SpResponse {
  try {
    return route(ctx, reset, method, path.replace(/^\/_sandbox/, '') || '/', parse(body));
  } catch (e) {
    return { status: 400, body: { error: (e as Error).message } };
  }
}

function parse(body: Buffer): Record<string, unknown> {
  if (!body.length) return {};
  const v = JSON.parse(body.toString('utf8')) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('the body must be a JSON object');
  return v as Record<string, unknown>;
}

function route(ctx: SandboxContext, reset: () => void, method: string, path: string, b: Record<string, unknown>): SpResponse {
  const now = ctx.now();
  const s = ctx.store;
  let m: RegExpExecArray | null;
  const key = `${method} ${path}`;
  if (key === 'POST /reset') { reset(); return { status: 200, body: { ok: true } }; }
  if (key === 'GET /state') return { status: 200, body: s.snapshot() };
  if (key === 'GET /calls') return { status: 200, body: { ...ctx.calls } };
  if (key === 'DELETE /calls') { for (const k of Object.keys(ctx.calls)) delete ctx.calls[k]; ctx.requests.length = 0; return { status: 200, body: { ok: true } }; }
  if (key === 'GET /requests') return { status: 200, body: ctx.requests };
  if (key === 'POST /tokens/expire') { ctx.tokens.expireAll(now); return { status: 200, body: { ok: true } }; }
  if (key === 'POST /orders') return { status: 201, body: createOrder(s, b as unknown as NewOrder, now) };
  if ((m = /^POST \/orders\/([^/]+)\/cancel$/.exec(key))) return { status: 200, body: cancelOrder(s, decodeURIComponent(m[1]!), now, typeof b.reason === 'string' ? b.reason : undefined) };
  if ((m = /^POST \/orders\/([^/]+)\/ship$/.exec(key))) return { status: 200, body: shipOrder(s, decodeURIComponent(m[1]!), now) };
  if ((m = /^PUT \/fba\/([^/]+)$/.exec(key))) {
    setFbaQuantity(s, decodeURIComponent(m[1]!), Number(b.fulfillable), now);
    return { status: 200, body: s.fba.get(decodeURIComponent(m[1]!)) };
  }
  if ((m = /^PUT \/rejects\/([^/]+)$/.exec(key))) {
    s.rejects.set(decodeURIComponent(m[1]!), typeof b.message === 'string' ? b.message : 'This listing cannot be changed: the sandbox was told to reject it.');
    return { status: 200, body: Object.fromEntries(s.rejects) };
  }
  if ((m = /^DELETE \/rejects\/([^/]+)$/.exec(key))) { s.rejects.delete(decodeURIComponent(m[1]!)); return { status: 200, body: Object.fromEntries(s.rejects) }; }
  if (key === 'PUT /apply-delay') {
    if (typeof b.ms !== 'number' || b.ms < 0) throw new Error('give {"ms": N}: how long an ACCEPTED patch waits before it is applied');
    ctx.applyDelayMs = b.ms;
    return { status: 200, body: { applyDelayMs: ctx.applyDelayMs } };
  }
  if (key === 'POST /feeds/fatal') {
    ctx.fatalFeeds += typeof b.count === 'number' && b.count > 0 ? Math.floor(b.count) : 1;
    return { status: 200, body: { fatalFeeds: ctx.fatalFeeds } };
  }
  if (key === 'GET /submissions') return { status: 200, body: ctx.queued };
  if (key === 'POST /submissions/apply') return { status: 200, body: { applied: advanceSubmissions(ctx, true) } };
  if (key === 'GET /faults') return { status: 200, body: ctx.faults.pending() };
  if (key === 'DELETE /faults') { ctx.faults.clear(); return { status: 200, body: { ok: true } }; }
  if (key === 'POST /faults') {
    const kind = String(b.kind) as FaultKind;
    if (!KINDS.includes(kind)) throw new Error(`kind must be one of ${KINDS.join(', ')}`);
    ctx.faults.add({
      operation: typeof b.operation === 'string' ? b.operation : '*', kind,
      ...(typeof b.count === 'number' ? { count: b.count } : {}),
      ...(typeof b.delayMs === 'number' ? { delayMs: b.delayMs } : {}),
      ...(typeof b.retryAfterSeconds === 'number' ? { retryAfterSeconds: b.retryAfterSeconds } : {}),
    });
    return { status: 201, body: ctx.faults.pending() };
  }
  if ((m = /^POST \/buckets\/([^/]+)\/drain$/.exec(key))) {
    const bucket = ctx.limiter.bucket(m[1]!);
    if (!bucket) throw new Error(`no usage plan for operation ${m[1]}`);
    bucket.drain(now);
    return { status: 200, body: { ok: true } };
  }
  return { status: 404, body: { error: `no sandbox control endpoint ${method} /_sandbox${path}` } };
}
