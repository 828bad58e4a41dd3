// Small request helpers shared by the handlers: list parameters, JSON bodies, opaque page tokens.
import { invalidInput, SpApiError } from './errors.js';

export interface SpRequest {
  method: string; path: string; query: URLSearchParams; headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>; body: Buffer;
}

export interface SpResponse { status: number; body?: unknown; headers?: Record<string, string>; raw?: Buffer }

export const ok = (body: unknown, status = 200): SpResponse => ({ status, body });

/** Swagger 2.0 `collectionFormat: csv` lists; repeated parameters are accepted too. */
export function list(q: URLSearchParams, name: string): string[] {
  return q.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function required(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (!v) throw invalidInput(`Missing required parameter '${name}'.`);
  return v;
}

export function int(q: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw invalidInput(`'${name}' must be an integer from ${min} to ${max}.`);
  return n;
}

export function time(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw invalidInput(`'${name}' must be an ISO 8601 date-time.`);
  return t;
}

export function jsonBody<T>(req: SpRequest): T {
  const type = String(req.headers['content-type'] ?? '');
  if (req.body.length && !/json/i.test(type)) throw new SpApiError(415, 'UnsupportedMediaType', 'The request payload is in an unsupported format.');
  try {
    return JSON.parse(req.body.toString('utf8')) as T;
  } catch {
    throw invalidInput('The request body is not valid JSON.');
  }
}

/** Opaque tokens that carry the position and the query they belong to, like Amazon's. */
export function encodeToken(data: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

export function decodeToken<T>(token: string, name: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw invalidInput(`Invalid ${name}.`);
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
