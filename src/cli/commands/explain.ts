import { Output, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { explain, type Explanation, type ListingExplanation } from '../../app/explain.js';
import { formatMoney } from '../../core/money.js';
import { localTime } from '../local-time.js';

export async function run(args: unknown[], o: { channel?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const e = explain(ws, String(args[0]), o.channel);
    new Output(g).result('explain', e, () => render(e, ws.config.timezone));
  } finally { ws.close(); }
  return 0;
}

function listingLine(l: ListingExplanation, tz: string): string {
  const how = l.match === 'map' ? 'your mapping' : l.match === 'identity' ? 'same sku' : l.match === 'barcode' ? 'barcode' : 'unmatched';
  if (l.channelFulfilled) return `  listing ${l.channelSku} (${how}): fulfilled by the channel — it counts this stock, omni never pushes it`;
  const seen = l.seen.quantity === null ? 'showed no quantity' : `showed ${l.seen.quantity} at the last pull (${localTime(l.seen.at, tz)})`;
  const pushed = l.pushed.at ? `omni last pushed ${l.pushed.quantity} at ${localTime(l.pushed.at, tz)}` : 'omni has pushed nothing yet';
  const last = l.lastChange ? `; last change ${l.lastChange.before ?? '-'} → ${l.lastChange.after} ${l.lastChange.outcome}${l.lastChange.message ? ` (${l.lastChange.message})` : ''} in run ${l.lastChange.runId}` : '';
  const next = l.publishes === null ? '' : l.seen.quantity === l.publishes ? '; in step' : `; the next sync sends ${l.publishes}`;
  return `  listing ${l.channelSku} (${how}): ${seen}; ${pushed}${last}${next}`;
}

export function render(e: Explanation, tz: string): string {
  const out: string[] = [`${e.sku}  ${e.title}`];
  if (e.resolvedFrom) out.push(`(${e.resolvedFrom.channel} sells it as ${e.resolvedFrom.channelSku})`);
  if (e.bundle) out.push(`A bundle of ${e.bundle.map((c) => `${c.quantity} × ${c.sku}`).join(' + ')}: it holds no stock; its components do.`);
  else out.push(`On hand: ${e.onHand.length ? e.onHand.map((l) => `${l.location} ${l.onHand}${l.managedBy ? ` (counted by ${l.managedBy})` : ''}`).join(', ') : 'nothing booked'}`
    + ` = ${e.onHand.reduce((n, l) => n + l.onHand, 0)}`);
  for (const c of e.channels) {
    out.push('', `${c.channel} → ${c.published === null ? 'nothing pushed' : c.published}`, `  ${c.summary}`);
    c.derivation.steps.forEach((s, i) => out.push(`  ${i + 1}. ${s.text}${s.source && s.source !== 'channel' ? ` [${s.source}]` : ''}`));
    if (c.derivation.steps.length === 1) out.push('     (no buffer, allocation, safety or max on this channel)');
    out.push(`  stock_from: ${c.rules.stockFrom.join(', ')}; price ${formatMoney(c.price.channelMinor, c.price.currency) || '-'}${c.price.channelMinor !== c.price.masterMinor ? ` (master ${formatMoney(c.price.masterMinor, c.price.currency)})` : ''}`);
    for (const l of c.listings) out.push(listingLine(l, tz));
  }
  out.push('', `Times in ${tz}. The same numbers: \`omni stock ${e.sku}\`; the sync report's "why" column is step 1 onward in one line.`);
  return out.join('\n');
}
