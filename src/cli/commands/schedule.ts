// `omni schedule run | list | install | uninstall`.
import { isPostgresUrl, urlPassword } from '../../db/pg/url.js';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace, configPath, type Workspace } from '../../app/workspace.js';
import { openScheduleEnv } from '../../app/schedule/env.js';
import { runForever, runOnce } from '../../app/schedule/runner.js';
import { readScheduleSettings } from '../../app/schedule/config.js';
import { assertJobCommands } from '../../app/schedule/command-check.js';
import { loadEnvFile } from '../../app/schedule/env-file.js';
import { parseCron, nextRuns, formatInZone } from '../../app/schedule/cron.js';
import { latestRun } from '../../db/schedule-state.js';
import { ensureEnvFile, readManifest, removeInstalled, writeManifest, manifestFile, type InstallContext } from '../../app/schedule/install-common.js';
import { systemdUnits, systemdDir, systemdNextSteps, type SystemdMode } from '../../app/schedule/install-systemd.js';
import { crontabLines } from '../../app/schedule/install-cron.js';
import { jobUser } from '../../app/schedule/run-as.js';
import { packageRoot } from '../../package-root.js';
import { usageError } from '../../core/errors.js';

export async function run(_a: unknown[], o: { job?: string; envFile?: string }, g: GlobalOptions): Promise<number> {
  // Before the config is read: its ${VARIABLES} come from here (omni.env beside the config was
  // read already, like for every command). omni parses the file itself.
  if (o.envFile) loadEnvFile(o.envFile);
  const { env, ws } = await openScheduleEnv(g);
  try {
    if (o.job) {
      if (!env.settings.jobs[o.job]) throw usageError(`No job "${o.job}" under schedules: in config.yaml.`, `Jobs: ${Object.keys(env.settings.jobs).join(', ') || '(none)'}.`);
      return await runOnce(env, o.job, process.stdin.isTTY ? 'by hand' : 'timer');
    }
    return await runForever(env);
  } finally { ws.close(); }
}

export async function list(_a: unknown[], o: { next?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const s = readScheduleSettings(ws.config);
    assertJobCommands(ws.file, s.jobs);
    const count = Math.max(1, Math.min(50, Number(o.next ?? 3) || 3));
    const now = new Date();
    const rows = Object.entries(s.jobs).map(([name, j]) => {
      const cron = parseCron(j.cron);
      const last = latestRun(ws.db, `schedule:${name}`);
      return {
        job: name, cron: j.cron, command: j.command, enabled: j.enabled, missed: j.missed,
        next: j.enabled ? nextRuns(cron, now, s.timezone, count).map((d) => d.toISOString()) : [],
        last: last ? { runId: last.id, status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, error: last.error } : null,
      };
    });
    new Output(g).result('schedule-list', { timezone: s.timezone, jobs: rows }, () => rows.length === 0
      ? 'No jobs. Add them under `schedules:` in config.yaml (see `omni schedule --help`).'
      : table(['job', 'cron', 'command', 'next runs', 'last result'], rows.map((r) => [
        r.job, r.cron, r.command, r.enabled ? r.next.map((d) => formatInZone(new Date(d), s.timezone, parseCron(r.cron).hasSeconds)).join(', ') : 'disabled',
        r.last ? `${r.last.status} ${formatInZone(new Date(r.last.startedAt), s.timezone)} (run ${r.last.runId})${r.last.error ? `: ${r.last.error.split('\n')[0]!.slice(0, 50)}` : ''}` : 'never run',
      ])) + `\n\nTimes in ${s.timezone}.`);
  } finally { ws.close(); }
  return 0;
}

interface InstallFlags { systemd?: boolean; cron?: boolean; user?: boolean; mode?: string; dir?: string; envFile?: string; prefix?: string; runAs?: string }

function installContext(ws: Workspace, o: InstallFlags, g: GlobalOptions): InstallContext {
  const s = readScheduleSettings(ws.config);
  assertJobCommands(ws.file, s.jobs);
  const watch = ws.config.watch !== undefined;
  if (!watch && !Object.values(s.jobs).some((j) => j.enabled)) throw usageError('No enabled jobs under `schedules:` and no `watch:` in config.yaml: nothing to install.', 'Add a job, e.g. `sync-all: { cron: "*/15 * * * *", command: "sync --all" }`, or a `watch:` block for `omni watch` as a service.');
  const db = g.db ?? process.env.OMNI_DB;
  // Unit files and crontab lines are readable text: a password must come from omni.env instead.
  if (isPostgresUrl(db) && urlPassword(db)) throw usageError('--db holds a PostgreSQL password, which would be written into the unit files or crontab.', 'Put `database: postgres://USER:${OMNI_DB_PASSWORD}@HOST/DB` in config.yaml and OMNI_DB_PASSWORD in omni.env, then install without --db.');
  return {
    configFile: ws.file, configDir: ws.dir, jobs: s.jobs, timezone: s.timezone, node: process.execPath,
    bin: path.join(packageRoot(), 'bin', 'omni.js'), db: db ? (isPostgresUrl(db) ? db : path.resolve(db)) : undefined,
    envFile: envFilePath(ws.file, o), watch,
  };
}

function envFilePath(configFile: string, o: InstallFlags): string {
  return path.resolve(o.envFile ?? path.join(path.dirname(configFile), 'omni.env'));
}

export async function install(_a: unknown[], o: InstallFlags, g: GlobalOptions): Promise<number> {
  if (Boolean(o.systemd) === Boolean(o.cron)) throw usageError('Choose --systemd or --cron.', 'See `omni schedule install --help`.');
  const out = new Output(g);
  // The env file first (created empty if missing), then read: config.yaml's ${VARIABLES} may be there.
  const configFile = configPath(g);
  const envFile = envFilePath(configFile, o);
  const env = existsSync(configFile) ? ensureEnvFile({ configFile, envFile }) : undefined;
  if (existsSync(envFile)) loadEnvFile(envFile);
  const ws = await openWorkspace(g);
  try {
    const ctx = installContext(ws, o, g);
    if (env?.created) out.info(`Wrote ${ctx.envFile} (mode 600): put the secrets config.yaml needs there${env.variables.length ? ` (${env.variables.join(', ')})` : ''}.`);
    mkdirSync(path.join(ws.dir, 'logs'), { recursive: true });
    if (o.cron) {
      const lines = crontabLines(ctx);
      out.result('schedule-install', { kind: 'cron', lines, envFile: ctx.envFile }, () => lines.join('\n'));
      return 0;
    }
    const mode = (o.mode ?? 'timers') as SystemdMode;
    if (mode !== 'timers' && mode !== 'service') throw usageError(`--mode must be timers or service, not "${o.mode}".`);
    const prefix = o.prefix ?? 'omni';
    if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw usageError(`--prefix "${prefix}": use letters, digits, - and _.`);
    const user = o.user ?? false;
    if (user && o.runAs) throw usageError('--run-as is for system units: --user units run as you.', 'Leave out --user (system units, written with sudo) or --run-as.');
    const opts = { mode, user, prefix, runAs: user ? undefined : jobUser(ws.file, o.runAs) };
    const units = systemdUnits(ctx, opts);
    const dir = path.resolve(o.dir ?? systemdDir(user));
    mkdirSync(dir, { recursive: true });
    const files = units.map((u) => path.join(dir, u.name));
    // A previous install (other mode, removed jobs) leaves nothing behind.
    const before = readManifest(ws.dir);
    if (before) removeInstalled(before, new Set(files));
    for (const [i, u] of units.entries()) writeFileSync(files[i]!, u.text);
    writeManifest(ws.dir, { version: 1, kind: `systemd-${mode}`, files, writtenAt: new Date().toISOString() });
    const steps = systemdNextSteps(units, opts, dir);
    out.result('schedule-install', { kind: 'systemd', mode, dir, files, envFile: ctx.envFile, ...(opts.runAs ? { runAs: opts.runAs } : {}), next: steps }, () => [`Wrote ${files.length} unit file(s) to ${dir}:`, ...files.map((f) => `  ${f}`), '', 'Next:', ...steps.map((s) => `  ${s}`)].join('\n'));
    return 0;
  } finally { ws.close(); }
}

export async function uninstall(_a: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const out = new Output(g);
  const ws = await openWorkspace(g);
  try {
    const m = readManifest(ws.dir);
    if (!m) { out.result('schedule-uninstall', { removed: [], kept: [] }, () => 'Nothing to remove: `omni schedule install --systemd` has not written units for this config. (Cron lines you added by hand: remove them with `crontab -e`.)'); return 0; }
    const r = removeInstalled(m);
    rmSync(manifestFile(ws.dir), { force: true });
    const units = m.files.map((f) => path.basename(f)).filter((f) => f.endsWith(m.kind === 'systemd-service' ? '.service' : '.timer'));
    out.result('schedule-uninstall', { removed: r.removed, kept: r.kept }, () => [`Removed ${r.removed.length} file(s):`, ...r.removed.map((f) => `  ${f}`),
      ...(r.kept.length ? ['Kept (edited since install):', ...r.kept.map((f) => `  ${f}`)] : []),
      '', `Then: systemctl [--user] disable --now ${units.join(' ')} ; systemctl [--user] daemon-reload`,
      existsSync(path.join(ws.dir, 'omni.env')) ? `${path.join(ws.dir, 'omni.env')} is kept (it holds your secrets).` : ''].filter((l) => l !== '').join('\n'));
    return 0;
  } finally { ws.close(); }
}
