// Every wait omni makes on a remote service goes through here: a Retry-After, a backoff, a
// rate-limit token, a feed or bulk read still processing. Each single wait is capped (the
// channel's `max_wait_seconds`): a scheduled run must not block for minutes because a service
// asked it to. A wait longer than a few seconds is announced in one line, before it starts, so
// that a slow run explains itself without -v.
import { UserError } from '../core/errors.js';
import type { Clock } from './token-bucket.js';

/** Waits longer than this are announced. */
export const ANNOUNCE_AFTER_MS = 5000;
/** The default cap of one wait (config: max_wait_seconds). */
export const DEFAULT_MAX_WAIT_SECONDS = 60;

export interface WaitPolicy {
  /** The longest single wait allowed, in ms. */
  maxMs: number;
  /** Told, once and before it starts, about every wait longer than ANNOUNCE_AFTER_MS. */
  announce?: ((line: string) => void) | undefined;
}

export const unboundedWaits: WaitPolicy = { maxMs: Number.POSITIVE_INFINITY };

/** "90 s", "3 min 4 s", "1 h 2 min": for people. */
export function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** A wait that would be longer than the cap: what it was for and how long it would have been. */
export class WaitTooLongError extends UserError {
  constructor(readonly what: string, readonly waitMs: number, readonly maxMs: number) {
    super(`${what}: would have to wait ${formatWait(waitMs)}, longer than max_wait_seconds (${Math.round(maxMs / 1000)} s).`, {
      hint: 'Nothing is lost: the next run tries again. To let a run wait longer, raise max_wait_seconds in the channel\'s block of config.yaml.',
    });
    this.name = 'WaitTooLongError';
  }
}

export function isWaitTooLong(e: unknown): e is WaitTooLongError {
  return e instanceof WaitTooLongError;
}

/** Refuses a wait over the cap, announces a long one, then sleeps on the given clock. */
export async function waitFor(clock: Clock, ms: number, what: string, policy: WaitPolicy): Promise<void> {
  checkWait(ms, what, policy);
  if (ms > 0) await clock.sleep(ms);
}

/** The check and the announcement of `waitFor`, for callers that sleep in several steps. */
export function checkWait(ms: number, what: string, policy: WaitPolicy): void {
  if (ms > policy.maxMs) throw new WaitTooLongError(what, ms, policy.maxMs);
  if (ms > ANNOUNCE_AFTER_MS) policy.announce?.(`waiting ${formatWait(ms)}: ${what}`);
}

/** A channel's policy: its cap (seconds, from config) and its announcements prefixed with its name. */
export function channelWaits(channel: string, maxWaitSeconds: number | undefined, announce: ((line: string) => void) | undefined): WaitPolicy {
  return { maxMs: (maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000, announce: announce && ((line) => announce(`${channel}: ${line}`)) };
}
