// A server that echoes the request headers in its error body (a proxy's debug page, a misconfigured
// gateway) must not carry the token anywhere: not whole, not cut to its first characters. The body
// used to be cut to 200 characters and then redacted by whole secrets only, so the first 14
// characters of a Shopify token reached the journal, the log, every report, status, runs and the
// alert webhook.
import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { omni, omniRun, workspace, cleanup } from '../support/workspace.js';
import { HttpClient, HttpError } from '../../src/http/client.js';
import { redactor } from '../../src/config/redact.js';

const TOKEN = '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';
const CUT_AT = 200; // the Shopify connector's cut of an error body
const dirs: string[] = [];
const servers: http.Server[] = [];
afterAll(() => { dirs.forEach(cleanup); servers.forEach((s) => s.close()); });

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** 400 with the request's headers in the body, padded so that a secret header value straddles `cutAt`. */
function echoHeaders(secretHeader: string, cutAt: number): http.RequestListener {
  return (req, res) => {
    req.resume();
    req.on('end', () => {
      // the credential header first, as a debug page that lists "the interesting ones" does
      const names = Object.keys(req.headers).sort((a, b) => Number(b === secretHeader) - Number(a === secretHeader));
      const echoed = names.map((n) => `${n}: ${String(req.headers[n])}`).join('; ');
      const body = (pad: string) => JSON.stringify({ errors: [{ message: `${pad}Bad request. Headers received: ${echoed}` }] });
      const value = String(req.headers[secretHeader] ?? '').replace(/^Bearer /, '');
      const at = value ? body('').indexOf(value) : -1;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(body('x'.repeat(Math.max(0, cutAt - 14 - at))));
    });
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('a server that echoes the token in an error body', () => {
  it('leaves no trace of it, whole or as its first characters, anywhere omni writes', async () => {
    const shopify = await listen(echoHeaders('x-shopify-access-token', CUT_AT));
    const hooks: string[] = [];
    let hooked!: () => void;
    const firstHook = new Promise<void>((r) => { hooked = r; });
    const hook = await listen((req, res) => { let b = ''; req.on('data', (c: Buffer) => { b += c.toString(); }); req.on('end', () => { hooks.push(b); hooked(); res.end('ok'); }); });
    const dir = workspace(`database: omni.sqlite
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
channels:
  shopify:
    type: shopify
    shop: leak-test
    endpoint: ${shopify}
    access_token: \${SHOPIFY_TOKEN}
    stock_from: [store]
    location_map: { store: "gid://shopify/Location/1" }
schedules:
  sync:
    cron: "*/15 * * * *"
    command: "sync --all --report md,json,csv,html"
alerts:
  webhook: ${hook}/hook
  interval_minutes: 60
log: { file: logs/omni.log, level: debug }
`);
    dirs.push(dir);
    const env = { SHOPIFY_TOKEN: TOKEN };
    expect(omni(dir, ['init'], env).code).toBe(0);
    expect(omni(dir, ['products', 'add', 'MUG', '-t', 'Mug'], env).code).toBe(0);

    const outputs: string[] = [];
    const run = async (args: string[]) => { const r = await omniRun(dir, args, env); outputs.push(r.stdout, r.stderr); return r; };
    const job = await run(['schedule', 'run', '--job', 'sync']);
    expect(job.code).not.toBe(0);
    await run(['sync', '--all', '--report', 'md,json,csv,html']);
    for (const args of [['status'], ['--json', 'status'], ['runs'], ['--json', 'runs'], ['runs', 'show', '1'], ['--json', 'runs', 'show', '1'], ['doctor'], ['-v', 'sync', '--all']]) await run(args);
    await firstHook; // the alert's webhook: awaited as an event (the test's own timeout is the cap)

    const db = new Database(path.join(dir, 'omni.sqlite'), { readonly: true });
    const journal = db.prepare('SELECT * FROM sync_runs').all() as { error: string | null }[];
    const everything = JSON.stringify(db.prepare('SELECT * FROM sync_runs').all()) + JSON.stringify(db.prepare('SELECT * FROM sync_changes').all());
    db.close();
    // the failure itself is visible, with the vendor's message (so this test is not vacuous)
    expect(journal.some((r) => r.error?.includes('HTTP 400: {"errors":[{"message":"xxx')), JSON.stringify(journal)).toBe(true);
    expect(hooks.length).toBeGreaterThan(0);

    const written = filesUnder(dir).filter((f) => !/omni\.sqlite/.test(f) && !f.endsWith('config.yaml')).map((f) => readFileSync(f, 'utf8'));
    expect(filesUnder(path.join(dir, 'reports')).map((f) => path.extname(f))).toEqual(expect.arrayContaining(['.md', '.json', '.csv', '.html']));
    expect(readFileSync(path.join(dir, 'logs', 'omni.log'), 'utf8')).toContain('HTTP 400');
    for (const text of [everything, ...written, ...outputs, ...hooks]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN.slice(0, 14));
      expect(text).not.toContain(TOKEN.slice(0, 8));
    }
  }, 180_000);
});

describe('the HTTP client', () => {
  it('redacts a token it was never told about (sent in a credential header) before cutting the body', async () => {
    const runtimeToken = 'Atza|IwEBIJr8dLq2uYv0pZ3xQ7mN1kS9aB4cD6eF';
    const url = await listen(echoHeaders('x-amz-access-token', 120));
    const client = new HttpClient({ retry: { retries: 0 }, describeError: (_s, body) => body.slice(0, 120) });
    const err = await client.send({ operation: 'getOrders', method: 'GET', url, headers: { 'x-amz-access-token': runtimeToken } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    const message = (err as HttpError).message;
    expect(message).toContain('HTTP 400');
    expect(message).not.toContain(runtimeToken.slice(0, 8));
    // and from now on it is a secret everywhere
    expect(redactor.redact(`token ${runtimeToken.slice(0, 20)}… cut`)).not.toContain(runtimeToken.slice(0, 8));
  });
});
