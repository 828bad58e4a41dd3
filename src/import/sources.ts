// Where a supplier feed comes from: a file, a glob in the file name (the newest match wins), or
// an http(s) URL downloaded to a temp file first (so a slow server never holds the database
// transaction open, and the file can be read twice: once to check its encoding).
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { Agent, interceptors, request } from 'undici';
import { usageError, UserError } from '../core/errors.js';
import { redactor, redactEchoedHeaders } from '../config/redact.js';

export interface LocalSource {
  /** The local file to read. */
  path: string;
  /** What to call it in messages: the file name, or the URL without its query. */
  display: string;
  /** The name the format is guessed from (the URL's path for downloads). */
  nameForFormat: string;
  bytes: number;
  cleanup(): void;
}

export interface SourceOptions {
  /** Folder relative paths are resolved from. */
  baseDir: string;
  timeoutMs?: number;
  maxRedirections?: number;
}

export async function resolveSource(spec: string, opts: SourceOptions): Promise<LocalSource> {
  if (/^https?:\/\//i.test(spec)) return download(spec, opts);
  const abs = path.resolve(opts.baseDir, spec.replace(/^~(?=\/|$)/, os.homedir()));
  const file = /[*?[]/.test(path.basename(abs)) ? newestMatch(abs) : abs;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw usageError(`Cannot read the supplier file ${file}.`, 'Check the path (relative paths in config.yaml start from its folder).');
  }
  return { path: file, display: path.basename(file), nameForFormat: file, bytes: size, cleanup: () => undefined };
}

/** `feeds/acme-*.csv` → the newest file matching (wildcards in the file name only). */
export function newestMatch(pattern: string): string {
  const dir = path.dirname(pattern);
  const re = globToRegExp(path.basename(pattern));
  let names: string[];
  try { names = readdirSync(dir); } catch { throw usageError(`Cannot read the folder ${dir} (from ${pattern}).`); }
  let best: { file: string; mtime: number } | undefined;
  for (const name of names) {
    if (!re.test(name)) continue;
    const file = path.join(dir, name);
    const st = statSync(file);
    if (st.isFile() && (!best || st.mtimeMs > best.mtime)) best = { file, mtime: st.mtimeMs };
  }
  if (!best) throw usageError(`No file matches ${pattern}.`, 'Check the folder and the pattern (* and ? work in the file name).');
  return best.file;
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[' || c === ']') re += c;
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The URL without query or fragment: those often hold a token. */
export function displayUrl(url: string): string {
  try { const u = new URL(url); return `${u.origin}${u.pathname}`; } catch { return url.replace(/[?#].*$/, ''); }
}

async function download(url: string, opts: SourceOptions): Promise<LocalSource> {
  const shown = displayUrl(url);
  // a password or a token in the URL is a secret wherever a server echoes it back
  try {
    const u = new URL(url);
    redactor.add(decodeURIComponent(u.password));
    for (const [k, v] of u.searchParams) if (/key|token|secret|sig|auth|pass|code/i.test(k)) redactor.add(v);
  } catch { /* not a URL: request() says so */ }
  const timeout = opts.timeoutMs ?? 60_000;
  const agent = new Agent({ headersTimeout: timeout, bodyTimeout: timeout, connectTimeout: timeout })
    .compose(interceptors.redirect({ maxRedirections: opts.maxRedirections ?? 5 }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-feed-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, path.basename(new URL(url).pathname) || 'feed');
  try {
    const res = await request(url, { dispatcher: agent, method: 'GET', headers: { 'user-agent': 'omni (supplier import)' } });
    if (res.statusCode >= 300) {
      // redacted before it is cut: a cut inside a token would leave its first characters
      const text = redactor.redact(redactEchoedHeaders(await res.body.text().catch(() => ''))).slice(0, 200).replace(/\s+/g, ' ').trim();
      const redirect = res.statusCode < 400 ? ' (too many redirects, or a redirect without a Location)' : '';
      throw usageError(`Downloading ${shown} failed: HTTP ${res.statusCode}${redirect}${text ? ` — ${text}` : ''}.`,
        res.statusCode === 404 ? 'Check the URL in config.yaml (`file:`) or on the command line.'
          : res.statusCode === 401 || res.statusCode === 403 ? 'The supplier refused access: check the credentials in the URL.'
            : 'The supplier\'s server had a problem; try again later.');
    }
    await pipeline(res.body, createWriteStream(file));
    const bytes = statSync(file).size;
    if (bytes === 0) throw usageError(`Downloading ${shown} gave an empty file (0 bytes); nothing was imported.`, 'The supplier\'s feed may be being regenerated; try again later.');
    return { path: file, display: shown, nameForFormat: new URL(url).pathname, bytes, cleanup };
  } catch (e) {
    cleanup();
    if (e instanceof UserError) throw e;
    const err = e as Error & { code?: string };
    const timedOut = /Timeout/i.test(err.code ?? '') || /timeout/i.test(err.message);
    throw usageError(`Downloading ${shown} failed: ${timedOut ? `no answer within ${Math.round(timeout / 1000)} s` : err.message}.`,
      timedOut ? 'Try again later, or raise `timeout_seconds` for this supplier.' : 'Check the URL and the network.');
  } finally {
    await agent.close().catch(() => undefined);
  }
}
