// Injected failures: the next N calls to an operation (or to any, '*') answer 429, 500 or 503,
// answer late, or lose their connection — the things a connector's retry code must survive.

export type FaultKind = '429' | '500' | '503' | 'slow' | 'drop';

export interface Fault {
  operation: string;
  kind: FaultKind;
  /** How many calls this fault still applies to. */
  remaining: number;
  /** For 'slow': how long to wait before answering normally. */
  delayMs?: number;
  /**
   * For 'slow', instead of a delay: answer when this resolves (in-process tests hold a call at a
   * known point, e.g. until its token has expired, without depending on time).
   */
  hold?: () => Promise<void>;
  /** For '429'/'503': a Retry-After header in seconds (Amazon itself sends none on quota 429s). */
  retryAfterSeconds?: number;
}

export class Faults {
  private list: Fault[] = [];

  add(f: Omit<Fault, 'remaining'> & { count?: number }): void {
    const { count, ...rest } = f;
    this.list.push({ ...rest, remaining: count ?? 1 });
  }

  /** The fault that applies to this call, used up by one. */
  take(operation: string): Fault | undefined {
    const f = this.list.find((x) => x.remaining > 0 && (x.operation === operation || x.operation === '*'));
    if (!f) return undefined;
    f.remaining -= 1;
    this.list = this.list.filter((x) => x.remaining > 0);
    return { ...f };
  }

  pending(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  clear(): void {
    this.list = [];
  }
}
