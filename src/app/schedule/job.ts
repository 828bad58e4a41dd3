// One run of one job: the omni command as a child process (same code path, writer lock, exit
// codes and journal as when a person types it), its output into the log under the run's id, a
// `schedule:NAME` row in the journal, and alerts for what it found.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startRun, finishRun, markAbandonedRuns, type RunStatus } from '../../db/runs.js';
import { lowStock } from '../../db/stock.js';
import { redactor } from '../../config/redact.js';
import { splitArgs } from './args.js';
import { conditionsOf, type ChildReport } from './conditions.js';
import { decideAlerts, stateFile, updateState, type Raised } from './state.js';
import type { Db } from '../../db/open.js';
import type { Log } from '../log.js';
import type { AlertSink } from '../alerts.js';
import type { ScheduleSettings } from './config.js';

export interface JobEnv {
  configFile: string;
  configDir: string;
  dbFile: string;
  /** --db given to the scheduler: passed on to every job. */
  dbOverride?: string | undefined;
  db: Db;
  settings: ScheduleSettings;
  defaultReorderPoint: number;
  log: Log;
  alert: AlertSink;
  /** bin/omni.js */
  bin: string;
  now: () => Date;
}

export interface JobResult {
  job: string;
  runId: number;
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  report: string | null;
  error: string | null;
}

export interface RunningJob {
  name: string;
  runId: number;
  startedAt: Date;
  child: ChildProcess;
  done: Promise<JobResult>;
}

const MAX_STDOUT = 8 * 1024 * 1024;

export function startJob(env: JobEnv, name: string, reason: string): RunningJob {
  const job = env.settings.jobs[name]!;
  const journalJob = `schedule:${name}`;
  markAbandonedRuns(env.db, journalJob, env.now());
  const startedAt = env.now();
  const runId = startRun(env.db, journalJob, false, startedAt);
  const log = env.log.with({ job: name, runId });
  const args = ['--config', env.configFile, ...(env.dbOverride ? ['--db', env.dbOverride] : []), '--json', ...splitArgs(job.command)];
  log.info(`started (${reason}): omni ${job.command}`);
  // Its own process group: a Ctrl-C in the terminal reaches the scheduler, which decides when
  // the job is told to stop (after its grace period), not the job directly.
  const child = spawn(process.execPath, [env.bin, ...args], {
    cwd: env.configDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', OMNI_JOB: name, OMNI_SCHEDULE_RUN_ID: String(runId) },
  });
  let stdout = '';
  child.stdout!.on('data', (b: Buffer) => { if (stdout.length < MAX_STDOUT) stdout += b.toString('utf8'); });
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.trim()) return;
    if (/^error:/i.test(line)) { errors.push(line.replace(/^error:\s*/i, '')); log.error(line); }
    else if (/^warning:/i.test(line)) log.warn(line);
    else log.info(line);
  });
  const exited = new Promise<{ code: number | null; signal: string | null; spawnError?: Error }>((resolve) => {
    child.on('error', (e) => resolve({ code: null, signal: null, spawnError: e }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const done = exited.then(async ({ code, signal, spawnError }) => {
    const report = parseReport(stdout, log);
    const status: RunStatus = code === 0 ? 'ok' : code === 3 ? (report?.channels?.some((c) => c.status === 'refused') ? 'refused' : 'partial') : 'failed';
    const error = status === 'ok' ? null : redactor.redact(spawnError?.message ?? (signal ? `stopped by ${signal}` : errors.join(' ') || `exited with code ${code}`));
    const reportPath = pickReport(report?.files);
    finishRun(env.db, runId, {
      status, error: error ?? undefined, reportPath: reportPath ?? undefined,
      summary: { command: job.command, reason, exitCode: code, signal, durationMs: env.now().getTime() - startedAt.getTime(),
        channels: report?.channels?.map((c) => ({ channel: c.channel, runId: c.runId, status: c.status })) ?? [] },
    }, env.now());
    (status === 'ok' ? log.info : log.warn)(`finished: ${status}${code !== null ? ` (exit ${code})` : ''}${error ? `: ${error.split('\n')[0]}` : ''}`, { status, exitCode: code });
    const result: JobResult = { job: name, runId, status, exitCode: code, signal, report: reportPath, error };
    await sendAlerts(env, result, report, log);
    return result;
  });
  return { name, runId, startedAt, child, done };
}

function parseReport(stdout: string, log: Log): ChildReport | undefined {
  const text = stdout.trim();
  if (!text) return undefined;
  try { return JSON.parse(text) as ChildReport; } catch {
    for (const line of text.split('\n').slice(0, 200)) log.info(line);
    return undefined;
  }
}

function pickReport(files: readonly string[] | undefined): string | null {
  if (!files?.length) return null;
  return files.find((f) => f.endsWith('.html')) ?? files.find((f) => f.endsWith('.md')) ?? files[0]!;
}

async function sendAlerts(env: JobEnv, r: JobResult, report: ChildReport | undefined, log: Log): Promise<void> {
  const cfg = env.settings.alerts;
  const found: Raised[] = conditionsOf(r, report, env.settings.jobs[r.job]!.command);
  let lowStockChecked = false;
  if (cfg.low_stock) {
    try {
      const low = lowStock(env.db, env.defaultReorderPoint);
      lowStockChecked = true;
      if (low.length > 0) {
        const names = low.slice(0, 10).map((l) => `${l.sku} (${l.total})`).join(', ');
        found.push({ condition: 'low-stock', job: '*', message: `${low.length} product(s) at or below their reorder point: ${names}${low.length > 10 ? ', …' : ''}. See \`omni report low-stock\`.` });
      }
    } catch (e) { log.warn(`low-stock check failed: ${(e as Error).message}`); }
  }
  const d = updateState(stateFile(env.dbFile), (s) => decideAlerts(s, { job: r.job, found, lowStockChecked }, env.now(), cfg.interval_minutes * 60_000));
  for (const s of d.suppressed) log.info(`alert ${s.condition} not sent again: one was sent within ${cfg.interval_minutes} min`, { condition: s.condition });
  const time = env.now().toISOString();
  for (const s of d.send) await env.alert({ condition: s.condition, kind: 'alert', message: s.message, job: r.job, report: r.report, runId: r.runId, time });
  if (cfg.recovered) {
    for (const s of d.recovered) await env.alert({ condition: s.condition, kind: 'recovered', message: `recovered: ${s.condition} (was: ${s.message})`, job: r.job, report: r.report, runId: r.runId, time });
  }
}
