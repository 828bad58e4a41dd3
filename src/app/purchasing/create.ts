// Creating purchase orders: from a suggestion (one per supplier) or from lines typed by hand.
import type { Db } from '../../db/open.js';
import { getProduct } from '../../db/products.js';
import { getSupplier, insertPurchaseOrder, nextPoNumber, supplierItem, listSuppliers, type NewPoLine } from '../../db/purchasing.js';
import { isSaneQuantity, MAX_QUANTITY } from '../../core/bounds.js';
import { capText } from '../../core/text.js';
import { usageError } from '../../core/errors.js';
import type { Suggestion } from './suggest.js';

export interface CreatedPo { number: string; supplier: string; currency: string; lines: number; totalMinor: number; expectedAt: string | null }

export function createFromSuggestion(db: Db, s: Suggestion, now: Date): CreatedPo[] {
  return db.transaction(() => s.purchaseOrders.map((po) => {
    const number = nextPoNumber(db, now.getUTCFullYear());
    insertPurchaseOrder(db, {
      number, supplier: po.supplier, currency: po.currency, expectedAt: po.expectedAt || null, status: 'draft',
      lines: po.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, costMinor: l.costMinor })),
    });
    return { number, supplier: po.supplier, currency: po.currency, lines: po.lines.length, totalMinor: po.totalMinor, expectedAt: po.expectedAt || null };
  }));
}

export interface ManualLine { sku: string; quantity: number; costMinor?: number | undefined }

/** "MUG-1:24" or "MUG-1:24:5.20" → a line. */
export function parseLineSpec(spec: string, parseCost: (s: string) => number | undefined): ManualLine {
  const m = /^(.+?):(\d+)(?::(.+))?$/.exec(spec.trim());
  if (!m || Number(m[2]) < 1 || !isSaneQuantity(Number(m[2]))) throw usageError(`--line "${capText(spec, 60)}" is not SKU:QTY or SKU:QTY:COST (QTY from 1 to ${MAX_QUANTITY}).`, 'E.g. --line MUG-STONE-350:48 or --line MUG-STONE-350:48:5.20');
  const cost = m[3] === undefined ? undefined : parseCost(m[3]);
  if (m[3] !== undefined && (cost === undefined || cost < 0)) throw usageError(`--line "${capText(spec, 60)}": "${capText(m[3], 40)}" is not a price.`);
  return { sku: m[1]!, quantity: Number(m[2]), costMinor: cost };
}

export function createManual(db: Db, supplier: string, lines: readonly ManualLine[], now: Date): CreatedPo {
  const sup = getSupplier(db, supplier);
  if (!sup) {
    throw usageError(`Unknown supplier "${supplier}".`, `Known suppliers: ${listSuppliers(db).map((s) => s.code).join(', ') || '(none yet: they come from supplier feeds)'}.`);
  }
  if (lines.length === 0) throw usageError('A purchase order needs at least one --line SKU:QTY.');
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: NewPoLine[] = [];
  for (const l of lines) {
    const product = getProduct(db, l.sku);
    if (!product) { problems.push(`unknown sku "${l.sku}"`); continue; }
    if (seen.has(l.sku)) { problems.push(`sku "${l.sku}" is listed twice`); continue; }
    seen.add(l.sku);
    const cost = l.costMinor ?? supplierItem(db, supplier, l.sku)?.costMinor ?? product.costMinor;
    if (cost === null || cost === undefined) { problems.push(`no cost known for "${l.sku}": give it as SKU:QTY:COST`); continue; }
    out.push({ sku: l.sku, quantity: l.quantity, costMinor: cost });
  }
  if (problems.length > 0) throw usageError('The purchase order was not created.', 'Nothing was written.', problems);
  const number = nextPoNumber(db, now.getUTCFullYear());
  const expectedAt = sup.leadTimeDays !== null ? new Date(now.getTime() + sup.leadTimeDays * 86_400_000).toISOString().slice(0, 10) : null;
  insertPurchaseOrder(db, { number, supplier, currency: sup.currency, expectedAt, status: 'draft', lines: out });
  return { number, supplier, currency: sup.currency, lines: out.length, totalMinor: out.reduce((s, l) => s + l.quantity * l.costMinor, 0), expectedAt };
}
