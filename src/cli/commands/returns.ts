import { Output, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { addReturn } from '../../app/returns.js';
import { parseOrderRef, parseWhole } from '../../app/refs.js';
import { formatMoney, parseMoney } from '../../core/money.js';
import { usageError } from '../../core/errors.js';

interface AddOptions { order: string; sku: string; qty: string; to: string; restock?: boolean; damaged?: boolean; refund?: string; key?: string }

export async function add(_a: unknown[], o: AddOptions, g: GlobalOptions): Promise<number> {
  const order = parseOrderRef(o.order);
  const quantity = parseWhole(o.qty, '--qty', { min: 1 });
  if (o.restock && o.damaged) throw usageError('Give --restock or --damaged, not both.');
  const refundMinor = o.refund === undefined ? undefined : parseMoney(o.refund);
  if (o.refund !== undefined && (refundMinor === undefined || refundMinor < 0)) throw usageError(`--refund "${o.refund}" is not an amount.`, 'Write it like 14.90.');
  const ws = await openWorkspace(g, { write: true, command: `omni returns add --order ${o.order}` });
  try {
    const r = addReturn(ws.db, { order, sku: o.sku, quantity, location: o.to, disposition: o.damaged ? 'damaged' : 'restock', refundMinor, key: o.key });
    new Output(g).result('returns-add', r, () => {
      const what = `${r.quantity} × ${r.sku} of ${r.channel}:${r.order} returned at ${r.location}`;
      if (!r.applied) return `Already recorded under this key; nothing changed. ${what}.`;
      return r.disposition === 'restock'
        ? `${what} and restocked: ${r.onHand} on hand there. Every channel gets the units at its next sync. Refund ${formatMoney(r.refundMinor, r.currency)}.`
        : `${what} as damaged (no stock booked). Refund ${formatMoney(r.refundMinor, r.currency)}.`;
    });
  } finally { ws.close(); }
  return 0;
}
