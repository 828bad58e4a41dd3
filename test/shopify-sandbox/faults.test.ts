// Injected faults on the next N GraphQL requests: THROTTLED, 429 with Retry-After, 500, slow
// answers and dropped connections; then the sandbox answers normally again.
import { describe, expect, it } from 'vitest';
import { control, gql, sandbox } from './helpers.js';

const Q = '{ shop { name } }';

describe('fault injection', () => {
  it('answers 500 for the next N requests, then recovers', async () => {
    const s = await sandbox();
    expect((await control(s, 'POST', '/faults', { kind: 'status', status: 500, count: 2 })).body).toEqual({ pending: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await gql(s, Q);
      expect(r.status).toBe(500);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    }
    expect((await gql(s, Q)).status).toBe(200);
  });

  it('drops the connection without an answer', async () => {
    const s = await sandbox();
    s.injectFault({ kind: 'drop' });
    await expect(gql(s, Q)).rejects.toThrow();
    expect((await gql(s, Q)).status).toBe(200);
  });

  it('answers 429 with Retry-After', async () => {
    const s = await sandbox();
    s.injectFault({ kind: 'http429', retryAfterSeconds: 3 });
    const res = await fetch(s.graphqlUrl, { method: 'POST', headers: { 'x-shopify-access-token': s.accessToken, 'content-type': 'application/json' }, body: JSON.stringify({ query: Q }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it('answers THROTTLED as if the bucket had been spent', async () => {
    const s = await sandbox();
    s.injectFault({ kind: 'throttled' });
    const r = await gql(s, Q);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    expect(r.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(0);
  });

  it('delays a slow answer', async () => {
    const s = await sandbox();
    s.injectFault({ kind: 'slow', delayMs: 200 });
    const t = Date.now();
    expect((await gql(s, Q)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
  });

  it('clears pending faults, and reset clears them too', async () => {
    const s = await sandbox();
    s.injectFault({ kind: 'status', status: 503, count: 5 });
    expect((await control(s, 'DELETE', '/faults')).body).toEqual({ pending: 0 });
    expect((await gql(s, Q)).status).toBe(200);
    s.injectFault({ kind: 'drop' });
    await control(s, 'POST', '/reset');
    expect((await gql(s, Q)).status).toBe(200);
  });

  it('refuses a malformed fault', async () => {
    const s = await sandbox();
    expect((await control(s, 'POST', '/faults', { kind: 'status' })).status).toBe(400);
  });
});
