// Reads one sheet of a supplier workbook and hands its rows on with their spreadsheet row numbers.
// .xlsx streams (xlsx-reader.ts); .xls and .ods go through SheetJS (@e965/xlsx), which holds the
// whole workbook in memory, so they are read up to a size (LEGACY_MAX_BYTES) and refused above it
// with the way out (save as .xlsx or CSV). Supplier files are untrusted: formulas, HTML and styles
// are not parsed, only cached values are read, and a file that is not really a workbook (an HTML
// or CSV file named .xls) is refused before any reader sees it.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as XLSX from '@e965/xlsx';
import { isUserError, usageError } from '../core/errors.js';
import { ZipArchive, mb } from './zip-archive.js';
import { readXlsx } from './xlsx-reader.js';
import type { XlsxLimits } from './xlsx-cells.js';
import { pickSheet } from './sheet-choice.js';

export type Cell = string | number | boolean | null;
export type WorkbookRowSink = (cells: Cell[], row: number) => void;

export interface WorkbookOptions {
  /** A sheet name, or its position (1 = the first sheet). */
  sheet?: string | number | undefined;
  onRow: WorkbookRowSink;
  onHash?: ((sha256: string) => void) | undefined;
  /** Tighter limits (tests). */
  limits?: Partial<XlsxLimits & { legacyBytes: number }> | undefined;
}

export interface WorkbookInfo {
  sheet: string;
  sheets: string[];
  rows: number;
  sha256: string;
}

/**
 * .xls and .ods files are read whole by SheetJS, at ~15× their unpacked size in memory: up to
 * this many bytes (the file for .xls, the unpacked content for .ods), about 100,000 rows.
 */
export const LEGACY_MAX_BYTES = 16 << 20;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0];

export async function readWorkbook(file: string, display: string, opts: WorkbookOptions): Promise<WorkbookInfo> {
  const { head, bytes, sha256 } = scan(file);
  if (bytes === 0) throw usageError(`${display} is empty (0 bytes); nothing was imported.`);
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  if (!starts(ZIP) && !starts(CFB)) {
    throw usageError(`${display} is not an Excel or OpenDocument workbook (it does not start like one).`,
      'Some suppliers send a CSV or HTML file named .xls: set `format: csv` for this supplier if it is a CSV.');
  }
  opts.onHash?.(sha256);
  const legacyMax = opts.limits?.legacyBytes ?? LEGACY_MAX_BYTES;
  if (starts(CFB)) {
    if (bytes > legacyMax) throw tooBig(display, 'an Excel 97-2003 (.xls) workbook', bytes, legacyMax);
    return { ...readLegacy(file, display, opts), sha256 };
  }
  const zip = await ZipArchive.open(file, display);
  try {
    if (zip.has('[Content_Types].xml')) return { ...await readXlsx(zip, { sheet: opts.sheet, onRow: opts.onRow, limits: opts.limits }), sha256 };
    const unpacked = zip.unpackedBytes();
    if (unpacked > legacyMax) throw tooBig(display, 'an OpenDocument (.ods) workbook', unpacked, legacyMax);
  } finally {
    zip.close();
  }
  return { ...readLegacy(file, display, opts), sha256 };
}

/**
 * For readers that hold a whole workbook in memory (SheetJS, e.g. a POS export saved as a
 * spreadsheet): refuses one whose file (.xls) or unpacked content (.xlsx, .ods) is past
 * LEGACY_MAX_BYTES, before it is read. A CSV export has no such limit.
 */
export async function assertReadableWhole(file: string, display: string, maxBytes = LEGACY_MAX_BYTES): Promise<void> {
  const { head, bytes } = scan(file);
  if (head[0] === CFB[0] && head[1] === CFB[1]) {
    if (bytes > maxBytes) throw tooBig(display, 'an Excel 97-2003 (.xls) workbook', bytes, maxBytes);
    return;
  }
  if (!ZIP.every((b, i) => head[i] === b)) return; // not a workbook: the reader says what it is
  const zip = await ZipArchive.open(file, display);
  try {
    const unpacked = zip.unpackedBytes();
    if (unpacked > maxBytes) throw tooBig(display, 'a workbook', unpacked, maxBytes);
  } finally { zip.close(); }
}

function tooBig(display: string, what: string, bytes: number, max: number) {
  return usageError(`${display} is ${what} of ${mb(bytes)}; omni reads those up to ${mb(max)} (about 100,000 rows). Nothing was imported.`,
    'Save it as CSV (read at any size), or as .xlsx for a supplier feed.');
}

/** The first bytes, the size and the SHA-256, in one pass that holds 1 MB at a time. */
function scan(file: string): { head: Buffer; bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const head = Buffer.alloc(4);
  let bytes = 0;
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      if (bytes === 0) buf.copy(head, 0, 0, Math.min(4, n));
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally { closeSync(fd); }
  return { head, bytes, sha256: hash.digest('hex') };
}

function readLegacy(file: string, display: string, opts: WorkbookOptions): { sheet: string; sheets: string[]; rows: number } {
  const buf = readFileSync(file);
  const base: XLSX.ParsingOptions = {
    type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellNF: false, cellStyles: false,
    cellText: false, cellDates: false, bookVBA: false, WTF: false,
  };
  try {
    const names = XLSX.read(buf, { ...base, bookSheets: true }).SheetNames;
    const sheet = pickSheet(names, opts.sheet, display);
    const ws = XLSX.read(buf, { ...base, sheets: sheet }).Sheets[sheet];
    if (!ws) throw new Error(`sheet ${sheet} could not be read`);
    return { sheet, sheets: names, rows: emitRows(ws, opts.onRow) };
  } catch (e) {
    if (isUserError(e)) throw e;
    throw usageError(`${display} is not a readable workbook (it may be truncated or damaged): ${(e as Error).message}.`,
      'Open it in Excel or LibreOffice and save it again, or ask the supplier for a new copy.');
  }
}

/** The dense sheet's rows as they are stored (not its claimed range, which a file can inflate). */
function emitRows(ws: XLSX.WorkSheet, onRow: WorkbookRowSink): number {
  const data = ws['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
  if (!data) return 0;
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (!src) continue;
    const cells: Cell[] = [];
    let any = false;
    for (let c = 0; c < src.length; c++) {
      const v = src[c]?.v;
      const value: Cell = v === undefined || v === null ? null : v instanceof Date ? v.toISOString() : (v as string | number | boolean);
      if (value !== null && value !== '') any = true;
      cells.push(value);
    }
    if (any) onRow(cells, r + 1);
  }
  return data.length;
}
