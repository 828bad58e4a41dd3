// `omni po check-invoice`: read the supplier's invoice (CSV/XLSX), map its codes to master skus,
// refuse one in another currency, and compare it with the PO and its receipts.
import type { Db } from '../../db/open.js';
import { resolveSupplierCode } from '../../db/purchasing.js';
import { usageError } from '../../core/errors.js';
import { readSheet, column, sheetAmount, decimalExample } from './sheet.js';
import { checkInvoice, type InvoiceCheck, type InvoiceLine } from './invoice-check.js';
import { mustGetPo } from './receive.js';

export async function checkInvoiceFile(db: Db, number: string, file: string): Promise<InvoiceCheck & { po: string; file: string }> {
  const view = mustGetPo(db, number);
  const sheet = await readSheet(file);
  const skuCol = column(sheet, 'sku', ['sku', 'supplier_sku', 'article', 'item', 'barcode', 'ean'])!;
  const qtyCol = column(sheet, 'quantity', ['quantity', 'qty', 'invoiced', 'units'])!;
  const priceCol = column(sheet, 'unit price', ['unit_price', 'price', 'unit_cost', 'cost', 'net_price'])!;
  const curCol = column(sheet, 'currency', ['currency', 'cur', 'ccy'], false);
  const problems: string[] = [];
  const bySku = new Map<string, InvoiceLine>();
  const currency = view.po.currency;
  for (const r of sheet.rows) {
    const at = (c: string) => `${sheet.name}:${r.rowNo}:${c}`;
    const code = r.cells[skuCol] ?? '';
    const q = r.cells[qtyCol] ?? '';
    const priceText = r.cells[priceCol] ?? '';
    const rowCurrency = (curCol ? r.cells[curCol] ?? '' : '').toUpperCase() || /(USD|GBP|CHF|EUR|\$|£|€)/i.exec(priceText)?.[1]?.toUpperCase().replace('$', 'USD').replace('£', 'GBP').replace('€', 'EUR');
    if (rowCurrency && rowCurrency !== currency) {
      problems.push(`${at(curCol ?? priceCol)}: the invoice is in ${rowCurrency}, but ${number} is in ${currency}`);
      continue;
    }
    const sku = code ? resolveSupplierCode(db, view.po.supplier, code) : undefined;
    if (!code) problems.push(`${at(skuCol)}: empty sku`);
    else if (!sku) problems.push(`${at(skuCol)}: unknown sku "${code}"`);
    if (!/^-?\d+$/.test(q)) problems.push(`${at(qtyCol)}: "${q}" is not a whole number`);
    const price = sheetAmount(sheet, priceText);
    if (price === undefined) problems.push(`${at(priceCol)}: "${priceText}" is not a price (this file writes prices like ${decimalExample(sheet)})`);
    if (!sku || !/^-?\d+$/.test(q) || price === undefined) continue;
    const prev = bySku.get(sku);
    if (prev && prev.unitPriceMinor === price) { prev.quantity += Number(q); prev.rows.push(r.rowNo); }
    else if (prev) problems.push(`${at(priceCol)}: ${sku} appears again at another price (${priceText}) than on row ${prev.rows[0]}`);
    else bySku.set(sku, { sku, quantity: Number(q), unitPriceMinor: price, rows: [r.rowNo] });
  }
  if (problems.length > 0) {
    const foreign = problems.some((p) => p.includes('the invoice is in'));
    throw usageError(`${sheet.name} cannot be checked against ${number}.`,
      foreign ? `Prices in another currency cannot be compared with the order. Ask the supplier for an invoice in ${currency}.` : 'Fix the rows above and run it again.', problems);
  }
  const lines = view.lines.map((l) => ({ sku: l.sku, ordered: l.quantity, received: l.received, costMinor: l.costMinor }));
  return { po: number, file: sheet.name, ...checkInvoice(lines, [...bySku.values()], currency) };
}
