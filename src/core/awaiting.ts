// Changes a channel accepted in an earlier run and has not confirmed yet are held back from the
// next plan when it wants the very same value again: the pull does not show it yet because the
// channel has not applied it, and sending it again would only queue it twice. Pure.
import type { Change, PendingChange } from './connector.js';
import type { Plan, PlanRow } from './plan.js';

const keyOf = (sku: string, action: string, after: string): string => `${sku}\u0000${action}\u0000${after}`;

/** The plan without the changes already awaiting confirmation, and those changes, each with its pending entry. */
export function holdBackAwaiting(plan: Plan, awaiting: readonly PendingChange[]): { plan: Plan; held: { change: Change; pending: PendingChange }[] } {
  if (awaiting.length === 0) return { plan, held: [] };
  const held: { change: Change; pending: PendingChange }[] = [];
  const latest = new Map(awaiting.map((a) => [keyOf(a.channelSku, a.action, a.after), a])); // later runs win
  const changes = plan.changes.filter((c) => {
    const p = latest.get(keyOf(c.channelSku, c.action, String(c.after)));
    if (p) held.push({ change: c, pending: p });
    return !p;
  });
  const warnings = held.map(({ change: c, pending: p }) =>
    `${c.channel}: ${c.sku}: ${c.action} → ${c.after} was accepted in run ${p.runId} and awaits the channel's confirmation; not sent again`);
  return { plan: { ...plan, changes, warnings: [...plan.warnings, ...warnings] }, held };
}

/**
 * The rows as the channel will show them once what it accepted lands: a stock or price change
 * awaiting confirmation counts as the listing's value. omni watch plans channels it did not read
 * in this cycle from the state last seen; without this, a sale that brings the master back to the
 * value seen before an accepted change would plan nothing while the channel goes on to apply the
 * accepted one.
 */
export function* expectAwaiting(rows: Iterable<PlanRow>, awaiting: readonly PendingChange[]): Generator<PlanRow> {
  const latest = new Map(awaiting.map((a) => [`${a.channelSku}\u0000${a.action}`, a.after])); // later runs win
  for (const row of rows) {
    const r = row.remote;
    const q = r && latest.get(`${r.sku}\u0000stock`);
    const p = r && latest.get(`${r.sku}\u0000price`);
    if (!r || (q === undefined && p === undefined)) { yield row; continue; }
    yield { ...row, remote: { ...r, ...(q !== undefined && !r.channelFulfilled ? { quantity: Number(q) } : {}), ...(p !== undefined ? { priceMinor: Number(p) } : {}) } };
  }
}
