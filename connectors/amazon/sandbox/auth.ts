// Login with Amazon (POST /auth/o2/token) and the access tokens it hands out. Errors follow
// LWA's OAuth bodies: `{error, error_description}`, 401 for bad client credentials, 400 otherwise.
import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';
import type { SpResponse } from './http-util.js';
import { tokenExpired, tokenInvalid, tokenMissing, type SpApiError } from './errors.js';

export class Tokens {
  private readonly issued = new Map<string, number>(); // token → expires at (ms)

  constructor(private readonly ttlSeconds: number) {}

  issue(now: number): { token: string; expiresIn: number } {
    const token = `Atza|sandbox-${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, now + this.ttlSeconds * 1000);
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The SP-API's 403 for a missing, unknown or expired `x-amz-access-token`, or nothing. */
  check(token: string | undefined, now: number): SpApiError | undefined {
    if (!token) return tokenMissing();
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) return tokenInvalid();
    return now >= expiresAt ? tokenExpired() : undefined;
  }

  /** Every token issued so far expires now (the "token expired mid-run" case). */
  expireAll(now: number): void {
    for (const t of this.issued.keys()) this.issued.set(t, now);
  }

  clear(): void {
    this.issued.clear();
  }
}

const lwaError = (status: number, error: string, description: string): SpResponse => ({ status, body: { error_description: description, error } });

export function handleLwaToken(body: Buffer, contentType: string, store: Store, tokens: Tokens, now: number): SpResponse {
  if (!/application\/x-www-form-urlencoded/i.test(contentType)) {
    return lwaError(400, 'invalid_request', 'The Content-Type must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(body.toString('utf8'));
  const grant = form.get('grant_type');
  if (!grant) return lwaError(400, 'invalid_request', 'The request is missing a required parameter : grant_type');
  if (grant !== 'refresh_token' && grant !== 'client_credentials') return lwaError(400, 'unsupported_grant_type', `The authorization grant type is not supported by the authorization server : ${grant}`);
  if (form.get('client_id') !== store.lwa.clientId || form.get('client_secret') !== store.lwa.clientSecret) {
    return lwaError(401, 'invalid_client', 'Client authentication failed');
  }
  if (grant === 'client_credentials') {
    // Grantless operations only; the sandbox has none, but the exchange itself works like LWA's.
    if (!form.get('scope')) return lwaError(400, 'invalid_scope', 'The request has an invalid parameter : scope');
    const t = tokens.issue(now);
    return { status: 200, body: { access_token: t.token, scope: form.get('scope'), token_type: 'bearer', expires_in: t.expiresIn } };
  }
  const refresh = form.get('refresh_token');
  if (!refresh) return lwaError(400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
  if (refresh !== store.lwa.refreshToken) return lwaError(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
  const t = tokens.issue(now);
  return { status: 200, body: { access_token: t.token, refresh_token: refresh, token_type: 'bearer', expires_in: t.expiresIn } };
}
