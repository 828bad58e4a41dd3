// A local job (a stock, products or supplier import) journalled as a run, like a sync, so
// `omni runs` lists it and `omni runs undo ID` can reverse it: the run keeps the range of ledger
// movements it booked (`summary.ledger`) and what kind of run it was (`summary.undo`).
import { pgClient, type Db } from '../db/open.js';
import { redactor } from '../config/redact.js';
import { capText } from '../core/text.js';
import { startRun, finishRun, type RunStatus } from '../db/runs.js';
import { lastMovementId, type LedgerRange } from '../db/run-ledger.js';

/** What `omni runs undo` knows how to reverse. */
export type UndoableKind = 'stock-import' | 'products-import' | 'supplier-import' | 'pos-sync';

export interface LocalRun {
  runId: number;
  after: number;
  /** PostgreSQL: where the connection's list of committed transactions stood (the run's own come after). */
  commitMark?: number | undefined;
}

export function startLocalRun(db: Db, job: string, now: Date): LocalRun {
  return { runId: startRun(db, job, false, now), after: lastMovementId(db), commitMark: pgClient(db)?.commitMark() };
}

export function finishLocalRun(db: Db, run: LocalRun, kind: UndoableKind, r: { status: RunStatus; summary: object; error?: string | undefined }, now: Date): void {
  // PostgreSQL: the run's movements are its own transactions' (other runners' took ids in between).
  const txs = run.commitMark === undefined ? undefined : pgClient(db)?.committedSince(run.commitMark);
  const ledger: LedgerRange = { after: run.after, upTo: lastMovementId(db), ...(txs ? { txs } : {}) };
  finishRun(db, run.runId, { status: r.status, summary: { ...r.summary, undo: kind, ledger }, error: r.error }, now);
}

/** Runs `fn` as a journalled local run; a run that throws is journalled failed (its transaction rolled back). */
export async function asLocalRun<T>(db: Db, job: string, kind: UndoableKind, now: Date, fn: (run: LocalRun) => Promise<T>,
  journal: (t: T) => { status: RunStatus; summary: object; error?: string | undefined }): Promise<T> {
  const run = startLocalRun(db, job, now);
  try {
    const result = await fn(run);
    finishLocalRun(db, run, kind, journal(result), new Date(Math.max(Date.now(), now.getTime())));
    return result;
  } catch (e) {
    finishLocalRun(db, run, kind, { status: 'failed', summary: {}, error: redactor.redact(capText(e instanceof Error ? e.message : String(e), 500)) }, new Date());
    throw e;
  }
}
