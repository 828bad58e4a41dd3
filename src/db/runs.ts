// The run journal: every sync (and later every scheduled job) leaves a row in sync_runs, and every
// planned change a row in sync_changes with its outcome, so `omni runs show ID` explains a run.
import { desc, eq, and } from 'drizzle-orm';
import type { Db } from './open.js';
import { syncRuns, syncChanges } from './schema.js';
import type { Change, Outcome } from '../core/connector.js';

export type RunStatus = typeof syncRuns.$inferSelect.status;
export type Run = typeof syncRuns.$inferSelect;
export type RunChange = typeof syncChanges.$inferSelect;

export function startRun(db: Db, job: string, dryRun: boolean, now: Date): number {
  return db.insert(syncRuns).values({ job, status: 'running', dryRun, startedAt: now.toISOString() }).returning({ id: syncRuns.id }).get().id;
}

export function finishRun(db: Db, id: number, r: { status: RunStatus; summary: unknown; error?: string | undefined; reportPath?: string | undefined }, now: Date): void {
  db.update(syncRuns).set({
    status: r.status, finishedAt: now.toISOString(), summary: JSON.stringify(r.summary),
    error: r.error ?? null, reportPath: r.reportPath ?? null,
  }).where(eq(syncRuns.id, id)).run();
}

export function recordChanges(db: Db, runId: number, changes: readonly Change[], outcome: Outcome | 'planned'): void {
  const stmt = db.$client.prepare(`INSERT INTO sync_changes (run_id, channel, sku, channel_sku, location, action, before, after, idempotency_key, outcome)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const c of changes) {
      stmt.run(runId, c.channel, c.sku, c.channelSku !== c.sku ? c.channelSku : null, c.location ?? null, c.action,
        c.before === null ? null : String(c.before), String(c.after), c.key, outcome);
    }
  });
}

export function recordOutcome(db: Db, runId: number, key: string, outcome: Outcome, message?: string): void {
  db.update(syncChanges).set({ outcome, message: message ?? null })
    .where(and(eq(syncChanges.runId, runId), eq(syncChanges.idempotencyKey, key))).run();
}

export function listRuns(db: Db, limit = 30): Run[] {
  return db.select().from(syncRuns).orderBy(desc(syncRuns.id)).limit(limit).all();
}

export function getRun(db: Db, id: number): { run: Run; changes: RunChange[] } | undefined {
  const run = db.select().from(syncRuns).where(eq(syncRuns.id, id)).get();
  if (!run) return undefined;
  return { run, changes: db.select().from(syncChanges).where(eq(syncChanges.runId, id)).all() };
}

/** Runs left 'running' by a process that died (crash, kill): marked so history does not lie. */
export function markAbandonedRuns(db: Db, job: string, now: Date): number {
  return db.update(syncRuns).set({ status: 'failed', finishedAt: now.toISOString(), error: 'the process ended before the run finished (crash or kill); the next run converges' })
    .where(and(eq(syncRuns.job, job), eq(syncRuns.status, 'running'))).run().changes;
}

export interface LastChange { runId: number; at: string; action: string; before: string | null; after: string | null; outcome: string; message: string | null }

/** The last stock change the journal holds for one listing (not a secondary location's). */
export function lastStockChange(db: Db, channel: string, sku: string, channelSku: string): LastChange | undefined {
  return db.$client.prepare(`SELECT c.run_id AS runId, coalesce(r.finished_at, r.started_at) AS at, c.action, c.before, c.after, c.outcome, c.message
    FROM sync_changes c JOIN sync_runs r ON r.id = c.run_id
    WHERE c.channel = @channel AND c.sku = @sku AND coalesce(c.channel_sku, c.sku) = @channelSku AND c.action IN ('stock', 'create') AND c.location IS NULL
    ORDER BY c.id DESC LIMIT 1`).get({ channel, sku, channelSku }) as LastChange | undefined;
}
