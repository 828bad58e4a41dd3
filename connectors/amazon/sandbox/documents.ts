// Feed and report documents: the pre-signed URLs the sandbox hands out and serves itself (on
// Amazon they point at S3). They expire after 5 minutes; an upload must keep its Content-Type.
import { gzipSync } from 'node:zlib';
import type { SandboxContext } from './context.js';
import type { Document } from './store.js';
import type { SpResponse } from './http-util.js';

export const URL_TTL_MS = 5 * 60_000;

export function newDocument(ctx: SandboxContext, kind: Document['kind'], contentType: string, body?: Buffer): Document {
  const n = ctx.store.nextId();
  const id = `amzn1.tortuga.4.eu.${n.toString(16).padStart(8, '0')}-sbx0-4000-8000-${String(n).padStart(12, '0')}`;
  const doc: Document = { id, kind, contentType, createdAt: ctx.now(), ...(body ? { body } : {}) };
  ctx.store.documents.set(id, doc);
  return doc;
}

/** Store a result document, gzipped when the sandbox is told to behave like Amazon's large reports. */
export function storeResult(ctx: SandboxContext, kind: Document['kind'], contentType: string, text: string): Document {
  const body = Buffer.from(text, 'utf8');
  const doc = newDocument(ctx, kind, contentType, ctx.gzipDocuments ? gzipSync(body) : body);
  if (ctx.gzipDocuments) doc.compression = 'GZIP';
  return doc;
}

export function presignedUrl(ctx: SandboxContext, doc: Document, contentEncodingHeader = false): string {
  const u = new URL(`/_documents/${encodeURIComponent(doc.id)}`, ctx.baseUrl());
  u.searchParams.set('X-Amz-Expires', String(URL_TTL_MS / 1000));
  u.searchParams.set('X-Amz-Date', String(ctx.now()));
  if (contentEncodingHeader) u.searchParams.set('response-content-encoding', 'gzip');
  u.searchParams.set('X-Amz-Signature', 'sandbox');
  return u.toString();
}

const s3Error = (status: number, code: string, message: string): SpResponse => ({
  status, headers: { 'content-type': 'application/xml' },
  raw: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`),
});

/** PUT (upload a feed) or GET (download a result or report) on a pre-signed document URL. */
export function serveDocument(ctx: SandboxContext, method: string, id: string, query: URLSearchParams, contentType: string, body: Buffer): SpResponse {
  const doc = ctx.store.documents.get(id);
  const issued = Number(query.get('X-Amz-Date'));
  if (!doc || !Number.isFinite(issued)) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  if (ctx.now() > issued + URL_TTL_MS) return s3Error(403, 'AccessDenied', 'Request has expired');
  if (method === 'PUT') {
    if (doc.kind !== 'feed-input') return s3Error(403, 'AccessDenied', 'Access Denied');
    // The URL is signed for the Content-Type given to createFeedDocument.
    if (norm(contentType) !== norm(doc.contentType)) return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    doc.body = body;
    return { status: 200, raw: Buffer.alloc(0) };
  }
  if (method !== 'GET') return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  if (!doc.body) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  const headers: Record<string, string> = { 'content-type': doc.contentType };
  if (query.get('response-content-encoding') === 'gzip' && doc.compression === 'GZIP') headers['content-encoding'] = 'gzip';
  return { status: 200, headers, raw: doc.body };
}

const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, '');
