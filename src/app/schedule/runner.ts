// `omni schedule run`: the long-running scheduler. node-cron fires each enabled job on its cron
// expression (in the config's time zone); jobs run one at a time, in the order they fire, each as
// a child process (job.ts). A job that fires while its previous run is still going or waiting is
// skipped and logged (with `missed: catch-up` it runs once more when the previous run ends).
// SIGTERM/SIGINT: stop firing, let the running job finish its step (SIGTERM to it only after
// its grace_seconds), journal it, exit 0. A second signal stops the job at once.
import { createTask, type ScheduledTask } from 'node-cron';
import { UserError, ExitCode } from '../../core/errors.js';
import { parseCron, previousRun, nextRun, formatInZone } from './cron.js';
import { startJob, refuseJob, type JobEnv, type RunningJob, type JobResult } from './job.js';
import { jobCommandProblems } from './command-check.js';
import { tryJobLock } from '../../db/master-locks.js';
import { latestRun } from '../../db/schedule-state.js';

const KILL_AFTER_TERM_MS = 15_000;

export class Scheduler {
  private readonly queue: { name: string; reason: string }[] = [];
  private readonly inFlight = new Set<string>();
  private readonly again = new Set<string>();
  private readonly tasks: ScheduledTask[] = [];
  private current: RunningJob | undefined;
  private stopping = false;
  private idle: (() => void) | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly env: JobEnv, private readonly onResult: (r: JobResult) => void = () => {}) {}

  /** Schedule every enabled job and run the catch-ups that are due. */
  start(): void {
    const { settings, log } = this.env;
    const now = this.env.now();
    for (const [name, job] of Object.entries(settings.jobs)) {
      if (!job.enabled) { log.info(`not scheduled (enabled: false)`, { job: name }); continue; }
      const cron = parseCron(job.cron);
      const problem = commandProblemOf(this.env, name);
      if (problem) log.error(`${problem} — each of its runs fails (journalled and alerted) until config.yaml is fixed and the scheduler restarted`, { job: name });
      const task = createTask(cron.expression, () => this.fire(name, 'scheduled'), { timezone: settings.timezone, name: `omni:${name}` });
      task.on('execution:missed', (ctx) => log.warn(`node-cron missed the run due at ${ctx.date.toISOString()} (the machine was busy or asleep)`, { job: name }));
      void task.start();
      this.tasks.push(task);
      log.info(`scheduled "${job.cron}" (${settings.timezone}): next at ${formatInZone(nextRun(cron, now, settings.timezone), settings.timezone, cron.hasSeconds)}`, { job: name });
      this.checkMissed(name, now);
    }
  }

  private checkMissed(name: string, now: Date): void {
    const job = this.env.settings.jobs[name]!;
    const due = previousRun(parseCron(job.cron), now, this.env.settings.timezone);
    const last = latestRun(this.env.db, `schedule:${name}`);
    if (last && Date.parse(last.startedAt) >= due.getTime()) return;
    const when = formatInZone(due, this.env.settings.timezone);
    if (job.missed === 'catch-up') this.fire(name, `catch-up: the run due at ${when} was missed`);
    else if (last) this.env.log.info(`the run due at ${when} was missed and is skipped (missed: skip)`, { job: name });
  }

  /** A job is due: queue it, unless it is already queued or running. */
  fire(name: string, reason: string): void {
    if (this.stopping) return;
    if (this.inFlight.has(name)) {
      const c = this.current;
      const why = c?.name === name ? `its previous run (run ${c.runId}, started ${c.startedAt.toISOString()}) is still going` : 'its previous run is still waiting for another job to finish';
      const catchUp = this.env.settings.jobs[name]!.missed === 'catch-up';
      this.env.log.warn(`skipped: ${why}${catchUp ? '; it runs once more when that ends (missed: catch-up)' : ''}`, { job: name, skipped: true });
      if (catchUp) this.again.add(name);
      return;
    }
    this.inFlight.add(name);
    this.queue.push({ name, reason });
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.current) return;
    const next = this.queue.shift();
    if (!next) { if (this.stopping) this.idle?.(); return; }
    const lock = tryJobLock(this.env, next.name, `omni schedule run (${next.name})`);
    if (!lock.ok) {
      this.env.log.warn(`skipped: another process runs this job (pid ${lock.holder.pid}, since ${lock.holder.since})`, { job: next.name, skipped: true });
      this.inFlight.delete(next.name);
      return this.pump();
    }
    try {
      const problem = commandProblemOf(this.env, next.name);
      if (problem) this.onResult(await refuseJob(this.env, next.name, next.reason, problem));
      else {
        this.current = startJob(this.env, next.name, next.reason);
        this.onResult(await this.current.done);
      }
    } catch (e) {
      this.env.log.error(`could not run: ${(e as Error).message}`, { job: next.name });
    } finally {
      lock.release();
      this.current = undefined;
      this.inFlight.delete(next.name);
    }
    if (this.again.delete(next.name)) this.fire(next.name, 'catch-up: a run was skipped while the previous one was going');
    return this.pump();
  }

  /** Stop firing; resolve once the running job (if any) has ended and been journalled. */
  stop(signal: string): Promise<void> {
    const { log } = this.env;
    if (this.stopping) {
      if (this.current) { log.warn(`${signal} again: stopping ${this.current.name} now`); this.current.child.kill('SIGTERM'); }
      return Promise.resolve();
    }
    this.stopping = true;
    for (const t of this.tasks) void t.stop();
    for (const q of this.queue.splice(0)) { log.info('not started: the scheduler is stopping', { job: q.name }); this.inFlight.delete(q.name); }
    const done = new Promise<void>((resolve) => { this.idle = resolve; });
    const c = this.current;
    if (!c) { log.info(`${signal}: stopped`); return Promise.resolve(); }
    const grace = this.env.settings.jobs[c.name]!.grace_seconds;
    log.info(`${signal}: waiting up to ${grace} s for ${c.name} (run ${c.runId}) to finish, then stopping`);
    this.timers.push(setTimeout(() => {
      log.warn(`${c.name} still running after ${grace} s: sending it SIGTERM`, { job: c.name, runId: c.runId });
      c.child.kill('SIGTERM');
      this.timers.push(setTimeout(() => c.child.kill('SIGKILL'), KILL_AFTER_TERM_MS));
    }, grace * 1000));
    return done.then(() => { for (const t of this.timers) clearTimeout(t); log.info(`${signal}: stopped`); });
  }
}

/** Run the scheduler until SIGTERM/SIGINT; resolves with the exit code (0). */
export async function runForever(env: JobEnv): Promise<number> {
  const lock = tryJobLock(env, 'scheduler', 'omni schedule run');
  if (!lock.ok) {
    throw new UserError(`Another \`omni schedule run\` already runs for this database (pid ${lock.holder.pid} on ${lock.holder.host}, since ${lock.holder.since}).`, {
      exitCode: ExitCode.failed, hint: 'Stop that one first (systemctl stop omni-scheduler, or Ctrl-C in its terminal); two schedulers would run every job twice.',
    });
  }
  const enabled = Object.entries(env.settings.jobs).filter(([, j]) => j.enabled).length;
  if (enabled === 0) {
    lock.release();
    throw new UserError('No enabled jobs under `schedules:` in config.yaml.', { exitCode: ExitCode.usage, hint: 'Add one, e.g.\n  schedules:\n    sync-all: { cron: "*/15 * * * *", command: "sync --all" }' });
  }
  const scheduler = new Scheduler(env);
  const stopped = new Promise<void>((resolve) => {
    const on = (sig: NodeJS.Signals) => { void scheduler.stop(sig).then(() => resolve()); };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
  env.log.info(`scheduler started (pid ${process.pid}): ${enabled} job(s)`);
  scheduler.start();
  await stopped;
  lock.release();
  return ExitCode.ok;
}

/** Run one job now (what cron lines and systemd timers call); its exit code, or 0 when skipped. */
export async function runOnce(env: JobEnv, name: string, reason: string): Promise<number> {
  const lock = tryJobLock(env, name, `omni schedule run --job ${name}`);
  if (!lock.ok) {
    env.log.warn(`skipped: its previous run is still going (pid ${lock.holder.pid}, since ${lock.holder.since})`, { job: name, skipped: true });
    return ExitCode.ok;
  }
  const problem = commandProblemOf(env, name);
  if (problem) {
    try { return (await refuseJob(env, name, reason, problem)).exitCode ?? ExitCode.usage; } finally { lock.release(); }
  }
  let stopping = false;
  const running = startJob(env, name, reason);
  const grace = env.settings.jobs[name]!.grace_seconds;
  const on = (sig: NodeJS.Signals) => {
    if (stopping) { running.child.kill('SIGTERM'); return; }
    stopping = true;
    env.log.info(`${sig}: waiting up to ${grace} s for the run to finish`, { job: name, runId: running.runId });
    setTimeout(() => running.child.kill('SIGTERM'), grace * 1000).unref();
  };
  process.on('SIGTERM', on);
  process.on('SIGINT', on);
  try {
    const r = await running.done;
    if (stopping) return ExitCode.ok;
    return r.exitCode ?? ExitCode.failed;
  } finally {
    process.off('SIGTERM', on);
    process.off('SIGINT', on);
    lock.release();
  }
}

/** `config.yaml:LINE: schedules.NAME.command: …` when the CLI would refuse the job's command. */
function commandProblemOf(env: JobEnv, name: string): string | undefined {
  return jobCommandProblems(env.configFile, { [name]: env.settings.jobs[name]! })[0]?.message;
}
