// Faults a test can ask for on the next N GraphQL requests: Shopify's THROTTLED answer, a 429
// with Retry-After, any HTTP error status, a slow answer, or a connection dropped mid-request.

export type Fault =
  | { kind: 'throttled' }
  | { kind: 'http429'; retryAfterSeconds?: number }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' };

export type FaultRequest = Fault & { count?: number };

export class FaultQueue {
  private queue: Fault[] = [];

  add(f: FaultRequest): void {
    const { count = 1, ...fault } = f;
    for (let i = 0; i < count; i++) this.queue.push(fault as Fault);
  }

  /** The fault for this request, if any is pending. */
  next(): Fault | undefined {
    return this.queue.shift();
  }

  pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}

export function parseFault(body: unknown): FaultRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  const count = typeof b.count === 'number' && b.count > 0 ? Math.floor(b.count) : 1;
  switch (b.kind) {
    case 'throttled': return { kind: 'throttled', count };
    case 'http429': return { kind: 'http429', count, retryAfterSeconds: typeof b.retryAfterSeconds === 'number' ? b.retryAfterSeconds : 2 };
    case 'status': if (typeof b.status === 'number' && b.status >= 400 && b.status < 600) return { kind: 'status', status: b.status, count }; break;
    case 'slow': if (typeof b.delayMs === 'number' && b.delayMs >= 0) return { kind: 'slow', delayMs: b.delayMs, count }; break;
    case 'drop': return { kind: 'drop', count };
  }
  throw new Error('fault must be {kind: throttled|http429|status (with status)|slow (with delayMs)|drop, count?}');
}
