// A supplier's columns → the master's fields: find each mapped column in the header row, then
// turn every row into a typed SupplierRow or a list of problems (row, column, message). Pure and
// hand-written rather than a zod schema per row: it runs a million times per big feed.
import type { SupplierConfig, Field } from './supplier-config.js';
import { FIELDS } from './supplier-config.js';
import { parseMoney } from '../core/money.js';

export type Cell = string | number | boolean | null | undefined;

export interface SupplierRow {
  row: number;
  supplierSku: string;
  barcode: string | null;
  title: string | null;
  description: string | null;
  brand: string | null;
  costMinor: number | null;
  priceMinor: number | null;
  quantity: number | null;
  packSize: number | null;
  minOrder: number | null;
  leadTimeDays: number | null;
}

export interface Problem { row: number; column: string; message: string }

export interface NumberFormat { decimalComma: boolean; thousands?: string | undefined }

export type MapResult = { ok: true; row: SupplierRow } | { ok: false; problems: Problem[] } | { ok: 'blank' };

export interface Mapper {
  /** Column positions, by field. */
  readonly index: Readonly<Partial<Record<Field, number>>>;
  readonly header: readonly string[];
  map(cells: readonly Cell[], row: number): MapResult;
}

/** Header problems (mapped columns the file lacks) come back as problems on the header row. */
export function buildMapper(headerCells: readonly Cell[], headerRow: number, cfg: Pick<SupplierConfig, 'columns' | 'decimal_comma' | 'thousands_separator'>):
  { mapper: Mapper; problems: [] } | { mapper?: undefined; problems: Problem[] } {
  const header = headerCells.map((c) => text(c) ?? '');
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const index: Partial<Record<Field, number>> = {};
  const problems: Problem[] = [];
  for (const field of FIELDS) {
    const name = cfg.columns[field];
    if (name === undefined) continue;
    let i = header.indexOf(name);
    if (i < 0) i = header.findIndex((h) => norm(h) === norm(name));
    if (i < 0) {
      problems.push({ row: headerRow, column: name, message: `the mapped column "${name}" (${field}) is not in the header row; found: ${header.filter(Boolean).map((h) => `"${h}"`).join(', ') || 'nothing'}` });
    } else index[field] = i;
  }
  if (problems.length) return { problems };
  const fmt: NumberFormat = { decimalComma: cfg.decimal_comma, thousands: cfg.thousands_separator };
  return { mapper: makeMapper(header, index, fmt), problems: [] };
}

function makeMapper(header: string[], index: Partial<Record<Field, number>>, fmt: NumberFormat): Mapper {
  const col = (f: Field) => (index[f] === undefined ? '' : header[index[f]]!);
  const at = (cells: readonly Cell[], f: Field): Cell => (index[f] === undefined ? undefined : cells[index[f]]);
  return {
    index, header,
    map(cells, row) {
      if (text(at(cells, 'sku')) === null && cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) return { ok: 'blank' };
      let problems: Problem[] | undefined;
      const bad = (f: Field, message: string) => { (problems ??= []).push({ row, column: col(f), message }); return null; };
      const sku = text(at(cells, 'sku'));
      if (sku === null) bad('sku', 'empty sku');
      const money = (f: Field): number | null => {
        const r = parseAmount(at(cells, f), fmt);
        if (r === null) return null;
        if (typeof r === 'string') return bad(f, r);
        if (r < 0) return bad(f, `negative ${f} ${fmtCell(at(cells, f))}`);
        return r;
      };
      const whole = (f: Field, min: number, what: string): number | null => {
        const r = parseWhole(at(cells, f), fmt);
        if (r === null) return null;
        if (typeof r === 'string') return bad(f, r);
        if (r < min) return bad(f, min === 0 ? `negative ${what} ${r}` : `${what} must be ${min} or more, got ${r}`);
        return r;
      };
      const out: SupplierRow = {
        row, supplierSku: sku ?? '',
        barcode: text(at(cells, 'barcode')), title: text(at(cells, 'title')),
        description: text(at(cells, 'description')), brand: text(at(cells, 'brand')),
        costMinor: money('cost'), priceMinor: money('price'),
        quantity: whole('quantity', 0, 'quantity'), packSize: whole('pack_size', 1, 'pack size'),
        minOrder: whole('min_order', 1, 'minimum order'), leadTimeDays: whole('lead_time', 0, 'lead time'),
      };
      return problems ? { ok: false, problems } : { ok: true, row: out };
    },
  };
}

export function text(c: Cell): string | null {
  if (c === null || c === undefined) return null;
  const s = typeof c === 'string' ? c.trim() : String(c);
  return s === '' ? null : s;
}

function fmtCell(c: Cell): string { return `"${String(c ?? '').trim()}"`; }

/**
 * A decimal written the supplier's way → a plain "1234.50" string, or a message. Strict: a comma
 * in a dot-decimal feed is an error, not silently a thousands separator.
 */
const DIGITS = /^\d{1,15}$/;
const PLAIN = /^-?\d+(\.\d+)?$/;
const PLAIN_COMMA = /^-?\d+(,\d+)?$/;

export function normaliseDecimal(raw: string, fmt: NumberFormat): string | { error: string } {
  if (fmt.decimalComma ? PLAIN_COMMA.test(raw) : PLAIN.test(raw)) return fmt.decimalComma ? raw.replace(',', '.') : raw;
  let s = raw.replace(/[\s\u00a0\u202f€$£]|EUR|USD|GBP|CHF/g, '');
  if (fmt.thousands && fmt.thousands !== ' ') s = s.split(fmt.thousands).join('');
  if (fmt.decimalComma) {
    if (s.includes('.')) return { error: `"${raw.trim()}" has a dot, but this supplier writes decimals with a comma (set thousands_separator: "." if the dot groups thousands)` };
    s = s.replace(',', '.');
  } else if (s.includes(',')) {
    return { error: `"${raw.trim()}" has a comma: set decimal_comma: true (12,50) or thousands_separator: "," (1,234.50) for this supplier` };
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return { error: `"${raw.trim()}" is not a number` };
  return s;
}

/** A price → minor units; null when empty; a message when not a price. */
export function parseAmount(c: Cell, fmt: NumberFormat): number | string | null {
  if (c === null || c === undefined || c === '') return null;
  if (typeof c === 'number') return Number.isFinite(c) ? Math.round(c * 100) : `"${c}" is not a price`;
  if (typeof c === 'boolean') return `"${c}" is not a price`;
  if (c.trim() === '') return null;
  const s = normaliseDecimal(c, fmt);
  if (typeof s !== 'string') return s.error.replace('is not a number', 'is not a price (like 12.50)');
  const dot = s.indexOf('.');
  if (dot < 0) return Number(s) * 100;
  const frac = s.slice(dot + 1);
  if (frac.length <= 2) {
    const neg = s.charCodeAt(0) === 45;
    const minor = Number(s.slice(neg ? 1 : 0, dot)) * 100 + Number((frac + '00').slice(0, 2));
    return neg ? -minor : minor;
  }
  return parseMoney(s) ?? `"${c.trim()}" is not a price (like 12.50)`;
}

/** A whole number (quantity, pack size …); "5.000" from a POS is 5, "2.5" is an error. */
export function parseWhole(c: Cell, fmt: NumberFormat): number | string | null {
  if (c === null || c === undefined || c === '') return null;
  if (typeof c === 'number') return Number.isInteger(c) ? c : `${c} is not a whole number`;
  if (typeof c === 'boolean') return `"${c}" is not a whole number`;
  if (DIGITS.test(c)) return Number(c);
  if (c.trim() === '') return null;
  const s = normaliseDecimal(c, fmt);
  if (typeof s !== 'string') return s.error.replace('is not a number', 'is not a whole number');
  if (!/^-?\d+(\.0+)?$/.test(s)) return `"${c.trim()}" is not a whole number`;
  return Number.parseInt(s, 10);
}
