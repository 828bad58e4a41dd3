// What the scheduler remembers between runs that is not history: which alert conditions are
// active and when each last alerted. Kept in the master (db/alert-conditions.ts), shared by every
// machine on it; last runs are not kept here: the journal (sync_runs) is the truth. Earlier
// versions kept this in a JSON file per machine beside the master (omni.sqlite.schedule.json, on
// PostgreSQL in the config's folder): such a file is taken into the master once and renamed
// `*.imported`.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { changeAlertConditions, readAlertConditions, type AlertConditionRow } from '../../db/alert-conditions.js';
import type { Db } from '../../db/open.js';

export interface ConditionState {
  /** The job whose runs raise and clear it ("*": any job, e.g. low stock). */
  job: string;
  /** The machine whose run of `job` raised it: only that machine's runs of the job clear it. */
  host: string;
  since: string;
  lastAlertAt: string | null;
  message: string;
}

export interface ScheduleState {
  version: 1;
  conditions: Record<string, ConditionState>;
}

/** The file where earlier versions kept one machine's alert state. */
export function stateFile(base: string): string {
  return `${base}.schedule.json`;
}

/** An earlier version's state file, as conditions of `host`; none when there is no readable file. */
function legacyConditions(file: string | undefined, host: string): Record<string, ConditionState> {
  if (!file || !existsSync(file)) return {};
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as { conditions?: Record<string, Omit<ConditionState, 'host'>> };
    return Object.fromEntries(Object.entries(s.conditions ?? {}).map(([k, c]) => [k, { ...c, host }]));
  } catch {
    return {};
  }
}

const toState = (rows: readonly AlertConditionRow[]): ScheduleState => ({
  version: 1,
  conditions: Object.fromEntries(rows.map((r) => [r.condition, { job: r.job, host: r.host, since: r.since, lastAlertAt: r.lastAlertAt, message: r.message }])),
});

/** Every active condition, of every machine (an earlier version's file on this machine included until a job takes it in). */
export function readAlertState(db: Db, legacyFile?: string): ScheduleState {
  const s = toState(readAlertConditions(db));
  for (const [k, c] of Object.entries(legacyConditions(legacyFile, hostname()))) s.conditions[k] ??= c;
  return s;
}

/**
 * Applies `change` to the newest state in one transaction (two jobs finishing at once, on one
 * machine or two, do not undo each other). An earlier version's file is taken in first.
 */
export function updateAlertState<T>(db: Db, host: string, legacyFile: string | undefined, change: (s: ScheduleState) => T): T {
  const legacy = legacyConditions(legacyFile, host);
  const result = changeAlertConditions(db, (rows) => {
    const s = toState(rows);
    for (const [k, c] of Object.entries(legacy)) s.conditions[k] ??= c;
    const result = change(s);
    return { result, rows: Object.entries(s.conditions).map(([condition, c]) => ({ condition, ...c })) };
  });
  if (legacyFile && existsSync(legacyFile)) renameSync(legacyFile, `${legacyFile}.imported`);
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
export function decideAlerts(s: ScheduleState, run: { job: string; host: string; found: readonly Raised[]; lowStockChecked: boolean }, now: Date, intervalMs: number): AlertDecision {
  const out: AlertDecision = { send: [], suppressed: [], recovered: [] };
  const seen = new Set(run.found.map((f) => f.condition));
  for (const [key, c] of Object.entries(s.conditions)) {
    const checked = c.job === '*' ? run.lowStockChecked : c.job === run.job && c.host === run.host;
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
    s.conditions[f.condition] = { job: f.job, host: run.host, since: c?.since ?? now.toISOString(), lastAlertAt: now.toISOString(), message: f.message };
    out.send.push(f);
  }
  return out;
}
