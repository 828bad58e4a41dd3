// The run journal: every sync (and later every scheduled job) leaves a row in sync_runs, and every
// planned change a row in sync_changes with its outcome, so `omni runs show ID` explains a run.
import { desc, eq, and, gte, lt } from 'drizzle-orm';
import type { Db } from './open.js';
import { syncRuns, syncChanges } from './schema.js';
import type { Change, Outcome, PendingChange, Settlement } from '../core/connector.js';
import { countOutcomes, pushStatus } from '../core/outcomes.js';

export type RunStatus = typeof syncRuns.$inferSelect.status;
export type Run = typeof syncRuns.$inferSelect;
export type RunChange = typeof syncChanges.$inferSelect;

export function startRun(db: Db, job: string, dryRun: boolean, now: Date): number {
  return db.insert(syncRuns).values({ job, status: 'running', dryRun, startedAt: now.toISOString() }).returning({ id: syncRuns.id }).get().id;
}

/** Removes a run that recorded nothing (no change journalled): omni watch's idle cycles leave no trace. */
export function discardRun(db: Db, id: number): void {
  db.$client.prepare('DELETE FROM sync_runs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sync_changes WHERE run_id = ?)').run(id, id);
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

export function recordOutcome(db: Db, runId: number, key: string, outcome: Outcome, message?: string, confirmRef?: string): void {
  db.update(syncChanges).set({ outcome, message: message ?? null, confirmRef: confirmRef ?? null })
    .where(and(eq(syncChanges.runId, runId), eq(syncChanges.idempotencyKey, key))).run();
}

/** Changes of earlier runs the channel accepted and no run has confirmed yet, oldest first. */
export function pendingChanges(db: Db, channel: string): PendingChange[] {
  return db.$client.prepare(`SELECT c.run_id AS runId, c.idempotency_key AS key, c.sku, coalesce(c.channel_sku, c.sku) AS channelSku, c.action, c.after, c.confirm_ref AS confirmBy, r.started_at AS acceptedAt
    FROM sync_changes c JOIN sync_runs r ON r.id = c.run_id
    WHERE c.channel = ? AND c.outcome = 'accepted' ORDER BY c.run_id, c.id`).all(channel) as PendingChange[];
}

/**
 * A later run's verdict on accepted changes: their rows take the final outcome (the message says
 * which run found out), and each run they belong to gets its status again from all its outcomes
 * (a run whose only change Amazon rejected later is `failed` after all).
 */
export function settleChanges(db: Db, settlements: readonly Settlement[], now: Date): void {
  const at = now.toISOString();
  const update = db.$client.prepare(`UPDATE sync_changes SET outcome = ?, message = ?, settled_at = ? WHERE run_id = ? AND idempotency_key = ? AND outcome = 'accepted'`);
  const runs = new Set<number>();
  for (const s of settlements) {
    if (s.outcome === 'accepted') continue;
    if (update.run(s.outcome, s.message ?? null, at, s.runId, s.key).changes > 0) runs.add(s.runId);
  }
  for (const id of runs) restatusRun(db, id);
}

/** Older accepted changes of the same sku and action are moot once a newer one lands or is accepted. */
export function supersedePending(db: Db, channel: string, channelSku: string, action: string, byRunId: number, now: Date): void {
  const rows = db.$client.prepare(`UPDATE sync_changes SET outcome = 'skipped', message = ?, settled_at = ?
    WHERE channel = ? AND coalesce(channel_sku, sku) = ? AND action = ? AND outcome = 'accepted' AND run_id < ? RETURNING run_id AS runId`)
    .all(`superseded by run ${byRunId} before the channel confirmed it`, now.toISOString(), channel, channelSku, action, byRunId) as { runId: number }[];
  for (const id of new Set(rows.map((r) => r.runId))) restatusRun(db, id);
}

function restatusRun(db: Db, id: number): void {
  const run = db.select().from(syncRuns).where(eq(syncRuns.id, id)).get();
  // A run that failed for a reason of its own (a crash, an unreachable channel) stays failed.
  if (!run || run.error || (run.status !== 'ok' && run.status !== 'partial' && run.status !== 'failed')) return;
  const outcomes = db.select({ outcome: syncChanges.outcome }).from(syncChanges).where(eq(syncChanges.runId, id)).all()
    .filter((o): o is { outcome: Outcome } => o.outcome !== 'planned');
  if (outcomes.length === 0) return;
  const counts = countOutcomes(outcomes);
  const summary = { ...(JSON.parse(run.summary) as Record<string, unknown>), outcomes: counts };
  db.update(syncRuns).set({ status: pushStatus(counts), summary: JSON.stringify(summary) }).where(eq(syncRuns.id, id)).run();
}

/** The newest runs first; with a period, only runs started in [since, until). */
export function listRuns(db: Db, limit = 30, period: { since?: Date | undefined; until?: Date | undefined } = {}): Run[] {
  const where = and(period.since ? gte(syncRuns.startedAt, period.since.toISOString()) : undefined, period.until ? lt(syncRuns.startedAt, period.until.toISOString()) : undefined);
  return db.select().from(syncRuns).where(where).orderBy(desc(syncRuns.id)).limit(limit).all();
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

/** Every run of one job, newest first (e.g. the undos of a run: `undo:12`). */
export function listRunsOfJob(db: Db, job: string): Run[] {
  return db.select().from(syncRuns).where(eq(syncRuns.job, job)).orderBy(desc(syncRuns.id)).all();
}
