import { randomUUID } from 'node:crypto';
import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { stockView } from '../../app/stock-view.js';
import { applyCount, applyMovement, applyTransfer } from '../../db/ledger.js';
import { getProduct } from '../../db/products.js';
import { assertOwnedLocation } from '../../db/locations.js';
import { assertHoldsStock } from '../../db/bundles.js';
import { usageError } from '../../core/errors.js';

export async function show(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const sku = args[0] as string | undefined;
  const ws = await openWorkspace(g);
  try {
    if (sku && !getProduct(ws.db, sku)) throw usageError(`Unknown sku "${sku}".`, 'Search with `omni products list --search TEXT`.');
    const lines = stockView(ws.db, ws.config, sku);
    const locs = ws.config.locations.map((l) => l.code);
    const channels = Object.keys(lines[0]?.published ?? {});
    new Output(g).result(lines, () => lines.length === 0 ? 'No stock booked yet. Use `omni stock count SKU N -l LOCATION` to record a stocktake.'
      : table(['sku', ...locs, 'total', ...channels.map((c) => `→ ${c}`)],
        lines.map((l) => [l.sku, ...locs.map((c) => (l.bundle ? '-' : l.locations[c] ?? 0)), l.bundle ? '-' : l.total,
          ...channels.map((c) => (l.published[c] === null ? 'channel' : l.published[c] ?? 0))]))
        + (channels.length ? '\n\n→ channel: what omni publishes there (its stock_from and rules; `omni explain SKU` shows how).'
          + (lines.some((l) => Object.values(l.published).includes(null)) ? '\n"channel": the channel fulfils it from its own stock (FBA) and counts it; omni pushes no number.' : '') : ''));
  } finally { ws.close(); }
  return 0;
}

interface MoveOptions { location?: string; reason?: string; key?: string; allowNegative?: boolean; from?: string; to?: string }

function wholeNumber(name: string, v: unknown, signed: boolean): number {
  const s = String(v);
  if (!(signed ? /^[+-]?\d+$/ : /^\d+$/).test(s)) throw usageError(`${name} "${s}" is not a whole number${signed ? '' : ' of 0 or more'}.`);
  return Number(s);
}

function printMove(g: GlobalOptions, data: { applied: boolean } & Record<string, unknown>, text: string): void {
  new Output(g).result(data, () => (data.applied ? text : `Already recorded under this key; nothing changed. ${text}`));
}

export async function adjust(args: unknown[], o: MoveOptions, g: GlobalOptions): Promise<number> {
  const [sku, deltaArg] = args as [string, string];
  const delta = wholeNumber('The change', deltaArg, true);
  if (delta === 0) throw usageError('An adjustment of 0 changes nothing.');
  const ws = await openWorkspace(g, { write: true, command: `omni stock adjust ${sku}` });
  try {
    assertOwnedLocation(ws.db, o.location!, 'an adjustment at');
    assertHoldsStock(ws.db, sku);
    const key = o.key ? `adjust:${o.key}` : `adjust:${randomUUID()}`;
    const r = applyMovement(ws.db, { sku, location: o.location!, delta, kind: 'adjustment', idempotencyKey: key, reason: o.reason }, { allowNegative: o.allowNegative ?? false });
    printMove(g, { sku, location: o.location, delta, key, ...r }, `${sku} at ${o.location}: ${r.onHand} on hand.`);
  } finally { ws.close(); }
  return 0;
}

export async function count(args: unknown[], o: MoveOptions, g: GlobalOptions): Promise<number> {
  const [sku, countedArg] = args as [string, string];
  const counted = wholeNumber('The count', countedArg, false);
  const ws = await openWorkspace(g, { write: true, command: `omni stock count ${sku}` });
  try {
    assertOwnedLocation(ws.db, o.location!, 'a count at');
    if (counted !== 0) assertHoldsStock(ws.db, sku); // counting a bundle's own old units to 0 is fine
    const key = o.key ? `count:${o.key}` : `count:${randomUUID()}`;
    const r = applyCount(ws.db, { sku, location: o.location!, counted, idempotencyKey: key, reason: o.reason ?? 'stocktake' });
    printMove(g, { sku, location: o.location, counted, key, ...r }, `${sku} at ${o.location}: ${r.onHand} on hand.`);
  } finally { ws.close(); }
  return 0;
}

export async function transfer(args: unknown[], o: MoveOptions, g: GlobalOptions): Promise<number> {
  const [sku, qtyArg] = args as [string, string];
  const quantity = wholeNumber('The quantity', qtyArg, false);
  const ws = await openWorkspace(g, { write: true, command: `omni stock transfer ${sku}` });
  try {
    assertOwnedLocation(ws.db, o.from!, 'a transfer out of');
    assertOwnedLocation(ws.db, o.to!, 'a transfer into');
    assertHoldsStock(ws.db, sku);
    const key = o.key ? `transfer:${o.key}` : `transfer:${randomUUID()}`;
    const r = applyTransfer(ws.db, { sku, from: o.from!, to: o.to!, quantity, idempotencyKey: key, ...(o.reason ? { reason: o.reason } : {}) }, { allowNegative: o.allowNegative ?? false });
    printMove(g, { sku, from: o.from, to: o.to, quantity, key, applied: r.applied, onHand: { [o.from!]: r.from, [o.to!]: r.to } },
      `${sku}: ${r.from} at ${o.from}, ${r.to} at ${o.to}.`);
  } finally { ws.close(); }
  return 0;
}

export async function importCsv(args: unknown[], o: { dryRun?: boolean }, g: GlobalOptions): Promise<number> {
  const file = args[0] as string;
  const ws = await openWorkspace(g, { write: !o.dryRun, command: `omni stock import ${file}` });
  try {
    const { importStock } = await import('../../app/stock-import.js');
    const s = importStock(ws.db, file, ws.config.locations.map((l) => l.code), o);
    new Output(g).result(s, () => `${s.dryRun ? 'Dry run (nothing booked): would have changed' : 'Booked counts:'} ${s.changed} of ${s.rows} row(s); ${s.unchanged} already at that number or imported before.`);
  } finally { ws.close(); }
  return 0;
}
