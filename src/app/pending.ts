// After each pull, the connector is asked what became of the changes it accepted in earlier runs
// (Amazon's ACCEPTED patches and submitted feeds): confirmed, rejected or never applied. Reading
// only; the caller writes the verdicts in its transaction.
import type { Connector, PendingChange, PushContext, Settlement } from '../core/connector.js';
import type { Db } from '../db/open.js';
import { pendingChanges } from '../db/runs.js';

export interface SettledChange extends Settlement {
  sku: string;
  channelSku: string;
  action: PendingChange['action'];
  after: string;
}

export interface PendingState {
  /** Verdicts reached in this run (applied or failed). */
  settled: SettledChange[];
  /** Still waiting for the channel. */
  awaiting: PendingChange[];
}

export async function checkPending(db: Db, connector: Connector, ctx: PushContext): Promise<PendingState> {
  const pending = pendingChanges(db, connector.name);
  if (pending.length === 0 || !connector.confirm) return { settled: [], awaiting: pending };
  let verdicts: Settlement[];
  try {
    verdicts = await connector.confirm(ctx, pending);
  } catch (e) {
    // Not knowing yet is not a failure of this run: they stay pending and the next run asks again.
    ctx.log.warn(`${connector.name}: could not check ${pending.length} change(s) awaiting confirmation: ${(e as Error).message}`);
    return { settled: [], awaiting: pending };
  }
  const byKey = new Map(verdicts.filter((v) => v.outcome !== 'accepted').map((v) => [`${v.runId}\u0000${v.key}`, v]));
  const settled: SettledChange[] = [];
  const awaiting: PendingChange[] = [];
  for (const p of pending) {
    const v = byKey.get(`${p.runId}\u0000${p.key}`);
    if (v) settled.push({ ...v, sku: p.sku, channelSku: p.channelSku, action: p.action, after: p.after });
    else awaiting.push(p);
  }
  return { settled, awaiting };
}
