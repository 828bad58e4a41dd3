// A purchase order as a file to e-mail to the supplier: CSV (formula-escaped) or XLSX.
import * as XLSX from '@e965/xlsx';
import { toCsv } from '../../report/csv.js';
import { formatAmount } from '../../core/money.js';
import type { PoView } from '../../db/purchasing.js';

const HEADERS = ['po_number', 'supplier', 'supplier_sku', 'sku', 'title', 'quantity', 'unit_cost', 'line_total', 'currency', 'expected'] as const;


export function poRows(v: PoView): (string | number)[][] {
  return v.lines.map((l) => [
    v.po.number, v.supplier?.name ?? v.po.supplier, l.supplierSku ?? '', l.sku, l.title ?? '', l.quantity,
    formatAmount(l.costMinor), formatAmount(l.costMinor * l.quantity), v.po.currency, v.po.expectedAt ?? '',
  ]);
}

export function poCsv(v: PoView): string {
  return toCsv(HEADERS, poRows(v));
}

export function poXlsx(v: PoView): Buffer {
  // Numbers stay numbers in Excel; a total row sums the lines.
  const rows = v.lines.map((l) => [
    v.po.number, v.supplier?.name ?? v.po.supplier, l.supplierSku ?? '', l.sku, l.title ?? '', l.quantity,
    l.costMinor / 100, (l.costMinor * l.quantity) / 100, v.po.currency, v.po.expectedAt ?? '',
  ]);
  const total = v.lines.reduce((s, l) => s + l.costMinor * l.quantity, 0) / 100;
  const ws = XLSX.utils.aoa_to_sheet([[...HEADERS], ...rows, ['', '', '', '', 'Total', v.lines.reduce((s, l) => s + l.quantity, 0), '', total, v.po.currency, '']]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, v.po.number.slice(0, 31));
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
