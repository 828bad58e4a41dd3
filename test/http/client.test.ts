// The shared HTTP client against a real server on loopback: retries, Retry-After, give-up, redaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, HttpError } from '../../src/http/client.js';
import { TokenBucket } from '../../src/http/token-bucket.js';
import { redactor } from '../../src/config/redact.js';
import { formatWait, isWaitTooLong } from '../../src/http/waits.js';

let server: http.Server;
let base: string;
const script: ((res: http.ServerResponse, req: http.IncomingMessage) => void)[] = [];
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    const step = script.shift();
    if (step) step(res, req); else { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const fast = { retries: 3, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 300 };

describe('HttpClient', () => {
  it('retries 429 honouring Retry-After, then 500, then succeeds', async () => {
    hits = 0;
    script.push((res) => { res.writeHead(429, { 'retry-after': '0.2' }); res.end('slow down'); });
    script.push((res) => { res.writeHead(500); res.end('oops'); });
    const retries: number[] = [];
    // An injected clock: the waits are recorded, not slept on the wall clock.
    const slept: number[] = [];
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => { slept.push(ms); now += ms; } };
    const client = new HttpClient({ retry: fast, clock, onRetry: (_op, _n, delay) => retries.push(delay) });
    const r = await client.send({ operation: 'op', method: 'GET', url: `${base}/x` });
    expect(r.json()).toEqual({ ok: true });
    expect(hits).toBe(3);
    expect(retries[0]).toBeGreaterThanOrEqual(200);
    expect(slept[0]).toBeGreaterThanOrEqual(200); // Retry-After: 0.2 was waited out before the retry
  });

  it('survives a dropped connection and a timeout', async () => {
    hits = 0;
    script.push((_res, req) => req.socket.destroy());
    script.push(() => undefined); // never answers: the client times out
    const r = await new HttpClient({ retry: fast }).send({ operation: 'op', method: 'GET', url: `${base}/x` });
    expect(r.status).toBe(200);
    expect(hits).toBe(3);
  });

  it('does not retry a 4xx, and its error names the operation and the vendor message, redacted', async () => {
    hits = 0;
    redactor.add('tok-abcdef-123456');
    script.push((res) => { res.writeHead(403); res.end('{"errors":[{"message":"bad token tok-abcdef-123456"}]}'); });
    const err = await new HttpClient({ retry: fast }).send({ operation: 'getThing', method: 'GET', url: `${base}/x` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(403);
    expect((err as Error).message).toContain('getThing: HTTP 403');
    expect((err as Error).message).not.toContain('tok-abcdef-123456');
    expect(hits).toBe(1);
  });

  it('gives up after the retries with the last status', async () => {
    for (let i = 0; i < 4; i++) script.push((res) => { res.writeHead(503); res.end('down'); });
    const err = await new HttpClient({ retry: fast }).send({ operation: 'op', method: 'GET', url: `${base}/x` }).catch((e: unknown) => e);
    expect((err as HttpError).status).toBe(503);
    expect((err as HttpError).attempts).toBe(4);
  });
});

describe('TokenBucket', () => {
  it('never lets more than burst + rate × t through', async () => {
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => { now += ms; } };
    const b = new TokenBucket(5, 10, clock);
    for (let i = 0; i < 60; i++) await b.take();
    // 10 at once, then 50 more at 5/s = 10 s
    expect(now).toBeGreaterThanOrEqual(10_000);
    expect(now).toBeLessThan(10_300);
  });
});

describe('capped waits', () => {
  const clock = () => { let t = 0; const slept: number[] = []; return { now: () => t, sleep: async (ms: number) => { slept.push(ms); t += ms; }, slept }; };

  it('does not wait out a Retry-After over the cap: it fails at once, saying what and how long', async () => {
    hits = 0;
    script.push((res) => { res.writeHead(429, { 'retry-after': '90' }); res.end('slow down'); });
    const c = clock();
    const client = new HttpClient({ retry: fast, clock: c, waits: { maxMs: 60_000 } });
    const e = await client.send({ operation: 'patchListingsItem', method: 'GET', url: `${base}/x` }).catch((x: unknown) => x);
    expect(isWaitTooLong(e)).toBe(true);
    expect((e as Error).message).toBe('patchListingsItem answered HTTP 429 and asked to wait (Retry-After) before trying again: would have to wait 90 s, longer than max_wait_seconds (60 s).');
    expect(c.slept).toEqual([]);
    expect(hits).toBe(1);
  });

  it('waits a Retry-After under the cap on its clock and announces it in one line', async () => {
    script.push((res) => { res.writeHead(503, { 'retry-after': '30' }); res.end(''); });
    const c = clock();
    const said: string[] = [];
    const client = new HttpClient({ retry: fast, clock: c, waits: { maxMs: 60_000, announce: (l) => said.push(l) } });
    expect((await client.send({ operation: 'getFeed', method: 'GET', url: `${base}/x` })).status).toBe(200);
    expect(c.slept).toEqual([30_000]);
    expect(said).toEqual(['waiting 30 s: getFeed answered HTTP 503 and asked to wait (Retry-After) before trying again']);
  });

  it('a token bucket refuses a take that would wait past the cap, and takes nothing', async () => {
    const c = clock();
    const bucket = new TokenBucket(0.0056, 20, c);
    bucket.drain();
    await expect(bucket.take(1, { maxMs: 60_000 }, "Amazon's rate limit for searchOrders")).rejects.toThrow(/searchOrders: would have to wait 2 min 59 s, longer than max_wait_seconds \(60 s\)/);
    expect(c.slept).toEqual([]);
    c.sleep(180_000);
    await bucket.take(1, { maxMs: 60_000 });
    expect(bucket.available).toBeLessThan(1);
  });

  it('formats waits for people', () => {
    expect([4000, 90_000, 184_000, 7_200_000].map(formatWait)).toEqual(['4 s', '90 s', '3 min 4 s', '2 h']);
  });
});

