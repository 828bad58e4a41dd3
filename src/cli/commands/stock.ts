import { randomUUID } from 'node:crypto';
import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { asLocalRun } from '../../app/local-run.js';
import { stockView } from '../../app/stock-view.js';
import { applyCount, applyMovement, applyTransfer } from '../../db/ledger.js';
import { getProduct } from '../../db/products.js';
import { assertOwnedLocation } from '../../db/locations.js';
import { assertHoldsStock } from '../../db/bundles.js';
import { usageError } from '../../core/errors.js';
import { isSaneQuantity, quantityProblem } from '../../core/bounds.js';
import { capText, skuProblem } from '../../core/text.js';
import { parseAsOf } from '../../app/refs.js';
import { localTime } from '../local-time.js';

export async function show(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const sku = args[0] as string | undefined;
  const ws = await openWorkspace(g);
  try {
    if (sku && !getProduct(ws.db, sku)) throw usageError(`Unknown sku "${capText(sku, 60)}".`, 'Search with `omni products list --search TEXT`.');
    const lines = stockView(ws.db, ws.config, sku);
    const locs = ws.config.locations.map((l) => l.code);
    const channels = Object.keys(lines[0]?.published ?? {});
    new Output(g).result('stock', { lines }, () => lines.length === 0 ? 'No stock booked yet. Use `omni stock count SKU N -l LOCATION` to record a stocktake.'
      : table(['sku', ...locs, 'total', ...channels.map((c) => `→ ${c}`)],
        lines.map((l) => [l.sku, ...locs.map((c) => (l.bundle ? '-' : l.locations[c] ?? 0)), l.bundle ? '-' : l.total,
          ...channels.map((c) => (l.published[c] === null ? 'channel' : l.published[c] ?? 0))]))
        + (channels.length ? '\n\n→ channel: what omni publishes there (its stock_from and rules; `omni explain SKU` shows how).'
          + (lines.some((l) => Object.values(l.published).includes(null)) ? '\n"channel": the channel fulfils it from its own stock (FBA) and counts it; omni pushes no number.' : '') : ''));
  } finally { ws.close(); }
  return 0;
}

interface MoveOptions { location?: string; reason?: string; key?: string; allowNegative?: boolean; from?: string; to?: string; asOf?: string }

/** A whole number typed on the command line, within the sane bounds (core/bounds.ts). */
function wholeNumber(name: string, v: unknown, signed: boolean): number {
  const s = String(v);
  if (!(signed ? /^[+-]?\d+$/ : /^\d+$/).test(s)) throw usageError(`${name} "${capText(s, 40)}" is not a whole number${signed ? '' : ' of 0 or more'}.`);
  const n = Number(s);
  if (!isSaneQuantity(n)) throw usageError(`${name} ${capText(s, 40)} ${quantityProblem(n)}.`, 'Nothing was changed. Check the number you typed.');
  return n;
}

/** A sku typed on the command line: control characters never name a product. */
function skuArg(sku: string): string {
  const why = skuProblem(sku);
  if (why) throw usageError(`The sku "${capText(sku, 60)}" ${why}.`, 'Nothing was changed.');
  return sku;
}

function printMove(g: GlobalOptions, data: { applied: boolean; supersededBy?: string | undefined } & Record<string, unknown>, text: string): void {
  new Output(g).result('stock-move', data, () => (data.supersededBy ? `A count as of ${data.supersededBy} is already booked there; this older one changes nothing. ${text}`
    : data.applied ? text : `Already recorded under this key; nothing changed. ${text}`));
}

export async function adjust(args: unknown[], o: MoveOptions, g: GlobalOptions): Promise<number> {
  const [sku, deltaArg] = [skuArg(args[0] as string), args[1] as string];
  const delta = wholeNumber('The change', deltaArg, true);
  if (delta === 0) throw usageError('An adjustment of 0 changes nothing.');
  const ws = await openWorkspace(g, { write: true, command: `omni stock adjust ${sku}` });
  try {
    assertOwnedLocation(ws.db, o.location!, 'an adjustment at');
    assertHoldsStock(ws.db, sku);
    const key = o.key ? `adjust:${o.key}` : `adjust:${randomUUID()}`;
    const userKey = o.key ? { key: o.key, params: { command: 'stock adjust', sku, location: o.location!, delta } } : undefined;
    const r = applyMovement(ws.db, { sku, location: o.location!, delta, kind: 'adjustment', idempotencyKey: key, reason: o.reason, userKey }, { allowNegative: o.allowNegative ?? false });
    printMove(g, { action: 'adjust', sku, key, applied: r.applied, delta, location: o.location!, onHand: { [o.location!]: r.onHand } }, `${sku} at ${o.location}: ${r.onHand} on hand.`);
  } finally { ws.close(); }
  return 0;
}

export async function count(args: unknown[], o: MoveOptions, g: GlobalOptions): Promise<number> {
  const [sku, countedArg] = [skuArg(args[0] as string), args[1] as string];
  const counted = wholeNumber('The count', countedArg, false);
  const ws = await openWorkspace(g, { write: true, command: `omni stock count ${sku}` });
  try {
    const asOf = o.asOf ? parseAsOf(o.asOf, new Date(), ws.config.timezone).toISOString() : undefined;
    assertOwnedLocation(ws.db, o.location!, 'a count at');
    if (counted !== 0) assertHoldsStock(ws.db, sku); // counting a bundle's own old units to 0 is fine
    const key = o.key ? `count:${o.key}` : `count:${randomUUID()}`;
    const userKey = o.key ? { key: o.key, params: { command: 'stock count', sku, location: o.location!, counted, asOf: asOf ?? null } } : undefined;
    const r = applyCount(ws.db, { sku, location: o.location!, counted, asOf, idempotencyKey: key, reason: o.reason ?? 'stocktake', userKey });
    printMove(g, { action: 'count', sku, key, applied: r.applied, counted, location: o.location!, onHand: { [o.location!]: r.onHand },
      ...(asOf ? { asOf } : {}), ...(r.supersededBy ? { supersededBy: r.supersededBy } : {}) }, `${sku} at ${o.location}: ${r.onHand} on hand.`);
  } finally { ws.close(); }
  return 0;
}

export async function transfer(args: unknown[], o: MoveOptions, g: GlobalOptions): Promise<number> {
  const [sku, qtyArg] = [skuArg(args[0] as string), args[1] as string];
  const quantity = wholeNumber('The quantity', qtyArg, false);
  const ws = await openWorkspace(g, { write: true, command: `omni stock transfer ${sku}` });
  try {
    assertOwnedLocation(ws.db, o.from!, 'a transfer out of');
    assertOwnedLocation(ws.db, o.to!, 'a transfer into');
    assertHoldsStock(ws.db, sku);
    const key = o.key ? `transfer:${o.key}` : `transfer:${randomUUID()}`;
    const userKey = o.key ? { key: o.key, params: { command: 'stock transfer', sku, from: o.from!, to: o.to!, quantity } } : undefined;
    const r = applyTransfer(ws.db, { sku, from: o.from!, to: o.to!, quantity, idempotencyKey: key, ...(o.reason ? { reason: o.reason } : {}), userKey }, { allowNegative: o.allowNegative ?? false });
    printMove(g, { action: 'transfer', sku, key, applied: r.applied, quantity, from: o.from!, to: o.to!, onHand: { [o.from!]: r.from, [o.to!]: r.to } },
      `${sku}: ${r.from} at ${o.from}, ${r.to} at ${o.to}.`);
  } finally { ws.close(); }
  return 0;
}

export async function importCsv(args: unknown[], o: { dryRun?: boolean; asOf?: string }, g: GlobalOptions): Promise<number> {
  const file = args[0] as string;
  const ws = await openWorkspace(g, { write: !o.dryRun, command: `omni stock import ${file}` });
  try {
    const { importStock } = await import('../../app/stock-import.js');
    const now = new Date();
    const asOf = o.asOf ? parseAsOf(o.asOf, now, ws.config.timezone) : undefined;
    const locations = ws.config.locations.map((l) => l.code);
    // Journalled as a run (`omni runs`), so `omni runs undo ID` can take the counts back.
    const s = o.dryRun ? await importStock(ws.db, file, locations, { dryRun: true, asOf, now })
      : await asLocalRun(ws.db, 'import:stock', 'stock-import', now, () => importStock(ws.db, file, locations, { asOf, now }),
        (x) => ({ status: 'ok', summary: { file: x.file, asOf: x.asOf, rows: x.rows, changed: x.changed, superseded: x.superseded } }));
    new Output(g).result('stock-import', s, () => `${s.dryRun ? 'Dry run (nothing booked): would have changed' : `Booked counts as of ${localTime(s.asOf, ws.config.timezone)}:`} ${s.changed} of ${s.rows} row(s); ${s.unchanged} already at that number or imported before`
      + `${s.superseded ? `; ${s.superseded} older than a count already booked (left as they are)` : ''}.`);
  } finally { ws.close(); }
  return 0;
}
