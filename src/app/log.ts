// Unattended runs leave a trail: JSON lines `{time, level, msg, runId?, job?}` appended to a log
// file that is rotated by size (omni.log → omni.log.1 → … → omni.log.N, oldest dropped), and the
// same lines as plain text on stderr when a person (a terminal, or journald) is there to read
// them. Every line passes the redactor, so no credential reaches a log.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactor } from '../config/redact.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogFields {
  runId?: number | undefined;
  job?: string | undefined;
  [key: string]: unknown;
}

export interface Log {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A log whose every line carries these fields (e.g. a run's id). */
  with(fields: LogFields): Log;
}

export interface FileLogOptions {
  /** Absolute path of the JSON-lines file; undefined: no file. */
  file?: string | undefined;
  maxBytes: number;
  keep: number;
  level: Level;
  /** Where human lines go (stderr on a terminal); null: nowhere. */
  human?: NodeJS.WritableStream | null;
  now?: () => Date;
}

export function createLog(opts: FileLogOptions): Log {
  const now = opts.now ?? (() => new Date());
  if (opts.file) mkdirSync(path.dirname(opts.file), { recursive: true });
  const write = (level: Level, msg: string, fields: LogFields) => {
    if (RANK[level] < RANK[opts.level]) return;
    const time = now().toISOString();
    const entry = { time, level, ...fields, msg };
    if (opts.file) {
      const line = redactor.redact(JSON.stringify(entry)) + '\n';
      rotateIfNeeded(opts.file, Buffer.byteLength(line), opts.maxBytes, opts.keep);
      appendFileSync(opts.file, line);
    }
    if (opts.human) {
      const tag = [fields.job, fields.runId !== undefined ? `run ${fields.runId}` : undefined].filter(Boolean).join(' ');
      opts.human.write(redactor.redact(`${time.slice(0, 19).replace('T', ' ')} ${level.padEnd(5)} ${tag ? `[${tag}] ` : ''}${msg}`) + '\n');
    }
  };
  const make = (base: LogFields): Log => ({
    debug: (m, f) => write('debug', m, { ...base, ...f }),
    info: (m, f) => write('info', m, { ...base, ...f }),
    warn: (m, f) => write('warn', m, { ...base, ...f }),
    error: (m, f) => write('error', m, { ...base, ...f }),
    with: (f) => make({ ...base, ...f }),
  });
  return make({});
}

/** The `log:` block of config.yaml (file relative to the config's folder). */
export interface LogSettings { file: string; max_size_mb: number; keep: number; level: Level }

/** The log config.yaml describes, for a job, the scheduler, watch or an alert; --verbose lowers the level to debug. */
export function configuredLog(configDir: string, log: LogSettings, o: { verbose?: boolean | undefined; human: NodeJS.WritableStream | null }): Log {
  return createLog({
    file: path.resolve(configDir, log.file), maxBytes: Math.round(log.max_size_mb * 1024 * 1024), keep: log.keep,
    level: o.verbose ? 'debug' : log.level, human: o.human,
  });
}

/** Before appending `incoming` bytes: shift omni.log.(n) → .(n+1) and start a fresh file when full. */
export function rotateIfNeeded(file: string, incoming: number, maxBytes: number, keep: number): boolean {
  let size: number;
  try { size = statSync(file).size; } catch { return false; }
  if (size === 0 || size + incoming <= maxBytes) return false;
  rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    try { renameSync(`${file}.${i}`, `${file}.${i + 1}`); } catch { /* not there yet */ }
  }
  try { renameSync(file, `${file}.1`); } catch { /* another process rotated it first */ }
  return true;
}

/** Human lines where someone reads them: a terminal, or systemd's journal (JOURNAL_STREAM). */
export function humanStream(quiet: boolean, verbose: boolean): NodeJS.WritableStream | null {
  if (quiet) return null;
  return process.stderr.isTTY || process.env.JOURNAL_STREAM || verbose ? process.stderr : null;
}
