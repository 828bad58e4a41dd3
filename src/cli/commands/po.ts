import { writeFileSync } from 'node:fs';
import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { suggestFromMaster } from '../../app/purchasing/plan.js';
import { createFromSuggestion, createManual, parseLineSpec } from '../../app/purchasing/create.js';
import { mustGetPo, readDeliveryFile, receiveDelivery } from '../../app/purchasing/receive.js';
import { checkInvoiceFile } from '../../app/purchasing/invoice.js';
import { poCsv, poXlsx } from '../../app/purchasing/export.js';
import { listPurchaseOrders } from '../../db/purchasing.js';
import type { Suggestion } from '../../app/purchasing/suggest.js';
import type { DeliveryReport } from '../../app/purchasing/delivery.js';
import { periodDays, parseWhole } from '../../app/refs.js';
import { formatMoney } from '../../core/money.js';
import { sheetMoney } from '../../app/purchasing/sheet.js';
import { ExitCode, usageError } from '../../core/errors.js';

interface SuggestFlags { supplier?: string; velocity?: string; safetyDays?: string; coverDays?: string; create?: boolean }

export function suggestionText(s: Suggestion): string {
  const parts: string[] = [];
  for (const po of s.purchaseOrders) {
    parts.push(`Supplier ${po.supplier} — ${po.lines.length} line(s), ${formatMoney(po.totalMinor, po.currency)}, expected ${po.expectedAt || '?'}`,
      table(['sku', 'supplier sku', 'on hand', 'on order', 'point', 'needed', 'order', 'pack', 'min', 'cost'],
        po.lines.map((l) => [l.sku, l.supplierSku, l.onHand, l.onOrder, l.reorderPoint, l.needed, l.quantity, l.packSize, l.minOrder, formatMoney(l.costMinor, po.currency)])), '');
  }
  if (s.unsourced.length) {
    parts.push('Need reordering but no supplier item with a cost:',
      table(['sku', 'title', 'on hand', 'point', 'needed'], s.unsourced.map((u) => [u.sku, u.title, u.onHand, u.reorderPoint, u.needed])), '');
  }
  return parts.length ? parts.join('\n').trimEnd() : 'Nothing to reorder: every sku is above its reorder point (counting open purchase orders).';
}

export async function suggest(_a: unknown[], o: SuggestFlags, g: GlobalOptions): Promise<number> {
  const now = new Date();
  const opts = {
    supplier: o.supplier, velocityDays: o.velocity ? periodDays(o.velocity, now, '--velocity') : undefined,
    safetyDays: o.safetyDays ? parseWhole(o.safetyDays, '--safety-days') : undefined, coverDays: o.coverDays ? parseWhole(o.coverDays, '--cover-days') : undefined,
  };
  const ws = await openWorkspace(g, o.create ? { write: true, command: 'omni po suggest --create' } : {});
  try {
    const s = suggestFromMaster(ws.db, { ...opts, defaultReorderPoint: ws.config.low_stock.default_reorder_point }, now);
    const created = o.create ? createFromSuggestion(ws.db, s, now) : [];
    new Output(g).result('po-suggest', { ...s, created }, () => suggestionText(s)
      + (created.length ? `\n\nCreated ${created.map((c) => `${c.number} (${c.supplier})`).join(', ')} as drafts. Export with \`omni po export NUMBER --format xlsx\`.` : ''));
  } finally { ws.close(); }
  return 0;
}

export async function create(_a: unknown[], o: { supplier?: string; line?: string[]; fromSuggestion?: boolean }, g: GlobalOptions): Promise<number> {
  if (o.fromSuggestion) return suggest([], { supplier: o.supplier, create: true }, g);
  if (!o.supplier) throw usageError('--supplier is required (or use --from-suggestion).');
  const lines = (o.line ?? []).map((l) => parseLineSpec(l, sheetMoney));
  const ws = await openWorkspace(g, { write: true, command: 'omni po create' });
  try {
    const c = createManual(ws.db, o.supplier, lines, new Date());
    new Output(g).result('po-create', c, () => `Created ${c.number} for ${c.supplier}: ${c.lines} line(s), ${formatMoney(c.totalMinor, c.currency)} (draft).`);
  } finally { ws.close(); }
  return 0;
}

export async function list(_a: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const rows = listPurchaseOrders(ws.db);
    new Output(g).result('po-list', { purchaseOrders: rows }, () => rows.length === 0 ? 'No purchase orders yet. Try `omni po suggest`.'
      : table(['po', 'supplier', 'status', 'lines', 'total', 'expected'], rows.map((p) => [p.number, p.supplier, p.status, p.lines, formatMoney(p.totalMinor, p.currency), p.expectedAt])));
  } finally { ws.close(); }
  return 0;
}

export async function show(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const v = mustGetPo(ws.db, String(args[0]));
    const total = v.lines.reduce((s, l) => s + l.quantity * l.costMinor, 0);
    new Output(g).result('po-show', { ...v, totalMinor: total }, () => [
      `${v.po.number}  ${v.po.status}  supplier ${v.supplier?.name ?? v.po.supplier} (${v.po.supplier})  expected ${v.po.expectedAt ?? '-'}`, '',
      table(['sku', 'supplier sku', 'title', 'ordered', 'received', 'unit cost', 'line total'],
        v.lines.map((l) => [l.sku, l.supplierSku, l.title, l.quantity, l.received, formatMoney(l.costMinor, v.po.currency), formatMoney(l.costMinor * l.quantity, v.po.currency)])),
      `total: ${formatMoney(total, v.po.currency)}`,
    ].join('\n'));
  } finally { ws.close(); }
  return 0;
}

export async function exportPo(args: unknown[], o: { format?: string; output?: string }, g: GlobalOptions): Promise<number> {
  const number = String(args[0]);
  const format = o.format ?? (o.output?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
  if (format !== 'csv' && format !== 'xlsx') throw usageError(`--format "${format}" is not csv or xlsx.`);
  const ws = await openWorkspace(g);
  try {
    const v = mustGetPo(ws.db, number);
    const file = o.output ?? `${number}.${format}`;
    writeFileSync(file, format === 'csv' ? poCsv(v) : poXlsx(v));
    new Output(g).result('po-export', { po: number, format, file, lines: v.lines.length }, () => `Wrote ${number} (${v.lines.length} line(s)) to ${file}.`);
  } finally { ws.close(); }
  return 0;
}

export function deliveryText(r: DeliveryReport): string {
  const bad = r.lines.filter((l) => l.status !== 'complete');
  return table(['sku', 'ordered', 'before', 'now', 'received', 'difference', 'status'],
    r.lines.map((l) => [l.sku, l.ordered, l.receivedBefore, l.receivedNow, l.received, l.difference > 0 ? `+${l.difference}` : l.difference, l.status]))
    + (bad.length ? `\n\n${r.short.length} short, ${r.over.length} over, ${r.unexpected.length} unexpected.` : '\n\nEverything ordered has arrived.');
}

interface ReceiveFlags { file?: string; sku?: string; qty?: string; to: string; key?: string; skipUnknown?: boolean }

export async function receive(args: unknown[], o: ReceiveFlags, g: GlobalOptions): Promise<number> {
  const number = String(args[0]);
  if (!o.file === !o.sku) throw usageError('Give either --file DELIVERY.csv or --sku SKU --qty N.');
  const single = o.sku ? { code: o.sku, quantity: parseWhole(o.qty ?? '', '--qty', { min: 1 }), where: '--sku' } : undefined;
  const fromFile = o.file ? await readDeliveryFile(o.file) : undefined;
  const ws = await openWorkspace(g, { write: true, command: `omni po receive ${number}` });
  try {
    const keyBase = o.key ? `receipt:${number}:${o.key}` : fromFile ? `receipt:${number}:file-${fromFile.hash}` : undefined;
    const r = receiveDelivery(ws.db, number, single ? [single] : fromFile!.items, o.to, { keyBase, userKey: o.key, problems: fromFile?.problems ?? [], skipUnknown: o.skipUnknown });
    const supplier = mustGetPo(ws.db, number).po.supplier;
    new Output(g).result('po-receive', r, () => (r.applied ? `Booked into ${r.location}; ${number} is now ${r.poStatus}.\n\n` : 'Already booked under this key (same delivery file?); nothing changed.\n\n') + deliveryText(r)
      + (r.skipped.length ? `\n\nLeft out (unknown codes, not booked):\n${r.skipped.map((x) => `  ${x.where}: ${x.code} × ${x.quantity}`).join('\n')}\n`
        + `Map them with \`omni suppliers map ${supplier} CODE SKU\`, then receive the same file again: what is booked already is not booked twice.` : ''));
    return r.skipped.length ? ExitCode.refused : ExitCode.ok;
  } finally { ws.close(); }
}

export async function checkInvoice(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const [number, file] = args.map(String) as [string, string];
  const ws = await openWorkspace(g);
  try {
    const r = await checkInvoiceFile(ws.db, number, file);
    const m = (v: number) => formatMoney(v, r.currency);
    new Output(g).result('po-check-invoice', r, () => [
      `${r.file} against ${r.po}: invoiced ${m(r.invoicedMinor)}, received goods at order prices ${m(r.expectedMinor)}.`,
      r.ok ? 'Every line matches the order and the receipts.' : `${r.mismatches.length} mismatch(es):\n\n` + table(['sku', 'kind', 'rows', 'ordered', 'received', 'invoiced', 'PO price', 'invoice price', 'difference'],
        r.mismatches.map((x) => [x.sku, x.kind, x.rows.join(' '), x.ordered, x.received, x.invoiced, formatMoney(x.poPriceMinor, r.currency), formatMoney(x.invoicePriceMinor, r.currency), m(x.amountMinor)])),
    ].join('\n'));
    return r.ok ? 0 : 1;
  } finally { ws.close(); }
}
