// A supplier feed from a URL, against a local HTTP server on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACME, fixture, items, setup, type TestWs } from './helpers.js';

let server: Server;
let base = '';
const acme = readFileSync(fixture('acme.csv'));

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/feed.csv')) { res.writeHead(200, { 'content-type': 'text/csv' }); res.end(acme); }
    else if (url === '/old-feed') { res.writeHead(302, { location: '/feed.csv?token=abc' }); res.end(); }
    else if (url === '/loop') { res.writeHead(302, { location: '/loop' }); res.end(); }
    else if (url === '/empty.csv') { res.writeHead(200); res.end(); }
    else if (url === '/broken.csv') { res.writeHead(500); res.end('database exploded'); }
    else if (url === '/slow.csv') { /* never answers */ }
    else { res.writeHead(404); res.end('Not Found'); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => { server.closeAllConnections(); server.close(); });

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; });

describe('supplier feed from a URL', () => {
  it('downloads and imports (200), following redirects, without showing the query', async () => {
    ws = setup(ACME);
    const s = await ws.run({ supplier: 'acme', source: `${base}/feed.csv?token=secret` });
    expect(s).toMatchObject({ status: 'ok', source: `${base}/feed.csv`, format: 'csv' });
    expect(items(ws.db)).toHaveLength(5);
    const r = await ws.run({ supplier: 'acme', source: `${base}/old-feed` });
    expect(r.counts.unchanged).toBe(5);
  });

  it('names the status of a 404 and a 500, and an empty download', async () => {
    ws = setup(ACME);
    await expect(ws.run({ supplier: 'acme', source: `${base}/gone.csv` })).rejects.toMatchObject({ exitCode: 2, message: `Downloading ${base}/gone.csv failed: HTTP 404 — Not Found.` });
    await expect(ws.run({ supplier: 'acme', source: `${base}/broken.csv` })).rejects.toMatchObject({ message: `Downloading ${base}/broken.csv failed: HTTP 500 — database exploded.` });
    await expect(ws.run({ supplier: 'acme', source: `${base}/empty.csv` })).rejects.toMatchObject({ message: `Downloading ${base}/empty.csv gave an empty file (0 bytes); nothing was imported.` });
    await expect(ws.run({ supplier: 'acme', source: `${base}/loop` })).rejects.toMatchObject({ message: expect.stringMatching(/failed: .*redirect/i) });
    expect(items(ws.db)).toEqual([]);
  });

  it('gives up on a server that does not answer within timeout_seconds', async () => {
    ws = setup(ACME.replace('    columns:', '    timeout_seconds: 1\n    columns:'));
    const t = Date.now();
    await expect(ws.run({ supplier: 'acme', source: `${base}/slow.csv` })).rejects.toMatchObject({ message: `Downloading ${base}/slow.csv failed: no answer within 1 s.` });
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
