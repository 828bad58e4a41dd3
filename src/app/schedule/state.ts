// What the scheduler remembers between runs that is not history: which alert conditions are
// active and when each last alerted. Kept in a JSON file beside the database (omni.sqlite.schedule.json;
// on PostgreSQL in the config's folder, see db/master-locks.ts localStateBase), written whole to a temp file and renamed into place, so a crash
// never leaves half a file. Last runs are not kept here: the journal (sync_runs) is the truth.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface ConditionState {
  /** The job whose runs raise and clear it ("*": any job, e.g. low stock). */
  job: string;
  since: string;
  lastAlertAt: string | null;
  message: string;
}

export interface ScheduleState {
  version: 1;
  conditions: Record<string, ConditionState>;
}

export function stateFile(base: string): string {
  return `${base}.schedule.json`;
}

export function readState(file: string): ScheduleState {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<ScheduleState>;
    return { version: 1, conditions: s.conditions ?? {} };
  } catch {
    return { version: 1, conditions: {} };
  }
}

/** Re-reads and applies `change` to the newest copy, so two one-shot jobs do not undo each other. */
export function updateState<T>(file: string, change: (s: ScheduleState) => T): T {
  const s = readState(file);
  const result = change(s);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s, null, 2) + '\n');
  renameSync(tmp, file);
  return result;
}

export interface Raised { condition: string; message: string; job: string }

export interface AlertDecision {
  /** Alerts to send now: new conditions, or active ones whose interval has passed. */
  send: Raised[];
  /** Active conditions suppressed because one alert was sent within the interval. */
  suppressed: Raised[];
  /** Conditions of this job that were active and are not any more. */
  recovered: Raised[];
}

/**
 * Pure: given the conditions a job's run found, update the state and say what to send. One alert
 * per condition per interval; a condition this run checked and did not find is cleared (its own
 * job's conditions always; low stock when `lowStockChecked`), which resets its interval.
 */
export function decideAlerts(s: ScheduleState, run: { job: string; found: readonly Raised[]; lowStockChecked: boolean }, now: Date, intervalMs: number): AlertDecision {
  const out: AlertDecision = { send: [], suppressed: [], recovered: [] };
  const seen = new Set(run.found.map((f) => f.condition));
  for (const [key, c] of Object.entries(s.conditions)) {
    const checked = c.job === '*' ? run.lowStockChecked : c.job === run.job;
    if (checked && !seen.has(key)) {
      out.recovered.push({ condition: key, message: c.message, job: run.job });
      delete s.conditions[key];
    }
  }
  for (const f of run.found) {
    const c = s.conditions[f.condition];
    if (c?.lastAlertAt && now.getTime() - Date.parse(c.lastAlertAt) < intervalMs) {
      out.suppressed.push(f);
      c.message = f.message;
      continue;
    }
    s.conditions[f.condition] = { job: f.job, since: c?.since ?? now.toISOString(), lastAlertAt: now.toISOString(), message: f.message };
    out.send.push(f);
  }
  return out;
}
