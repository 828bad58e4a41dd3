// The scheduler's active alert conditions, in the master (table alert_conditions): read whole (a
// handful of rows), changed in one write transaction, so two machines' jobs finishing at once do
// not undo each other (SQLite: BEGIN IMMEDIATE; PostgreSQL: serializable, retried on conflict).
import type { Db } from './open.js';

export interface AlertConditionRow {
  condition: string;
  job: string;
  host: string;
  since: string;
  lastAlertAt: string | null;
  message: string;
}

const COLUMNS = 'condition, job, host, since, last_alert_at, message';

export function readAlertConditions(db: Db): AlertConditionRow[] {
  const rows = db.$client.prepare(`SELECT ${COLUMNS} FROM alert_conditions ORDER BY since, condition`).raw().all() as
    [string, string, string, string, string | null, string][];
  return rows.map(([condition, job, host, since, lastAlertAt, message]) => ({ condition, job, host, since, lastAlertAt, message }));
}

/**
 * Reads every condition, lets `change` edit the list (add, remove, alter), and writes back only the
 * rows that differ, in one transaction. `change` may run more than once (a retried conflict on
 * PostgreSQL), each time on a fresh read: it must not have other effects.
 */
export function changeAlertConditions<T>(db: Db, change: (rows: AlertConditionRow[]) => { rows: AlertConditionRow[]; result: T }): T {
  const c = db.$client;
  return c.transaction(() => {
    const before = readAlertConditions(db);
    const { rows, result } = change(before.map((r) => ({ ...r })));
    const old = new Map(before.map((r) => [r.condition, r]));
    const kept = new Set(rows.map((r) => r.condition));
    const remove = c.prepare('DELETE FROM alert_conditions WHERE condition = ?');
    for (const r of before) if (!kept.has(r.condition)) remove.run(r.condition);
    const upsert = c.prepare(`INSERT INTO alert_conditions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (condition) DO UPDATE SET job = excluded.job, host = excluded.host, since = excluded.since,
        last_alert_at = excluded.last_alert_at, message = excluded.message`);
    for (const r of rows) {
      const o = old.get(r.condition);
      if (o && o.job === r.job && o.host === r.host && o.since === r.since && o.lastAlertAt === r.lastAlertAt && o.message === r.message) continue;
      upsert.run(r.condition, r.job, r.host, r.since, r.lastAlertAt, r.message);
    }
    return result;
  }).immediate();
}
