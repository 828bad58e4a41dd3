// `omni po receive`: a delivery booked into the ledger as receipts, checked against the PO.
// The whole delivery file is checked first; one bad row (unknown sku, bad quantity) writes nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Db } from '../../db/open.js';
import { applyMovement } from '../../db/ledger.js';
import { assertOwnedLocation, listLocations } from '../../db/locations.js';
import { findReceipt, getPurchaseOrder, insertReceipt, receiptCount, resolveSupplierCode, setPoStatus, type PoView } from '../../db/purchasing.js';
import { MAX_QUANTITY } from '../../core/bounds.js';
import { capText } from '../../core/text.js';
import { UserError, ExitCode, usageError } from '../../core/errors.js';
import { readSheet, column } from './sheet.js';
import { deliveryReport, type DeliveryReport } from './delivery.js';

export interface DeliveryItem { code: string; quantity: number; where: string }

export function mustGetPo(db: Db, number: string): PoView {
  const v = getPurchaseOrder(db, number);
  if (!v) throw usageError(`Unknown purchase order "${number}".`, 'List them with `omni po list`.');
  return v;
}

/** A delivery note: a sku (or supplier sku / barcode) column and a quantity column. */
export async function readDeliveryFile(file: string): Promise<{ items: DeliveryItem[]; hash: string; problems: string[] }> {
  const sheet = await readSheet(file);
  const skuCol = column(sheet, 'sku', ['sku', 'supplier_sku', 'article', 'item', 'barcode', 'ean'])!;
  const qtyCol = column(sheet, 'quantity', ['quantity', 'qty', 'delivered', 'received', 'units'])!;
  const problems: string[] = [];
  const items: DeliveryItem[] = [];
  for (const r of sheet.rows) {
    const code = r.cells[skuCol] ?? '';
    const q = r.cells[qtyCol] ?? '';
    if (!code) problems.push(`${sheet.name}:${r.rowNo}:${skuCol}: empty sku`);
    if (!/^\d+$/.test(q)) problems.push(`${sheet.name}:${r.rowNo}:${qtyCol}: "${capText(q, 40)}" is not a whole number of 0 or more`);
    else if (Number(q) > MAX_QUANTITY) problems.push(`${sheet.name}:${r.rowNo}:${qtyCol}: ${capText(q, 40)} is more than omni accepts (at most ${MAX_QUANTITY})`);
    else if (code && Number(q) > 0) items.push({ code, quantity: Number(q), where: `${sheet.name}:${r.rowNo}:${skuCol}` });
  }
  return { items, hash: createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12), problems };
}

export interface ReceiveResult extends DeliveryReport {
  po: string;
  location: string;
  applied: boolean;
  booked: { sku: string; quantity: number; movementKey: string; applied: boolean }[];
  /** Lines whose code is no sku of this supplier, left out with --skip-unknown (file:row:column). */
  skipped: { code: string; quantity: number; where: string }[];
}

export interface ReceiveOptions {
  keyBase?: string | undefined;
  /** The key the user chose (-k): the same key on another delivery is refused, not dropped. */
  userKey?: string | undefined;
  /** Problems found reading the file (bad quantities): these always stop the delivery. */
  problems?: string[] | undefined;
  /** Book the known lines and list the unknown codes instead of refusing the whole delivery. */
  skipUnknown?: boolean | undefined;
}

export function receiveDelivery(db: Db, number: string, items: readonly DeliveryItem[], location: string, opts: ReceiveOptions = {}): ReceiveResult {
  const view = mustGetPo(db, number);
  if (view.po.status === 'cancelled') throw new UserError(`${number} is cancelled; nothing can be received on it.`, { exitCode: ExitCode.refused });
  if (!listLocations(db).some((l) => l.code === location)) {
    throw usageError(`Unknown location "${location}".`, `Known locations: ${listLocations(db).map((l) => l.code).join(', ')}.`);
  }
  assertOwnedLocation(db, location, 'a receipt into');
  const problems = [...(opts.problems ?? [])];
  const now = new Map<string, number>();
  const skipped: ReceiveResult['skipped'] = [];
  const unknown: string[] = [];
  for (const it of items) {
    const sku = resolveSupplierCode(db, view.po.supplier, it.code);
    if (sku) now.set(sku, (now.get(sku) ?? 0) + it.quantity);
    else if (opts.skipUnknown) skipped.push({ code: it.code, quantity: it.quantity, where: it.where });
    else unknown.push(`${it.where}: unknown sku "${it.code}" (not a master sku, ${view.po.supplier} supplier sku, alias or barcode)`);
  }
  if (problems.length > 0 || unknown.length > 0) {
    const first = items.find((it) => !resolveSupplierCode(db, view.po.supplier, it.code));
    const hint = unknown.length === 0 ? 'Nothing was written. Fix the rows above and run it again.'
      : `Nothing was written. Map each code to its master sku (\`omni suppliers map ${view.po.supplier} ${first?.code ?? 'CODE'} SKU\`) and run it again, `
        + 'or add --skip-unknown to book the known lines now and receive the others later.';
    throw usageError(`The delivery for ${number} was not booked.`, hint, [...problems, ...unknown]);
  }
  if (now.size === 0) throw usageError(`The delivery for ${number} has no units to book${skipped.length ? ` (every code is unknown: ${skipped.map((x) => x.code).join(', ')})` : ''}.`,
    skipped.length ? `Map the codes with \`omni suppliers map ${view.po.supplier} CODE SKU\` and run it again.` : undefined);
  const base = opts.keyBase ?? `receipt:${number}:${receiptCount(db, view.po.id) + 1}`;
  const booked = db.transaction(() => {
    const out = [...now].map(([sku, quantity]) => {
      const movementKey = `${base}:${sku}`;
      const fresh = insertReceipt(db, { poId: view.po.id, sku, quantity, location, movementKey });
      if (!fresh && opts.userKey) assertSameReceipt(db, movementKey, { sku, quantity, location }, opts.userKey);
      if (fresh) applyMovement(db, { sku, location, delta: quantity, kind: 'receipt', idempotencyKey: movementKey, ref: `${number} from ${view.po.supplier}` });
      return { sku, quantity, movementKey, applied: fresh };
    });
    return out;
  });
  const applied = booked.some((b) => b.applied);
  // Received before = everything on the PO except what this call booked.
  const thisCall = new Map(booked.filter((b) => b.applied).map((b) => [b.sku, b.quantity]));
  const after = mustGetPo(db, number);
  const report = deliveryReport(after.lines.map((l) => ({ ...l, received: l.received - (thisCall.get(l.sku) ?? 0) })), thisCall);
  if (applied) setPoStatus(db, view.po.id, report.poStatus);
  return { po: number, location, applied, booked, skipped, ...report };
}

/** A key the user chose (`-k`) repeats one delivery: the same key with other units is refused, not dropped. */
function assertSameReceipt(db: Db, movementKey: string, now: { sku: string; quantity: number; location: string }, userKey: string): void {
  const first = findReceipt(db, movementKey);
  if (!first || (first.quantity === now.quantity && first.location === now.location)) return;
  throw usageError(`The key "${capText(userKey, 80)}" was already used on ${first.receivedAt} for ${first.quantity} × ${first.sku} into ${first.location}; this command is ${now.quantity} × ${now.sku} into ${now.location}. Nothing was changed.`,
    'A key repeats one delivery safely; book another delivery under a new key (or leave -k out).');
}
