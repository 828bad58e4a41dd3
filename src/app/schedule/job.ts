// One run of one job: the omni command as a child process (same code path, writer lock, exit
// codes and journal as when a person types it), its output into the log under the run's id, a
// `schedule:NAME` row in the journal, and alerts for what it found.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hostname } from 'node:os';
import { startRun, finishRun, markAbandonedRuns, type RunStatus } from '../../db/runs.js';
import { lowStock } from '../../db/stock.js';
import { redactor } from '../../config/redact.js';
import { splitArgs } from './args.js';
import { conditionsOf, type ChildReport } from './conditions.js';
import { decideAlerts, stateFile, updateAlertState, type Raised } from './state.js';
import { localStateBase } from '../../db/master-locks.js';
import type { Db } from '../../db/open.js';
import type { Log } from '../log.js';
import type { AlertSink } from '../alerts.js';
import type { ScheduleSettings } from './config.js';
import { JOB_NODE_FLAGS } from '../watch/node-flags.js';

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
  /** This machine's name in the shared alert state (default: the host name). */
  host?: string | undefined;
  /**
   * Where a job's own error output (its stderr tail) is printed when it fails or is run by hand,
   * because the log's human lines do not reach a person there (--quiet, cron, no terminal); null: nowhere.
   */
  echo?: NodeJS.WritableStream | null | undefined;
}

export interface JobResult {
  job: string;
  runId: number;
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  report: string | null;
  error: string | null;
  /** The last lines the job wrote to stderr (redacted). */
  stderrTail: string[];
}

export interface RunningJob {
  name: string;
  runId: number;
  startedAt: Date;
  child: ChildProcess;
  done: Promise<JobResult>;
}

const MAX_STDOUT = 8 * 1024 * 1024;
const TAIL_LINES = 20;

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
  const child = spawn(process.execPath, [...JOB_NODE_FLAGS, env.bin, ...args], {
    cwd: env.configDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', OMNI_JOB: name, OMNI_SCHEDULE_RUN_ID: String(runId) },
  });
  let stdout = '';
  child.stdout!.on('data', (b: Buffer) => { if (stdout.length < MAX_STDOUT) stdout += b.toString('utf8'); });
  const errors: string[] = [];
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.trim()) return;
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
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
    return finish(env, { name, runId, startedAt, reason, log }, { status, exitCode: code, signal, error, report, stderrTail: tail.map((l) => redactor.redact(l)) });
  });
  return { name, runId, startedAt, child, done };
}

interface RunContext { name: string; runId: number; startedAt: Date; reason: string; log: Log }
interface Outcome { status: RunStatus; exitCode: number | null; signal: string | null; error: string | null; report: ChildReport | undefined; stderrTail: string[] }

/** Journal, log, echo and alert a finished (or refused) run. */
async function finish(env: JobEnv, run: RunContext, o: Outcome): Promise<JobResult> {
  const job = env.settings.jobs[run.name]!;
  const reportPath = pickReport(o.report?.files);
  finishRun(env.db, run.runId, {
    status: o.status, error: o.error ?? undefined, reportPath: reportPath ?? undefined,
    summary: { command: job.command, reason: run.reason, exitCode: o.exitCode, signal: o.signal, durationMs: env.now().getTime() - run.startedAt.getTime(),
      channels: o.report?.channels?.map((c) => ({ channel: c.channel, runId: c.runId, status: c.status })) ?? [] },
  }, env.now());
  (o.status === 'ok' ? run.log.info : run.log.warn)(`finished: ${o.status}${o.exitCode !== null ? ` (exit ${o.exitCode})` : ''}${o.error ? `: ${o.error.split('\n')[0]}` : ''}`, { status: o.status, exitCode: o.exitCode });
  const result: JobResult = { job: run.name, runId: run.runId, status: o.status, exitCode: o.exitCode, signal: o.signal, report: reportPath, error: o.error, stderrTail: o.stderrTail };
  echoRun(env, result, job.command, run.reason);
  await sendAlerts(env, result, o.report, run.log);
  return result;
}

/**
 * A job whose command the CLI refuses (found before starting it): journalled as failed with the
 * problem, logged, echoed and alerted like any failed run, exit 2 — nothing is started.
 */
export async function refuseJob(env: JobEnv, name: string, reason: string, problem: string): Promise<JobResult> {
  const journalJob = `schedule:${name}`;
  markAbandonedRuns(env.db, journalJob, env.now());
  const startedAt = env.now();
  const runId = startRun(env.db, journalJob, false, startedAt);
  const log = env.log.with({ job: name, runId });
  log.error(`not started (${reason}): ${problem}`);
  return finish(env, { name, runId, startedAt, reason, log }, { status: 'failed', exitCode: 2, signal: null, error: redactor.redact(problem), report: undefined, stderrTail: [`error: ${redactor.redact(problem)}`] });
}

/** A failed run (or one started by hand) shows its own error output where a person reads it. */
function echoRun(env: JobEnv, r: JobResult, command: string, reason: string): void {
  if (!env.echo || (r.status === 'ok' && reason !== 'by hand')) return;
  const head = `omni schedule: job ${r.job} (omni ${command}), run ${r.runId}: ${r.status}${r.exitCode !== null ? ` (exit ${r.exitCode})` : r.signal ? ` (${r.signal})` : ''}`;
  const lines = r.stderrTail.length ? r.stderrTail : r.error ? [r.error] : [];
  env.echo.write(redactor.redact([head + (lines.length ? ':' : ''), ...lines.map((l) => `  ${l}`)].join('\n')) + '\n');
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
  const host = env.host ?? hostname();
  const d = updateAlertState(env.db, host, stateFile(localStateBase(env.dbFile, env.configDir)),
    (s) => decideAlerts(s, { job: r.job, host, found, lowStockChecked }, env.now(), cfg.interval_minutes * 60_000));
  for (const s of d.suppressed) log.info(`alert ${s.condition} not sent again: one was sent within ${cfg.interval_minutes} min`, { condition: s.condition });
  const time = env.now().toISOString();
  for (const s of d.send) await env.alert({ condition: s.condition, kind: 'alert', message: s.message, job: r.job, report: r.report, runId: r.runId, time });
  if (cfg.recovered) {
    for (const s of d.recovered) await env.alert({ condition: s.condition, kind: 'recovered', message: `recovered: ${s.condition} (was: ${s.message})`, job: r.job, report: r.report, runId: r.runId, time });
  }
}
