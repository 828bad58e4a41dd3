// Login with Amazon: the refresh token is exchanged for an access token (one hour), cached until
// shortly before it expires and renewed when Amazon says it has expired.
import type { HttpClient } from '../../src/http/client.js';
import { redactor } from '../../src/config/redact.js';
import { UserError } from '../../src/core/errors.js';

const EARLY_MS = 60_000;

export class LwaAuth {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly url: string,
    private readonly creds: { clientId: string; clientSecret: string; refreshToken: string },
    private readonly now: () => number = Date.now,
  ) {}

  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt - EARLY_MS) return this.token.value;
    const body = new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: this.creds.refreshToken,
      client_id: this.creds.clientId, client_secret: this.creds.clientSecret,
    }).toString();
    const res = await this.http.send({
      operation: 'amazon LWA token', method: 'POST', url: this.url, body,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, okStatuses: [400, 401],
    });
    const json = res.json<{ access_token?: string; expires_in?: number; error?: string; error_description?: string }>();
    if (!json.access_token) {
      throw new UserError(`Amazon login failed: ${json.error ?? `HTTP ${res.status}`}${json.error_description ? ` (${json.error_description})` : ''}.`,
        { hint: 'Check client_id, client_secret and refresh_token of the Amazon channel (Seller Central → Apps → your app).' });
    }
    redactor.add(json.access_token);
    this.token = { value: json.access_token, expiresAt: this.now() + (json.expires_in ?? 3600) * 1000 };
    return json.access_token;
  }

  /** Amazon refused the token (expired early, revoked): fetch a new one next time. */
  invalidate(): void {
    this.token = undefined;
  }
}
