// The node:http front: LWA, the pre-signed document URLs, the control API, and every SP-API call
// through the same gate — count, faults, access token, User-Agent, usage plan — before its handler.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from './context.js';
import { internalFailure, quotaExceeded, serviceUnavailable, SpApiError } from './errors.js';
import type { SpRequest, SpResponse } from './http-util.js';
import { handleLwaToken } from './auth.js';
import { serveDocument } from './documents.js';
import { handleControl } from './control.js';
import { advanceFeeds } from './feeds.js';
import { advanceReports } from './reports.js';
import { advanceSubmissions } from './submissions.js';
import { match } from './routes.js';

/** Amazon rejects a User-Agent over 500 characters (API-NOTES [A4]). */
const MAX_USER_AGENT = 500;
const MAX_LOG = 1000;
/** Statuses whose responses declare `x-amzn-RateLimit-Limit` in the models. */
const WITH_LIMIT_HEADER = new Set([200, 201, 202, 400, 404]);

export function createServer(ctx: SandboxContext, reset: () => void): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(ctx, reset, req, Buffer.concat(chunks), res).catch((e: unknown) => {
        send(res, { status: 500, body: internalFailure().body() }, undefined);
        process.emitWarning(`amazon sandbox: ${(e as Error).stack ?? String(e)}`);
      });
    });
  });
}

async function handle(ctx: SandboxContext, reset: () => void, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const method = req.method ?? 'GET';
  const contentType = String(req.headers['content-type'] ?? '');
  // Time moves on every request: feeds and reports finish when someone looks.
  advanceFeeds(ctx);
  advanceReports(ctx);
  advanceSubmissions(ctx);
  if (url.pathname.startsWith('/_sandbox')) return send(res, handleControl(ctx, reset, method, url.pathname, body), undefined);
  if (url.pathname.startsWith('/_documents/')) {
    return send(res, serveDocument(ctx, method, decodeURIComponent(url.pathname.slice('/_documents/'.length)), url.searchParams, contentType, body), undefined);
  }
  if (url.pathname === '/auth/o2/token' && method === 'POST') {
    count(ctx, 'lwaToken');
    const r = handleLwaToken(body, contentType, ctx.store, ctx.tokens, ctx.now());
    record(ctx, 'lwaToken', method, url.pathname, r.status, req.headers['user-agent']);
    return send(res, r, undefined);
  }
  const found = match(method, url.pathname);
  if (!found || 'methodNotAllowed' in found) {
    const status = found ? 405 : 404;
    const err = new SpApiError(status, found ? 'MethodNotAllowed' : 'NotFound', found ? `${method} is not allowed on this resource.` : 'Resource not found.');
    return send(res, { status, body: err.body() }, undefined);
  }
  const { route, params } = found;
  const op = route.operation;
  count(ctx, op);
  const ua = req.headers['user-agent'];
  const r = await gate(ctx, op, req, res, ua);
  if (r === 'dropped') return record(ctx, op, method, url.pathname, 0, ua);
  let out: SpResponse;
  if (r) out = r;
  else {
    const spReq: SpRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, params, body };
    try {
      out = route.handler(ctx, spReq);
    } catch (e) {
      if (!(e instanceof SpApiError)) throw e;
      out = { status: e.status, body: e.body() };
    }
  }
  record(ctx, op, method, url.pathname, out.status, ua);
  send(res, out, WITH_LIMIT_HEADER.has(out.status) ? ctx.limiter.header(op) : undefined);
}

/** Everything that can refuse a call before its handler runs; undefined lets it through. */
async function gate(ctx: SandboxContext, op: string, req: http.IncomingMessage, res: http.ServerResponse, ua: string | undefined): Promise<SpResponse | 'dropped' | undefined> {
  const fault = ctx.faults.take(op);
  if (fault?.kind === 'drop') {
    req.socket.destroy();
    res.destroy();
    return 'dropped';
  }
  if (fault?.kind === 'slow') await (fault.hold ? fault.hold() : new Promise((r) => setTimeout(r, fault.delayMs ?? 2000)));
  const retry = fault?.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined;
  if (fault?.kind === '429') return { status: 429, body: quotaExceeded().body(), ...(retry ? { headers: retry } : {}) };
  if (fault?.kind === '500') return { status: 500, body: internalFailure().body() };
  if (fault?.kind === '503') return { status: 503, body: serviceUnavailable().body(), ...(retry ? { headers: retry } : {}) };
  const token = req.headers['x-amz-access-token'];
  const denied = ctx.tokens.check(Array.isArray(token) ? token[0] : token, ctx.now());
  if (denied) return { status: denied.status, body: denied.body() };
  if (ua !== undefined && ua.length > MAX_USER_AGENT) {
    return { status: 400, body: new SpApiError(400, 'InvalidInput', 'Invalid Input', `The User-Agent header is longer than ${MAX_USER_AGENT} characters.`).body() };
  }
  if (ctx.requireUserAgent && !ua) {
    return { status: 400, body: new SpApiError(400, 'InvalidInput', 'Invalid Input', 'The User-Agent header is required: AppId/AppVersionId (Language=LanguageNameAndVersion).').body() };
  }
  if (!ctx.limiter.take(op)) return { status: 429, body: quotaExceeded().body() };
  return undefined;
}

function count(ctx: SandboxContext, op: string): void {
  ctx.calls[op] = (ctx.calls[op] ?? 0) + 1;
}

function record(ctx: SandboxContext, operation: string, method: string, path: string, status: number, userAgent: string | undefined): void {
  ctx.requests.push({ operation, method, path, status, userAgent, at: new Date(ctx.now()).toISOString() });
  if (ctx.requests.length > MAX_LOG) ctx.requests.splice(0, ctx.requests.length - MAX_LOG);
}

function send(res: http.ServerResponse, r: SpResponse, rateLimit: string | undefined): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'x-amzn-RequestId': randomUUID(), ...(rateLimit ? { 'x-amzn-RateLimit-Limit': rateLimit } : {}), ...r.headers };
  if (r.raw) {
    res.writeHead(r.status, headers).end(r.raw);
  } else if (r.body === undefined) {
    res.writeHead(r.status, headers).end();
  } else {
    res.writeHead(r.status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(r.body));
  }
}
