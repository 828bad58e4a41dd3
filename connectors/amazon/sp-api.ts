// One SP-API call: the access token, the User-Agent Amazon requires, the operation's token bucket
// (drained on 429, adapted from x-amzn-RateLimit-Limit), retries through the shared client, and
// one fresh login when Amazon says the token has expired.
import { HttpClient, HttpError, type HttpResponse } from '../../src/http/client.js';
import type { LwaAuth } from './auth.js';
import type { Operation, RateLimits } from './rate-limits.js';

export interface SpApiCall {
  op: Operation;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  query?: Record<string, string | number | readonly string[] | undefined>;
  body?: unknown;
  /** Answers that are not errors here (e.g. 404: no such listing). */
  okStatuses?: readonly number[];
}

export interface CallCounts { [op: string]: number }

export class SpApi {
  readonly calls: CallCounts = {};

  constructor(private readonly base: string, private readonly http: HttpClient, private readonly auth: LwaAuth, private readonly limits: RateLimits) {}

  async call<T>(c: SpApiCall): Promise<T> {
    const url = new URL(this.base + c.path);
    for (const [k, v] of Object.entries(c.query ?? {})) {
      if (v === undefined) continue;
      url.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    for (let login = 0; ; login++) {
      const token = await this.auth.accessToken();
      try {
        const res: HttpResponse = await this.http.send({
          operation: c.op, method: c.method, url: url.toString(),
          headers: { 'x-amz-access-token': token, accept: 'application/json', ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
          ...(c.okStatuses ? { okStatuses: c.okStatuses } : {}),
          before: () => this.limits.bucket(c.op).take(1, this.http.waits, `Amazon's rate limit for ${c.op}`),
          after: (status, headers) => {
            this.calls[c.op] = (this.calls[c.op] ?? 0) + 1;
            if (status === 429) this.limits.bucket(c.op).drain();
            else this.limits.adapt(c.op, headers['x-amzn-ratelimit-limit']);
          },
        });
        return res.json<T>();
      } catch (e) {
        if (e instanceof HttpError && e.status === 403 && login === 0) { this.auth.invalidate(); continue; }
        throw e;
      }
    }
  }
}

/** Amazon's error body `{errors:[{code, message}]}` as one line. */
export function describeSpApiError(status: number, body: string): string {
  try {
    const j = JSON.parse(body) as { errors?: { code?: string; message?: string; details?: string }[] };
    if (j.errors?.length) return j.errors.map((e) => `${e.code ?? ''}${e.message ? `: ${e.message}` : ''}${e.details ? ` ${e.details}` : ''}`).join('; ');
  } catch { /* not JSON */ }
  return status === 403 ? 'access denied (check the app authorisation and refresh_token)' : body.slice(0, 200);
}
