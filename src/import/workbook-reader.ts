// Reads one sheet of a supplier workbook (.xlsx, .xls, .ods) with SheetJS (@e965/xlsx) and hands
// its rows on with their spreadsheet row numbers. Supplier files are untrusted: formulas, HTML
// and styles are not parsed, only cached values are read, and a file that is not really a
// workbook (an HTML or CSV file named .xls) is refused before SheetJS sees it.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as XLSX from '@e965/xlsx';
import { isUserError, usageError } from '../core/errors.js';

export type Cell = string | number | boolean | null;
export type WorkbookRowSink = (cells: Cell[], row: number) => void;

export interface WorkbookOptions {
  /** A sheet name, or its position (1 = the first sheet). */
  sheet?: string | number | undefined;
  onRow: WorkbookRowSink;
  onHash?: ((sha256: string) => void) | undefined;
}

export interface WorkbookInfo {
  sheet: string;
  sheets: string[];
  rows: number;
  sha256: string;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0];

export function readWorkbook(file: string, display: string, opts: WorkbookOptions): WorkbookInfo {
  const buf = readFileSync(file);
  if (buf.length === 0) throw usageError(`${display} is empty (0 bytes); nothing was imported.`);
  const starts = (magic: number[]) => magic.every((b, i) => buf[i] === b);
  if (!starts(ZIP) && !starts(CFB)) {
    throw usageError(`${display} is not an Excel or OpenDocument workbook (it does not start like one).`,
      'Some suppliers send a CSV or HTML file named .xls: set `format: csv` for this supplier if it is a CSV.');
  }
  const sha256 = createHash('sha256').update(buf).digest('hex');
  opts.onHash?.(sha256);
  let wb: XLSX.WorkBook;
  const base: XLSX.ParsingOptions = {
    type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellNF: false, cellStyles: false,
    cellText: false, cellDates: false, bookVBA: false, WTF: false,
  };
  try {
    const names = XLSX.read(buf, { ...base, bookSheets: true }).SheetNames;
    const sheet = pickSheet(names, opts.sheet, display);
    wb = XLSX.read(buf, { ...base, sheets: sheet });
    const ws = wb.Sheets[sheet];
    if (!ws) throw new Error(`sheet ${sheet} could not be read`);
    const rows = emitRows(ws, opts.onRow);
    return { sheet, sheets: names, rows, sha256 };
  } catch (e) {
    if (isUserError(e)) throw e;
    throw usageError(`${display} is not a readable workbook (it may be truncated or damaged): ${(e as Error).message}.`,
      'Open it in Excel or LibreOffice and save it again, or ask the supplier for a new copy.');
  }
}

function pickSheet(names: string[], wanted: string | number | undefined, display: string): string {
  if (names.length === 0) throw usageError(`${display} has no sheets.`);
  if (wanted === undefined) return names[0]!;
  if (typeof wanted === 'number') {
    const name = names[wanted - 1];
    if (!name) throw usageError(`${display} has ${names.length} sheet${names.length === 1 ? '' : 's'}; there is no sheet ${wanted}.`, `Sheets: ${names.join(', ')}.`);
    return name;
  }
  const exact = names.find((n) => n === wanted) ?? names.find((n) => n.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (!exact) throw usageError(`${display} has no sheet "${wanted}".`, `Sheets: ${names.join(', ')}. Set \`sheet:\` for this supplier.`);
  return exact;
}

function emitRows(ws: XLSX.WorkSheet, onRow: WorkbookRowSink): number {
  const ref = ws['!ref'];
  if (!ref) return 0;
  const range = XLSX.utils.decode_range(ref);
  const data = ws['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
  if (!data) return 0;
  for (let r = range.s.r; r <= range.e.r; r++) {
    const src = data[r];
    if (!src) continue;
    const cells: Cell[] = [];
    let any = false;
    for (let c = 0; c <= range.e.c; c++) {
      const cell = src[c];
      const v = cell?.v;
      const value: Cell = v === undefined || v === null ? null : v instanceof Date ? v.toISOString() : (v as string | number | boolean);
      if (value !== null && value !== '') any = true;
      cells.push(value);
    }
    if (any) onRow(cells, r + 1);
  }
  return range.e.r + 1;
}
