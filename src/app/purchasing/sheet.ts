// Reading a supplier's spreadsheet (delivery note, invoice): CSV or XLSX into rows of text cells
// keyed by a normalised header, with the row number a person sees in Excel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as XLSX from '@e965/xlsx';
import { usageError } from '../../core/errors.js';
import { parseMoney } from '../../core/money.js';

export interface SheetRow { rowNo: number; cells: Record<string, string> }
export interface Sheet { name: string; header: string[]; rows: SheetRow[] }

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s.-]+/g, '_');

export function readSheet(file: string): Sheet {
  const name = path.basename(file);
  let buf: Buffer;
  try { buf = readFileSync(file); } catch { throw usageError(`Cannot read ${file}.`, 'Check the path.'); }
  let records: string[][];
  if (/\.(xlsx|xlsm|xls|ods)$/i.test(file)) {
    try {
      const wb = XLSX.read(buf, { type: 'buffer' });
      const first = wb.SheetNames[0];
      const ws = first ? wb.Sheets[first] : undefined;
      records = ws ? (XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, blankrows: false, defval: '' }))
        .map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c).trim()))) : [];
    } catch (e) {
      throw usageError(`${name} is not a readable spreadsheet: ${(e as Error).message}`);
    }
  } else {
    try {
      records = parse(buf.toString('utf8').replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true });
    } catch (e) {
      throw usageError(`${name} is not a readable CSV: ${(e as Error).message}`);
    }
  }
  if (records.length === 0) throw usageError(`${name} is empty.`);
  const header = records[0]!.map(norm);
  const rows = records.slice(1).map((r, i) => ({
    rowNo: i + 2, cells: Object.fromEntries(header.map((h, c) => [h, (r[c] ?? '').trim()])),
  })).filter((r) => Object.values(r.cells).some((v) => v !== ''));
  return { name, header, rows };
}

/** The first of `names` that the sheet has, or an error naming what is expected. */
export function column(sheet: Sheet, label: string, names: readonly string[], required = true): string | undefined {
  const found = names.find((n) => sheet.header.includes(n));
  if (!found && required) {
    throw usageError(`${sheet.name} has no ${label} column.`, `Name one of the header cells: ${names.join(', ')}.`, [`${sheet.name}:1: columns found: ${sheet.header.join(', ')}`]);
  }
  return found;
}

/** "5.20", "5,20", "1.234,50" → minor units. */
export function sheetMoney(text: string): number | undefined {
  const decimalComma = /,\d{1,2}$/.test(text.trim()) && !/\.\d{1,2}$/.test(text.trim());
  return parseMoney(text, { decimalComma });
}
