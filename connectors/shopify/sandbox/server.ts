// The loopback HTTP front: Shopify's GraphQL path with access-token auth, bulk result files,
// and the /_sandbox control endpoints. Faults are applied here, before any work is done.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { API_VERSION } from '../queries.js';
import { handleGraphql, type GraphqlBody, type Reply } from './graphql-handler.js';
import { handleControl } from './control.js';
import type { SandboxEngine } from './engine.js';

export const GRAPHQL_PATH = `/admin/api/${API_VERSION}/graphql.json`;
/** Shopify's body for a missing or wrong access token, with HTTP 401. */
export const INVALID_TOKEN_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
const MAX_BODY = 5 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.length; if (size > MAX_BODY) { reject(new Error('body too large')); req.destroy(); } else chunks.push(c); });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: Reply): void {
  res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': randomUUID(), ...r.headers });
  res.end(JSON.stringify(r.body));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function graphql(engine: SandboxEngine, token: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const fault = engine.faults.next();
  if (fault?.kind === 'drop') { req.socket.destroy(); return; }
  if (fault?.kind === 'slow') await sleep(fault.delayMs);
  if (req.headers['x-shopify-access-token'] !== token) return send(res, { status: 401, body: INVALID_TOKEN_BODY });
  if (fault?.kind === 'http429') {
    return send(res, { status: 429, headers: { 'retry-after': String(fault.retryAfterSeconds ?? 2) }, body: { errors: 'Exceeded the rate limit for this store. Reduce request rates to resume uninterrupted service.' } });
  }
  if (fault?.kind === 'status') {
    return send(res, { status: fault.status, body: { errors: [{ message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${randomUUID()} (include this in support requests).`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
  }
  let body: GraphqlBody;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/graphql')) body = { query: raw };
  else {
    try { body = JSON.parse(raw) as GraphqlBody; } catch { return send(res, { status: 400, body: { errors: 'Invalid JSON in request body' } }); }
  }
  for (const hook of engine.hooks.filter((h) => typeof body.query === 'string' && new RegExp(`\\b${h.field}\\b`).test(body.query))) {
    engine.hooks.splice(engine.hooks.indexOf(hook), 1);
    await hook.run();
  }
  send(res, await handleGraphql(engine, body, fault?.kind === 'throttled'));
}

export function createServer(engine: SandboxEngine, token: string): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const route = async (): Promise<void> => {
      if (url.pathname === GRAPHQL_PATH) {
        if (req.method !== 'POST') return send(res, { status: 405, body: { errors: 'Method Not Allowed' } });
        return graphql(engine, token, req, res);
      }
      const bulk = /^\/bulk\/(\d+)\.jsonl$/.exec(url.pathname);
      if (bulk && req.method === 'GET') {
        const file = engine.bulk.file(bulk[1]!);
        if (file === undefined) return send(res, { status: 404, body: { errors: 'Not Found' } });
        res.writeHead(200, { 'content-type': 'application/jsonl' });
        res.end(file);
        return;
      }
      if (url.pathname.startsWith('/_sandbox/')) {
        const raw = await readBody(req);
        let body: unknown;
        try { body = raw ? JSON.parse(raw) : undefined; } catch { return send(res, { status: 400, body: { error: 'invalid JSON' } }); }
        return send(res, await handleControl(engine, req.method ?? 'GET', url.pathname.slice('/_sandbox'.length), body));
      }
      send(res, { status: 404, body: { errors: 'Not Found' } });
    };
    route().catch((e: unknown) => {
      // A sandbox bug, not a simulated fault: answer 500 with the message so the test shows it.
      if (!res.headersSent) send(res, { status: 500, body: { errors: `sandbox error: ${e instanceof Error ? e.message : String(e)}` } });
      else res.destroy();
    });
  });
}
