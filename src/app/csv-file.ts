// The one reader for the files a user names on the command line — products, stock counts, delivery
// notes, invoices: CSV (TSV, TXT) or a workbook (XLSX, XLS, ODS). CSV goes through the same
// detection as supplier feeds (src/import/detect.ts: encoding — a BOM, valid UTF-8, else Excel's
// windows-1252 — and the delimiter , ; tab |, both judged from the first 64 KB) and the same
// splitter; workbooks through the same workbook reader. Whether decimals are written 12,50 or 12.50
// is judged from the cells of the first rows (detectDecimalComma), so a German Excel export reads as
// it is.
//
// Rows are streamed: a catalog export can have a million rows, so a file is never held whole. CSV
// is read 64 KB at a time, synchronously, so an import that writes as it reads stays inside its one
// transaction; only workbooks (which unzip as a stream) make the caller wait. The first HOLD rows
// are held back until the decimal style is judged from them, then handed on in order.
import { closeSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { decodeWindows1252, detectDecimalComma, detectDelimiter, type Delimiter, type Encoding } from '../import/detect.js';
import { CsvSplitter, CsvSyntaxError } from '../import/csv-split.js';
import { readWorkbook, type Cell } from '../import/workbook-reader.js';
import { usageError } from '../core/errors.js';
import { parseMoney } from '../core/money.js';

export interface TableRow {
  /** The row number a spreadsheet shows (1 = the header). */
  rowNo: number;
  /** Cells trimmed; blank rows are never handed on. */
  cells: string[];
}

export interface TableInfo {
  /** The file name, for messages (file:row:column). */
  name: string;
  kind: 'csv' | 'workbook';
  encoding?: Encoding | undefined;
  delimiter?: Delimiter | undefined;
  /** Decimals written with a comma (12,50): judged from the first rows' cells, see detectDecimalComma. */
  decimalComma: boolean;
}

export interface Table extends TableInfo {
  /** Every non-blank row, the header first. */
  records: TableRow[];
}

export type TableRowSink = (row: TableRow, info: TableInfo) => void;

const WORKBOOK = /\.(xlsx|xlsm|xls|ods)$/i;
const CHUNK = 1 << 16;
/** Rows the decimal style is judged from before any row is handed on. */
const HOLD = 2000;

/** Streams every non-blank row of the file, the header first, and says how the file was read. */
export async function eachTableRow(file: string, onRow: TableRowSink): Promise<TableInfo> {
  const name = path.basename(file);
  const info: TableInfo = { name, kind: WORKBOOK.test(file) ? 'workbook' : 'csv', decimalComma: false };
  const held: TableRow[] = [];
  let holding = true;
  const release = () => {
    if (!holding) return;
    holding = false;
    info.decimalComma = detectDecimalComma(dataCells(held), info.delimiter) ?? false;
    for (const r of held.splice(0)) onRow(r, info);
  };
  const keep = (cells: readonly Cell[], rowNo: number) => {
    const text = cells.map((c) => (c === null || c === undefined ? '' : String(c).trim()));
    if (!text.some((c) => c !== '')) return;
    if (!holding) { onRow({ rowNo, cells: text }, info); return; }
    held.push({ rowNo, cells: text });
    if (held.length >= HOLD) release();
  };
  if (info.kind === 'workbook') await readWorkbook(file, name, { onRow: keep });
  else readCsv(file, name, info, keep);
  release();
  return info;
}

/** A small file read whole (a delivery note, an invoice). */
export async function readTable(file: string): Promise<Table> {
  const records: TableRow[] = [];
  const info = await eachTableRow(file, (r) => { records.push(r); });
  return { ...info, records };
}

function readCsv(file: string, name: string, info: TableInfo, keep: (cells: string[], rowNo: number) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw usageError(`Cannot read ${file}.`, 'Check the path.');
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n = readSync(fd, buf, 0, CHUNK, null);
    const head = buf.subarray(0, n);
    info.encoding = looksUtf8(head, n === CHUNK) ? 'utf-8' : 'windows-1252';
    const utf8 = info.encoding === 'utf-8' ? new TextDecoder('utf-8') : undefined; // drops a BOM
    const decode = (b: Buffer) => (utf8 ? utf8.decode(b, { stream: true }) : decodeWindows1252(b));
    const first = decode(head);
    info.delimiter = detectDelimiter(first.slice(0, CHUNK) + '\n');
    const splitter = new CsvSplitter(info.delimiter, keep);
    try {
      splitter.push(first);
      while ((n = readSync(fd, buf, 0, CHUNK, null)) > 0) splitter.push(decode(buf.subarray(0, n)));
      const tail = utf8?.decode();
      if (tail) splitter.push(tail);
      splitter.end();
    } catch (e) {
      if (e instanceof CsvSyntaxError) {
        throw usageError(`${name}:${e.row}${e.column ? `:${e.column}` : ''}: ${e.message}`,
          'Fix the quoting on that row (a cell with a quote inside is written "like ""this""").');
      }
      throw e;
    }
  } finally {
    closeSync(fd);
  }
}

/** Valid UTF-8, allowing a character cut at the end of a head that is not the whole file. */
function looksUtf8(head: Buffer, cut: boolean): boolean {
  if (isUtf8(head)) return true;
  if (!cut) return false;
  for (let k = 1; k <= 3 && k < head.length; k++) if (isUtf8(head.subarray(0, head.length - k))) return true;
  return false;
}

function* dataCells(records: readonly TableRow[]): Iterable<string> {
  for (let i = 1; i < records.length; i++) yield* records[i]!.cells;
}

/** A money cell of this table → minor units, or undefined when it is not an amount written this table's way. */
export function tableMoney(t: Pick<TableInfo, 'decimalComma'>, text: string): number | undefined {
  return parseMoney(text, { decimalComma: t.decimalComma });
}

/** How this table writes a decimal, for messages: "12,50" or "12.50". */
export function decimalExample(t: Pick<TableInfo, 'decimalComma'>): string {
  return t.decimalComma ? '12,50' : '12.50';
}

/** A header row as names: trimmed, lower case, spaces . and - as _ ("Unit Price" → unit_price). */
export function headerNames(t: Pick<Table, 'records'>): string[] {
  return (t.records[0]?.cells ?? []).map((h) => h.trim().toLowerCase().replace(/[\s.-]+/g, '_'));
}
