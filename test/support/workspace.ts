// Test helpers: real temp folders, real SQLite files, the real CLI in a child process.
import { mkdtempSync, writeFileSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, closeDb } from '../../src/db/open.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'omni.js');

export function tempDir(prefix = 'omni-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const BASIC_CONFIG = `database: omni.sqlite
currency: EUR
lock_timeout_seconds: 2
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
  - { code: amazon-fba, kind: channel, managed_by: amazon }
channels:
  shopify:
    type: shopify
    stock_from: [warehouse, store]
    buffer: 2
  amazon:
    type: amazon
    stock_from: [warehouse]
    allocation: "80%"
`;

/** A folder with config.yaml (BASIC_CONFIG unless given). */
export function workspace(config = BASIC_CONFIG): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'config.yaml'), config);
  return dir;
}

/**
 * A new, migrated master in `dir` (as `omni init` makes it, without loading the config, whose
 * secrets a test may leave unset): only init and demo create one, every other command refuses.
 */
export function withMaster(dir: string, file = 'omni.sqlite'): string {
  closeDb(openDb(path.join(dir, file), { create: true }));
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function omni(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function omniJson<T>(cwd: string, args: readonly string[]): T {
  const r = omni(cwd, ['--json', ...args]);
  if (r.code !== 0) throw new Error(`omni ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * The CLI without blocking this process: needed when the server it talks to (a sandbox) runs in
 * the test's own event loop, which spawnSync would freeze.
 */
export function omniRun(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = omniAsync(cwd, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

export function omniAsync(cwd: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
}

/** The CLI bound to one workspace and its secrets' environment, as the e2e worlds use it. */
export interface BoundCli {
  run(args: string[]): Promise<CliResult>;
  /** `--json` output; exit 0 or 3 (a refused or partly applied run still prints its report). */
  json<T>(args: string[]): Promise<T>;
  /** Every report file written so far, concatenated (for "no secret leaked" checks). */
  reports(): string;
}

export function boundCli(dir: string, env: Record<string, string>): BoundCli {
  const run = (args: string[]) => omniRun(dir, args, env);
  return {
    run,
    json: async <T>(args: string[]) => {
      const r = await run(['--json', ...args]);
      if (r.code !== 0 && r.code !== 3) throw new Error(`omni ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    reports: () => {
      const d = path.join(dir, 'reports');
      try { return readdirSync(d).map((f) => readFileSync(path.join(d, f), 'utf8')).join('\n'); } catch { return ''; }
    },
  };
}
