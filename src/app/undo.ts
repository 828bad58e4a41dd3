// `omni runs undo ID`: reverses what a local run booked (a stock, products or supplier import, a
// POS file sync) with compensating ledger movements keyed `undo:<run>:<movement>`, so undoing twice
// books nothing more, and says what it cannot undo: what was sent to channels (the next sync
// corrects them) and movements a later count superseded (the count is the newer truth).
// A channel sync (Shopify, Amazon) is refused: its orders happened and its pushes are on the channel.
import type { Workspace } from './workspace.js';
import { getRun, startRun, finishRun, listRunsOfJob, type Run } from '../db/runs.js';
import { applyMovement } from '../db/ledger.js';
import { isKeyBooked, laterCount, movementsIn, productChangesOf, productUpdatedAt, restoreProduct, type LedgerRange } from '../db/run-ledger.js';
import { ExitCode, usageError } from '../core/errors.js';
import type { UndoableKind } from './local-run.js';

export interface UndoLine { movementId: number; sku: string; location: string; delta: number }
export interface CannotUndo { sku: string | null; location: string | null; why: string }

export interface UndoSummary {
  runId: number;
  job: string;
  kind: UndoableKind;
  dryRun: boolean;
  /** The run that records this undo (null for a dry run). */
  undoRunId: number | null;
  /** Compensating movements booked (or, dry, that would be): delta is the compensating one. */
  reversed: UndoLine[];
  /** Products put back as they were (restored) or, created by the run, archived. */
  products: { sku: string; action: 'restored' | 'archived' }[];
  cannotUndo: CannotUndo[];
  counts: { reversed: number; alreadyUndone: number; superseded: number; productsRestored: number; productsSkipped: number };
}

const LIST_CAP = 200;

interface UndoableSummary { undo?: UndoableKind; ledger?: LedgerRange; plan?: unknown; counts?: { newProducts?: number; costChanges?: number } }

/** Why a run cannot be undone at all (exit 2), or its kind and ledger range. */
function undoable(ws: Workspace, run: Run): { kind: UndoableKind; ledger: LedgerRange; summary: UndoableSummary } {
  const summary = JSON.parse(run.summary) as UndoableSummary;
  if (run.job.startsWith('undo:')) {
    throw usageError(`Run ${run.id} is itself an undo (of run ${run.job.slice(5)}); omni does not undo an undo.`, 'To book those numbers again, import the file again.');
  }
  if (run.status === 'running') throw usageError(`Run ${run.id} has not finished.`, 'Wait for it to finish (`omni runs`), then undo it.');
  if (summary.undo && summary.ledger) return { kind: summary.undo, ledger: summary.ledger, summary };
  const channel = ws.config.channels[run.job];
  if (channel || summary.plan !== undefined) {
    throw usageError(`Run ${run.id} is a sync with ${run.job}; omni does not undo a channel sync.`,
      `Its orders happened and what it sent is on ${run.job}: the next sync corrects the channel from the master. To correct the master, use \`omni stock adjust\` or \`omni stock count\`.`);
  }
  throw usageError(`Run ${run.id} (${run.job}) recorded nothing omni can undo.`,
    'omni undoes stock, products and supplier imports and POS file syncs run with this version; a schedule run is undone through the runs of the commands it ran (`omni runs`).');
}

export function undoRun(ws: Workspace, id: number, opts: { dryRun: boolean; now?: () => Date }): UndoSummary {
  const now = opts.now ?? (() => new Date());
  const found = getRun(ws.db, id);
  if (!found) throw usageError(`No run ${id}.`, 'List runs with `omni runs`.');
  const { run, changes } = found;
  const { kind, ledger, summary: runSummary } = undoable(ws, run);
  const earlier = listRunsOfJob(ws.db, `undo:${id}`).find((r) => r.status === 'ok' || r.status === 'partial');
  const undoRunId = opts.dryRun ? null : startRun(ws.db, `undo:${id}`, false, now());
  const s: UndoSummary = {
    runId: id, job: run.job, kind, dryRun: opts.dryRun, undoRunId, reversed: [], products: [], cannotUndo: [],
    counts: { reversed: 0, alreadyUndone: 0, superseded: 0, productsRestored: 0, productsSkipped: 0 },
  };
  const cannot = (c: CannotUndo) => { if (s.cannotUndo.length < LIST_CAP) s.cannotUndo.push(c); };
  const DRY = Symbol('dry run');
  try {
    ws.db.transaction(() => {
      for (const m of movementsIn(ws.db, ledger)) {
        if (m.delta === 0) continue;
        const key = `undo:${id}:${m.id}`;
        if (isKeyBooked(ws.db, key)) { s.counts.alreadyUndone++; continue; }
        const later = laterCount(ws.db, m, ledger.upTo);
        if (later) {
          s.counts.superseded++;
          cannot({ sku: m.sku, location: m.location, why: `a later count (movement #${later.id}, as of ${later.at}) set ${m.sku} at ${m.location} since; that count stands` });
          continue;
        }
        applyMovement(ws.db, { sku: m.sku, location: m.location, delta: -m.delta, kind: 'adjustment', idempotencyKey: key, reason: `undo of run ${id} (${run.job})`, ref: `undo:${id}` }, { allowNegative: true });
        s.counts.reversed++;
        if (s.reversed.length < LIST_CAP) s.reversed.push({ movementId: m.id, sku: m.sku, location: m.location, delta: -m.delta });
      }
      for (const p of productChangesOf(ws.db, id)) {
        if (earlier) { s.counts.productsSkipped++; continue; }
        const updated = productUpdatedAt(ws.db, p.sku);
        if (updated !== undefined && run.finishedAt !== null && updated > run.finishedAt) {
          s.counts.productsSkipped++;
          cannot({ sku: p.sku, location: null, why: `${p.sku} was changed again after the import (${updated}); left as it is now` });
          continue;
        }
        restoreProduct(ws.db, p, now().toISOString());
        s.counts.productsRestored++;
        if (s.products.length < LIST_CAP) s.products.push({ sku: p.sku, action: p.before === null ? 'archived' : 'restored' });
      }
      if (opts.dryRun) throw DRY;
    });
  } catch (e) {
    if (e !== DRY) {
      if (undoRunId !== null) finishRun(ws.db, undoRunId, { status: 'failed', summary: { undid: id }, error: e instanceof Error ? e.message : String(e) }, now());
      throw e;
    }
  }
  if (earlier && s.counts.productsSkipped > 0) cannot({ sku: null, location: null, why: `the products were put back by run ${earlier.id} already` });
  const sent = changes.filter((c) => c.outcome === 'applied' || c.outcome === 'accepted').length;
  if (sent > 0) cannot({ sku: null, location: null, why: `${sent} change(s) this run sent to ${run.job}: the next sync corrects them` });
  if (s.counts.reversed > 0 || s.counts.productsRestored > 0) {
    cannot({ sku: null, location: null, why: 'what syncs since sent to channels from these numbers: the next sync corrects them' });
  }
  const extra = runSummary.counts;
  if (kind === 'supplier-import' && ((extra?.newProducts ?? 0) > 0 || (extra?.costChanges ?? 0) > 0)) {
    cannot({ sku: null, location: null, why: `the supplier's costs and ${extra?.newProducts ?? 0} product(s) the import created stay (the undo takes back its dropship counts)` });
  }
  if (undoRunId !== null) {
    const status = s.counts.superseded > 0 || (s.counts.productsSkipped > 0 && !earlier) ? 'partial' : 'ok';
    finishRun(ws.db, undoRunId, { status, summary: { undid: id, counts: s.counts } }, now());
  }
  return s;
}

/** Exit 3 when part of the run could not be undone (superseded by a later count, changed again since). */
export function undoExitCode(s: UndoSummary): number {
  return s.counts.superseded > 0 || s.cannotUndo.some((c) => c.sku !== null) ? ExitCode.refused : ExitCode.ok;
}

