import { afterEach, describe, expect, it } from 'vitest';
import { call, login, start, UA, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.sb.close());

const search = (hh: Harness): string => `/listings/2021-08-01/items/${hh.sb.sellerId}?marketplaceIds=${hh.sb.marketplaceId}`;

describe('Login with Amazon', () => {
  it('exchanges the refresh token for a bearer access token that lasts an hour', async () => {
    h = await start();
    const r = await login(h.sb);
    expect(r.status).toBe(200);
    expect(r).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: h.sb.credentials.refreshToken });
    expect(String(r.access_token)).toMatch(/^Atza\|/);
  });

  it('answers wrong client credentials with 401 invalid_client and a wrong refresh token with 400 invalid_grant', async () => {
    h = await start();
    expect(await login(h.sb, { client_secret: 'nope' })).toEqual({ status: 401, error: 'invalid_client', error_description: 'Client authentication failed' });
    expect(await login(h.sb, { refresh_token: 'Atzr|nope' })).toEqual({ status: 400, error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
    expect(await login(h.sb, { grant_type: 'password' })).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
  });

  it('takes expires_in from tokenTtlSeconds', async () => {
    h = await start({ tokenTtlSeconds: 60 });
    expect((await login(h.sb)).expires_in).toBe(60);
  });
});

describe('access token on SP-API calls', () => {
  it('refuses a call without x-amz-access-token with 403 Unauthorized', async () => {
    h = await start();
    const r = await call(h, 'GET', search(h), undefined, { 'x-amz-access-token': '' });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'Access token is missing in the request header.' }] });
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('x-amzn-ratelimit-limit')).toBeNull();
  });

  it('refuses an unknown token and, once the clock passes expires_in, an expired one', async () => {
    h = await start({ tokenTtlSeconds: 3600 });
    expect((await call(h, 'GET', search(h), undefined, { 'x-amz-access-token': 'Atza|forged' })).body.errors[0].details)
      .toBe('The access token you provided is revoked, malformed or invalid.');
    expect((await call(h, 'GET', search(h))).status).toBe(200);
    h.clock.advance(3600_000);
    const r = await call(h, 'GET', search(h));
    expect(r.status).toBe(403);
    expect(r.body.errors[0]).toMatchObject({ code: 'Unauthorized', details: 'The access token you provided has expired.' });
    h.token = (await login(h.sb)).access_token as string;
    expect((await call(h, 'GET', search(h))).status).toBe(200);
  });

  it('expires every token at once through the control API', async () => {
    h = await start();
    await fetch(`${h.sb.url}/_sandbox/tokens/expire`, { method: 'POST' });
    expect((await call(h, 'GET', search(h))).status).toBe(403);
  });
});

describe('User-Agent', () => {
  it('records the User-Agent of every call, so a test can check the client sends the required form', async () => {
    h = await start();
    await call(h, 'GET', search(h));
    const last = h.sb.requests().at(-1)!;
    expect(last).toMatchObject({ operation: 'searchListingsItems', status: 200, userAgent: UA });
    expect(last.userAgent).toMatch(/^[^/]+\/[^ ]+ \(Language=[^;)]+(; [^=]+=[^;)]+)*\)$/);
  });

  it('refuses a User-Agent over 500 characters, and a missing one unless told not to', async () => {
    h = await start();
    expect((await call(h, 'GET', search(h), undefined, { 'user-agent': `x/1 (Language=${'a'.repeat(500)})` })).status).toBe(400);
    // fetch always sends a User-Agent, so ask node:http directly for a request without one.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(h.sb.url + search(h), { headers: { 'x-amz-access-token': h.token } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });
});
