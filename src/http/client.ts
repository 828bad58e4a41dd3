// The one HTTP client every connector uses (undici). It retries what is worth retrying — 429,
// 5xx, timeouts, dropped connections — with exponential backoff that honours Retry-After, and it
// turns failures into HttpError with the operation, status and the vendor's message, redacted.
import { request, type Dispatcher } from 'undici';
import { redactor, redactEchoedHeaders, SECRET_HEADER } from '../config/redact.js';
import { realClock, type Clock } from './token-bucket.js';
import { WaitTooLongError, isWaitTooLong, unboundedWaits, waitFor, type WaitPolicy } from './waits.js';

export interface HttpRequest {
  /** A name for people and rate limits, e.g. `patchListingsItem`. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Before each attempt (e.g. take a rate-limit token). */
  before?: () => Promise<void>;
  /** Answers that are not errors for this call (e.g. 404 meaning "not listed"). */
  okStatuses?: readonly number[];
  /** Told about every response, retried or not (e.g. to drain a rate-limit bucket on 429). */
  after?: (status: number, headers: Record<string, string | string[] | undefined>) => void;
}

export interface HttpResponse {
  status: number;
  bytes: Buffer;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = unknown>(): T;
}

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const defaultRetry: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 30_000 };

export class HttpError extends Error {
  constructor(readonly operation: string, readonly status: number | undefined, readonly vendorMessage: string, readonly attempts: number) {
    super(redactor.redact(`${operation}: ${status ? `HTTP ${status}` : 'no response'}${vendorMessage ? `: ${vendorMessage}` : ''}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`));
    this.name = 'HttpError';
  }
}

export interface HttpClientOptions {
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  userAgent?: string;
  /** Told about each retry (rate-limited, server error), for verbose logs. */
  onRetry?: (op: string, attempt: number, delayMs: number, why: string) => void;
  /** Extract the vendor's message from an error body. */
  describeError?: (status: number, body: string) => string;
  dispatcher?: Dispatcher;
  /** The cap on each retry's wait and who hears about long ones (default: no cap, silent). */
  waits?: WaitPolicy;
}

export class HttpClient {
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  /** What this client may wait, for its own retries and for the rate limits its callers take. */
  readonly waits: WaitPolicy;

  constructor(private readonly opts: HttpClientOptions = {}) {
    this.retry = { ...defaultRetry, ...opts.retry };
    this.clock = opts.clock ?? realClock;
    this.waits = opts.waits ?? unboundedWaits;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    // What this request sends as credentials is a secret wherever it shows up again (an error
    // body, a log line), including tokens omni got at run time (Amazon's LWA access token).
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (!SECRET_HEADER.test(name)) continue;
      redactor.add(value);
      redactor.add(value.replace(/^(bearer|basic|token)\s+/i, ''));
    }
    let lastStatus: number | undefined;
    let lastMessage = '';
    let attempts = 0;
    for (let attempt = 1; attempt <= this.retry.retries + 1; attempt++) {
      try {
        await req.before?.();
      } catch (e) {
        // A rate limit that would now wait past the cap, after the service refused us: say why.
        if (isWaitTooLong(e) && attempt > 1) throw new WaitTooLongError(`${req.operation} answered ${lastStatus ? `HTTP ${lastStatus}` : 'nothing'}${lastMessage ? ` (${lastMessage})` : ''}; ${e.what}`, e.waitMs, e.maxMs);
        throw e;
      }
      attempts = attempt;
      let retryAfterMs: number | undefined;
      try {
        const res = await request(req.url, {
          method: req.method,
          headers: { ...(this.opts.userAgent ? { 'user-agent': this.opts.userAgent } : {}), ...req.headers },
          body: req.body ?? null,
          headersTimeout: this.retry.timeoutMs,
          bodyTimeout: this.retry.timeoutMs,
          ...(this.opts.dispatcher ? { dispatcher: this.opts.dispatcher } : {}),
        });
        const bytes = Buffer.from(await res.body.arrayBuffer());
        const text = bytes.toString('utf8');
        req.after?.(res.statusCode, res.headers);
        const response: HttpResponse = { status: res.statusCode, bytes, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
        if ((res.statusCode >= 200 && res.statusCode < 300) || req.okStatuses?.includes(res.statusCode)) return response;
        lastStatus = res.statusCode;
        // Redacted whole, then cut: cut first, a token at the cut would survive as its first characters.
        const safe = redactor.redact(redactEchoedHeaders(text));
        lastMessage = this.opts.describeError?.(res.statusCode, safe) ?? safe.slice(0, 300);
        if (res.statusCode !== 429 && res.statusCode < 500) break; // a 4xx will not get better
        retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.clock.now());
      } catch (e) {
        lastStatus = undefined;
        lastMessage = redactor.redact((e as Error).message); // timeout, reset, refused
      }
      if (attempt > this.retry.retries) break;
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      const delay = Math.max(retryAfterMs ?? 0, backoff);
      const why = lastStatus ? `HTTP ${lastStatus}` : lastMessage;
      this.opts.onRetry?.(req.operation, attempt, delay, why);
      // A Retry-After over the cap ends the call here (WaitTooLongError): the run goes on without it.
      await waitFor(this.clock, delay, retryAfterMs !== undefined && retryAfterMs >= backoff
        ? `${req.operation} answered ${why} and asked to wait (Retry-After) before trying again`
        : `${req.operation} answered ${why}; trying again (attempt ${attempt + 1} of ${this.retry.retries + 1})`, this.waits);
    }
    throw new HttpError(req.operation, lastStatus, lastMessage, attempts);
  }
}

function parseRetryAfter(h: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
