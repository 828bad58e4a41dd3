// What both installers share: absolute paths for the commands they write, the environment file
// that holds the secrets (created empty, mode 600 — omni never writes a secret value), and the
// manifest of written files that `omni schedule uninstall` removes.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, visit } from 'yaml';
import type { JobConfig } from './config.js';

export const MARK = '# Written by `omni schedule install`; `omni schedule uninstall` removes it.';

export interface InstallContext {
  configFile: string;
  configDir: string;
  jobs: Record<string, JobConfig>;
  timezone: string;
  /** The node binary and bin/omni.js, absolute. */
  node: string;
  bin: string;
  /** --db, when the install was asked for one. */
  db?: string | undefined;
  envFile: string;
  /** config.yaml has a `watch:` block: systemd also gets an `omni watch` service. */
  watch?: boolean | undefined;
}

/** `omni` command line for a job (or the scheduler), as argv, absolute paths. */
export function omniArgv(ctx: InstallContext, tail: readonly string[]): string[] {
  return [ctx.node, ctx.bin, '--config', ctx.configFile, ...(ctx.db ? ['--db', ctx.db] : []), '--quiet', ...tail];
}

export function enabledJobs(ctx: InstallContext): [string, JobConfig][] {
  return Object.entries(ctx.jobs).filter(([, j]) => j.enabled);
}

/** `omni schedule run` with the env file omni reads itself (never sourced by a shell). */
export function runArgv(ctx: InstallContext, job?: string): string[] {
  return omniArgv(ctx, ['schedule', 'run', ...(job ? ['--job', job] : []), '--env-file', ctx.envFile]);
}

/** The `${NAME}` variables config.yaml's values use — values only: comments and keys do not count. */
export function configVariables(text: string): string[] {
  const found = new Set<string>();
  const doc = parseDocument(text);
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      for (const m of node.value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) found.add(m[1]!);
    },
  });
  return [...found].sort();
}

/** The header of a new env file: its exact format (see env-file.ts, which reads it). */
export const ENV_FILE_HEADER = [
  "# Secrets for omni. Every omni command reads this file itself (it sits beside config.yaml; the",
  '# scheduled jobs name it with --env-file): no shell and no systemd parsing, so a value means the same',
  '# under cron, systemd and a terminal. A variable set in the environment wins over this file.',
  '# Format, one variable a line:',
  '#   NAME=value',
  "# Everything after the first \"=\" is the value, as it is: no quotes needed, and | $ ` \\ ' \" and #",
  '# inside a value are ordinary characters (paste an Amazon token like Atzr|IwEBI... as it is).',
  '# Spaces around a value are dropped; to keep them, put the whole value in "..." or \'...\' (nothing is',
  '# escaped inside). Lines starting with # are comments, and so is " # ..." after an unquoted value.',
  '# Values are one line. Keep this file private (mode 600) and out of backups you share.',
];

/** Create the environment file if missing: its format, and comments naming the variables config.yaml uses. */
export function ensureEnvFile(ctx: Pick<InstallContext, 'configFile' | 'envFile'>): { created: boolean; variables: string[] } {
  const variables = configVariables(readFileSync(ctx.configFile, 'utf8'));
  if (existsSync(ctx.envFile)) return { created: false, variables };
  writeFileSync(ctx.envFile, [
    ...ENV_FILE_HEADER,
    ...(variables.length ? ['#', '# config.yaml uses (remove the "# " and put the value after "="):', ...variables.map((v) => `# ${v}=`)] : ['#', '# config.yaml uses no ${VARIABLES} yet.']),
    '',
  ].join('\n'), { mode: 0o600 });
  chmodSync(ctx.envFile, 0o600);
  return { created: true, variables };
}

export interface Manifest { version: 1; kind: string; files: string[]; writtenAt: string }

export function manifestFile(configDir: string): string {
  return path.join(configDir, '.omni-schedule-install.json');
}

export function readManifest(configDir: string): Manifest | undefined {
  try { return JSON.parse(readFileSync(manifestFile(configDir), 'utf8')) as Manifest; } catch { return undefined; }
}

export function writeManifest(configDir: string, m: Manifest): void {
  writeFileSync(manifestFile(configDir), JSON.stringify(m, null, 2) + '\n');
}

/** Remove the files a manifest lists — only those still carrying omni's mark. */
export function removeInstalled(m: Manifest, keep: ReadonlySet<string> = new Set()): { removed: string[]; kept: string[] } {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const f of m.files) {
    if (keep.has(f)) continue;
    let text: string;
    try { text = readFileSync(f, 'utf8'); } catch { continue; } // already gone
    if (!text.includes(MARK)) { kept.push(f); continue; } // edited by hand: not ours any more
    rmSync(f, { force: true });
    removed.push(f);
  }
  return { removed, kept };
}
