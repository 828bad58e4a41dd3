// A supplier's columns → the master's fields: find each mapped column in the header row, then
// turn every row into a typed SupplierRow or a list of problems (row, column, message). Pure and
// hand-written rather than a zod schema per row: it runs a million times per big feed.
import type { SupplierConfig, Field } from './supplier-config.js';
import { FIELDS } from './supplier-config.js';
import { parseMoney } from '../core/money.js';
import { isSaneMoney, isSaneQuantity, moneyProblem, quantityProblem } from '../core/bounds.js';
import { capText, cleanText, skuProblem } from '../core/text.js';

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
  /** The row's supplier sku as map() gives it (null: none), without mapping the rest. */
  key(cells: readonly Cell[]): string | null;
  /**
   * Everything map() depends on besides a record's text, for the seed of a hash of that text:
   * MAPPING_VERSION, the number format, and which column is which field (the header's cells).
   */
  readonly hashSeed: string;
}

/**
 * What map() makes of a row's cells, besides the cells and the number format. Change it whenever
 * map() would give another value for the same cells, or the supplier import another default for
 * an empty one (pack size and minimum order 1): rows whose text was hashed before (the supplier
 * import's row hash) are then mapped again at their next import instead of being taken as
 * unchanged.
 */
export const MAPPING_VERSION = 1;

/** Header problems (mapped columns the file lacks) come back as problems on the header row. */
export function buildMapper(headerCells: readonly Cell[], headerRow: number, cfg: Pick<SupplierConfig, 'columns' | 'thousands_separator'> & { decimal_comma?: boolean | undefined }):
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
      problems.push({ row: headerRow, column: name, message: `the mapped column "${name}" (${field}) is not in the header row; found: ${capText(header.filter(Boolean).map((h) => `"${h}"`).join(', '), 300) || 'nothing'}` });
    } else index[field] = i;
  }
  if (problems.length) return { problems };
  const fmt: NumberFormat = { decimalComma: cfg.decimal_comma ?? false, thousands: cfg.thousands_separator };
  return { mapper: makeMapper(header, index, fmt), problems: [] };
}

function makeMapper(header: string[], index: Partial<Record<Field, number>>, fmt: NumberFormat): Mapper {
  // Positions as plain numbers (-1: not mapped) and no closures per row: this runs a million times.
  const pos = (f: Field) => index[f] ?? -1;
  const iSku = pos('sku'), iBarcode = pos('barcode'), iTitle = pos('title'), iDescription = pos('description'), iBrand = pos('brand');
  const iCost = pos('cost'), iPrice = pos('price'), iQuantity = pos('quantity'), iPack = pos('pack_size'), iMin = pos('min_order'), iLead = pos('lead_time');
  const col = (i: number) => header[i]!;
  const cell = (cells: readonly Cell[], i: number): Cell => (i < 0 ? undefined : cells[i]);
  // Problems of the row being mapped; allocated only for a bad row.
  let problems: Problem[] | undefined;
  const bad = (row: number, i: number, message: string): null => { (problems ??= []).push({ row, column: col(i), message }); return null; };
  const money = (cells: readonly Cell[], i: number, f: Field, row: number): number | null => {
    if (i < 0) return null;
    const c = cells[i];
    const r = parseAmount(c, fmt);
    if (r === null) return null;
    if (typeof r === 'string') return bad(row, i, r);
    if (r < 0) return bad(row, i, `negative ${f} ${fmtCell(c)}`);
    if (!isSaneMoney(r)) return bad(row, i, `${f} ${fmtCell(c)} ${moneyProblem(r)}`);
    return r;
  };
  const whole = (cells: readonly Cell[], i: number, min: number, what: string, row: number): number | null => {
    if (i < 0) return null;
    const r = parseWhole(cells[i], fmt);
    if (r === null) return null;
    if (typeof r === 'string') return bad(row, i, r);
    if (r < min) return bad(row, i, min === 0 ? `negative ${what} ${r}` : `${what} must be ${min} or more, got ${r}`);
    if (!isSaneQuantity(r)) return bad(row, i, `${what} ${fmtCell(cells[i])} ${quantityProblem(r)}`);
    return r;
  };
  return {
    index, header,
    hashSeed: JSON.stringify([MAPPING_VERSION, fmt.decimalComma, fmt.thousands ?? null, header, index]),
    key: (cells) => text(cells[iSku]),
    map(cells, row) {
      const sku = text(cells[iSku]);
      if (sku === null && cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) return { ok: 'blank' };
      problems = undefined;
      if (sku === null) bad(row, iSku, 'empty sku');
      else { const why = skuProblem(sku); if (why) bad(row, iSku, `sku ${fmtCell(sku)} ${why}`); }
      const out: SupplierRow = {
        row, supplierSku: sku ?? '',
        barcode: freeText(cell(cells, iBarcode)), title: freeText(cell(cells, iTitle)),
        description: freeText(cell(cells, iDescription)), brand: freeText(cell(cells, iBrand)),
        costMinor: money(cells, iCost, 'cost', row), priceMinor: money(cells, iPrice, 'price', row),
        quantity: whole(cells, iQuantity, 0, 'quantity', row), packSize: whole(cells, iPack, 1, 'pack size', row),
        minOrder: whole(cells, iMin, 1, 'minimum order', row), leadTimeDays: whole(cells, iLead, 0, 'lead time', row),
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

/** A text cell without control characters (a NUL from a broken export must not reach the master). */
function freeText(c: Cell): string | null {
  const s = text(c);
  return s === null ? null : cleanText(s);
}

function fmtCell(c: Cell): string { return `"${capText(String(c ?? '').trim(), 60)}"`; }

/**
 * A decimal written the supplier's way → a plain "1234.50" string, or a message. Strict: a comma
 * in a dot-decimal feed is an error, not silently a thousands separator.
 */
const PLAIN = /^-?\d+(\.\d+)?$/;
const PLAIN_COMMA = /^-?\d+(,\d+)?$/;

export function normaliseDecimal(raw: string, fmt: NumberFormat): string | { error: string } {
  if (fmt.decimalComma ? PLAIN_COMMA.test(raw) : PLAIN.test(raw)) return fmt.decimalComma ? raw.replace(',', '.') : raw;
  let s = raw.replace(/[\s\u00a0\u202f€$£]|EUR|USD|GBP|CHF/g, '');
  if (fmt.thousands && fmt.thousands !== ' ') s = s.split(fmt.thousands).join('');
  if (fmt.decimalComma) {
    if (s.includes('.')) return { error: `"${capText(raw.trim(), 60)}" has a dot, but this supplier writes decimals with a comma (set thousands_separator: "." if the dot groups thousands)` };
    s = s.replace(',', '.');
  } else if (s.includes(',')) {
    return { error: `"${capText(raw.trim(), 60)}" has a comma: set decimal_comma: true (12,50) or thousands_separator: "," (1,234.50) for this supplier` };
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return { error: `"${capText(raw.trim(), 60)}" is not a number` };
  return s;
}

/** A price → minor units; null when empty; a message when not a price. */
export function parseAmount(c: Cell, fmt: NumberFormat): number | string | null {
  if (c === null || c === undefined || c === '') return null;
  if (typeof c === 'number') return Number.isFinite(c) ? Math.round(c * 100) : `"${c}" is not a price`;
  if (typeof c === 'boolean') return `"${c}" is not a price`;
  const fast = plainMinor(c, fmt.decimalComma ? 44 : 46);
  if (fast >= 0) return fast;
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
  return parseMoney(s) ?? `"${capText(c.trim(), 60)}" is not a price (like 12.50)`;
}

/** A whole number (quantity, pack size …); "5.000" from a POS is 5, "2.5" is an error. */
export function parseWhole(c: Cell, fmt: NumberFormat): number | string | null {
  if (c === null || c === undefined || c === '') return null;
  if (typeof c === 'number') return Number.isInteger(c) ? c : `${c} is not a whole number`;
  if (typeof c === 'boolean') return `"${c}" is not a whole number`;
  const fast = plainWhole(c);
  if (fast >= 0) return fast;
  if (c.trim() === '') return null;
  const s = normaliseDecimal(c, fmt);
  if (typeof s !== 'string') return s.error.replace('is not a number', 'is not a whole number');
  if (!/^-?\d+(\.0+)?$/.test(s)) return `"${capText(c.trim(), 60)}" is not a whole number`;
  return Number.parseInt(s, 10);
}

/**
 * The common case without regular expressions or substrings: "1234" or "12.5" / "12.50" (the
 * decimal separator given as a char code), at most 15 digits before it → minor units; else -1
 * and the general path decides. Gives exactly what the general path would.
 */
function plainMinor(s: string, sep: number): number {
  const n = s.length;
  let v = 0;
  let i = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (i === 0 || i > 15) return -1;
  if (i === n) return v * 100;
  if (s.charCodeAt(i) !== sep || n - i - 1 < 1 || n - i - 1 > 2) return -1;
  const d1 = s.charCodeAt(i + 1) - 48;
  if (d1 < 0 || d1 > 9) return -1;
  if (n - i - 1 === 1) return v * 100 + d1 * 10;
  const d2 = s.charCodeAt(i + 2) - 48;
  if (d2 < 0 || d2 > 9) return -1;
  return v * 100 + (d1 * 10 + d2);
}

/** 1 to 15 plain digits → their value; else -1. */
function plainWhole(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
