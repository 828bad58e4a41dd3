// What both installers share: absolute paths for the commands they write, the environment file
// that holds the secrets (created empty, mode 600 — omni never writes a secret value), and the
// manifest of written files that `omni schedule uninstall` removes.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
}

/** `omni` command line for a job (or the scheduler), as argv, absolute paths. */
export function omniArgv(ctx: InstallContext, tail: readonly string[]): string[] {
  return [ctx.node, ctx.bin, '--config', ctx.configFile, ...(ctx.db ? ['--db', ctx.db] : []), '--quiet', ...tail];
}

export function enabledJobs(ctx: InstallContext): [string, JobConfig][] {
  return Object.entries(ctx.jobs).filter(([, j]) => j.enabled);
}

/** Create the environment file if missing: comments naming the variables config.yaml uses. */
export function ensureEnvFile(ctx: InstallContext): { created: boolean; variables: string[] } {
  const text = readFileSync(ctx.configFile, 'utf8');
  const variables = [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))].sort();
  if (existsSync(ctx.envFile)) return { created: false, variables };
  writeFileSync(ctx.envFile, [
    '# Secrets for omni\'s scheduled jobs: NAME=value, one a line (read by systemd\'s EnvironmentFile=',
    '# and sourced by the cron lines). Keep this file private (mode 600) and out of backups you share.',
    ...(variables.length ? ['# config.yaml uses:', ...variables.map((v) => `# ${v}=`)] : ['# config.yaml uses no ${VARIABLES} yet.']),
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
