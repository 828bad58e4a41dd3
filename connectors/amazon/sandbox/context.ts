// What every handler may use: the state, the clock, the limits, the faults and the options.
import type { Store } from './store.js';
import type { RateLimiter } from './rate-limit.js';
import type { Faults } from './faults.js';
import type { Tokens } from './auth.js';
import type { QueuedSubmission } from './submissions.js';

export interface SandboxContext {
  store: Store;
  now: () => number;
  limiter: RateLimiter;
  faults: Faults;
  tokens: Tokens;
  /** The sandbox's own base URL, for the pre-signed document URLs it hands out. */
  baseUrl: () => string;
  feedProcessingMs: number;
  /** How long an ACCEPTED patch waits before it is applied (0: at once, as before). */
  applyDelayMs: number;
  /** The next this many feeds end FATAL (as Amazon's do when it cannot process a document at all). */
  fatalFeeds: number;
  /** ACCEPTED patches not applied yet. */
  queued: QueuedSubmission[];
  fbaPageSize: number;
  gzipDocuments: boolean;
  requireUserAgent: boolean;
  /** Calls per operation (including refused ones) and a log of recent requests. */
  calls: Record<string, number>;
  requests: RequestRecord[];
}

export interface RequestRecord { operation: string; method: string; path: string; status: number; userAgent?: string | undefined; at: string }
