import { afterEach, describe, expect, it } from 'vitest';
import { Bucket, RateLimiter } from '../../connectors/amazon/sandbox/rate-limit.js';
import { call, start, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => { await h?.sb.close(); h = undefined; });

const fba = (hh: Harness): string => `/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=${hh.sb.marketplaceId}&marketplaceIds=${hh.sb.marketplaceId}`;

describe('token bucket', () => {
  it('gives burst tokens, then one per 1/rate seconds', () => {
    const b = new Bucket(2, 2, 0);
    expect([b.tryTake(0), b.tryTake(0), b.tryTake(0)]).toEqual([true, true, false]);
    expect(b.tryTake(499)).toBe(false);
    expect(b.tryTake(500)).toBe(true);
    expect(b.available(10_000)).toBe(2);
  });

  it('scales rates, not bursts, with rateScale', () => {
    const l = new RateLimiter(() => 0, 100);
    expect(l.plan('searchOrders')!.rate).toBeCloseTo(0.56);
    expect(l.plan('searchOrders')!.burst).toBe(20);
    expect(l.header('getInventorySummaries')).toBe('200');
  });
});

describe('usage plans over HTTP', () => {
  it('answers 429 QuotaExceeded once the bucket is empty and serves again after time passes', async () => {
    h = await start();
    expect((await call(h, 'GET', fba(h))).status).toBe(200);
    const second = await call(h, 'GET', fba(h));
    expect(second.headers.get('x-amzn-ratelimit-limit')).toBe('2');
    const third = await call(h, 'GET', fba(h));
    expect(third.status).toBe(429);
    expect(third.body).toEqual({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] });
    expect(third.headers.get('x-amzn-ratelimit-limit')).toBeNull();
    expect(third.headers.get('x-amzn-requestid')).toBeTruthy();
    h.clock.advance(500);
    expect((await call(h, 'GET', fba(h))).status).toBe(200);
    expect(h.sb.calls().getInventorySummaries).toBe(4);
  });

  it('uses the slow real plan of searchOrders (burst 20, then one per ~180 s)', async () => {
    h = await start();
    const path = '/orders/2026-01-01/orders?createdAfter=2026-11-01T00:00:00Z';
    for (let i = 0; i < 20; i++) expect((await call(h, 'GET', path)).status).toBe(200);
    expect((await call(h, 'GET', path)).status).toBe(429);
    h.clock.advance(100_000);
    expect((await call(h, 'GET', path)).status).toBe(429);
    h.clock.advance(80_000);
    expect((await call(h, 'GET', path)).status).toBe(200);
  });

  it('drains a bucket on request, so a client retry path can be tested without a burst', async () => {
    h = await start();
    h.sb.drainBucket('getInventorySummaries');
    expect((await call(h, 'GET', fba(h))).status).toBe(429);
  });
});

describe('injected faults', () => {
  it('answers the next N calls of an operation 500, or 429/503 with Retry-After, then recovers', async () => {
    h = await start();
    h.sb.injectFault({ operation: 'getInventorySummaries', kind: '500', count: 2 });
    const r = await call(h, 'GET', fba(h));
    expect(r.status).toBe(500);
    expect(r.body.errors[0].code).toBe('InternalFailure');
    expect((await call(h, 'GET', fba(h))).status).toBe(500);
    h.clock.advance(2000);
    expect((await call(h, 'GET', fba(h))).status).toBe(200);
    await fetch(`${h.sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: '503', retryAfterSeconds: 3 }) });
    const u = await call(h, 'GET', fba(h));
    expect(u.status).toBe(503);
    expect(u.headers.get('retry-after')).toBe('3');
  });

  it('drops the connection, and answers late when told to be slow', async () => {
    h = await start();
    h.sb.injectFault({ operation: '*', kind: 'drop' });
    await expect(call(h, 'GET', fba(h))).rejects.toThrow();
    h.sb.injectFault({ operation: 'getInventorySummaries', kind: 'slow', delayMs: 150 });
    const t0 = performance.now();
    expect((await call(h, 'GET', fba(h))).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });
});

describe('control API', () => {
  it('resets to the seed and shows state and call counts', async () => {
    h = await start();
    const before = await (await fetch(`${h.sb.url}/_sandbox/state`)).json();
    h.sb.createOrder({ lines: [{ sku: 'TEA-SENCHA-100', quantity: 1 }] });
    await call(h, 'GET', fba(h));
    expect(await (await fetch(`${h.sb.url}/_sandbox/calls`)).json()).toMatchObject({ getInventorySummaries: 1 });
    expect(await (await fetch(`${h.sb.url}/_sandbox/state`)).json()).not.toEqual(before);
    expect((await fetch(`${h.sb.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(200);
    expect(await (await fetch(`${h.sb.url}/_sandbox/state`)).json()).toEqual(before);
    expect(h.sb.calls()).toEqual({});
    // The token issued before the reset still works.
    expect((await call(h, 'GET', fba(h))).status).toBe(200);
  });

  it('makes a sku fail through PUT /_sandbox/rejects/{sku}', async () => {
    h = await start();
    await fetch(`${h.sb.url}/_sandbox/rejects/KETTLE-GOOSE`, { method: 'PUT', body: JSON.stringify({ message: 'nope' }) });
    expect(h.sb.store().rejects.get('KETTLE-GOOSE')).toBe('nope');
    expect((await fetch(`${h.sb.url}/_sandbox/unknown`)).status).toBe(404);
  });
});
