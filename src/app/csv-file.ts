// The one reader for the small files a user names on the command line — products, opening stock,
// delivery notes, invoices: CSV (TSV, TXT) or a workbook (XLSX, XLS, ODS). CSV goes through the
// same detection as supplier feeds (src/import/detect.ts: encoding — a BOM, valid UTF-8, else
// Excel's windows-1252 — and the delimiter , ; tab |) and the same splitter; workbooks through the
// same workbook reader. Whether decimals are written 12,50 or 12.50 is judged from the cells
// (detectDecimalComma), so a German Excel export reads as it is. Errors name the file.
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { decodeWindows1252, detectDecimalComma, detectDelimiter, hasUtf8Bom, type Delimiter, type Encoding } from '../import/detect.js';
import { CsvSplitter, CsvSyntaxError } from '../import/csv-split.js';
import { readWorkbook } from '../import/workbook-reader.js';
import { usageError } from '../core/errors.js';
import { parseMoney } from '../core/money.js';

export interface TableRow {
  /** The row number a spreadsheet shows (1 = the header). */
  rowNo: number;
  cells: string[];
}

export interface Table {
  /** The file name, for messages (file:row:column). */
  name: string;
  /** Every non-blank row, the header first, cells trimmed. */
  records: TableRow[];
  kind: 'csv' | 'workbook';
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** Decimals written with a comma (12,50): judged from the cells, see detectDecimalComma. */
  decimalComma: boolean;
}

const WORKBOOK = /\.(xlsx|xlsm|xls|ods)$/i;

export function readTable(file: string): Table {
  const name = path.basename(file);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    throw usageError(`Cannot read ${file}.`, 'Check the path.');
  }
  const records: TableRow[] = [];
  const keep = (cells: readonly (string | number | boolean | null)[], rowNo: number) => {
    const text = cells.map((c) => (c === null || c === undefined ? '' : String(c).trim()));
    if (text.some((c) => c !== '')) records.push({ rowNo, cells: text });
  };
  if (WORKBOOK.test(file)) {
    readWorkbook(file, name, { onRow: keep });
    return { name, records, kind: 'workbook', decimalComma: detectDecimalComma(textCells(records)) ?? false };
  }
  const bom = hasUtf8Bom(buf);
  const encoding: Encoding = isUtf8(buf) ? 'utf-8' : 'windows-1252';
  const text = encoding === 'utf-8' ? buf.toString('utf8', bom ? 3 : 0) : decodeWindows1252(buf);
  const delimiter = detectDelimiter(text.slice(0, 64 * 1024) + '\n');
  try {
    const splitter = new CsvSplitter(delimiter, keep);
    splitter.push(text);
    splitter.end();
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw usageError(`${name}:${e.row}${e.column ? `:${e.column}` : ''}: ${e.message}`, 'Fix the quoting on that row (a cell with a quote inside is written "like ""this""").');
    throw e;
  }
  return { name, records, kind: 'csv', encoding, delimiter, decimalComma: detectDecimalComma(textCells(records), delimiter) ?? false };
}

function* textCells(records: readonly TableRow[]): Iterable<string> {
  for (const r of records.slice(1)) yield* r.cells;
}

/** A money cell of this table → minor units, or undefined when it is not an amount written this table's way. */
export function tableMoney(t: Pick<Table, 'decimalComma'>, text: string): number | undefined {
  return parseMoney(text, { decimalComma: t.decimalComma });
}

/** How this table writes a decimal, for messages: "12,50" or "12.50". */
export function decimalExample(t: Pick<Table, 'decimalComma'>): string {
  return t.decimalComma ? '12,50' : '12.50';
}

/** The header row as names: trimmed, lower case, spaces . and - as _ ("Unit Price" → unit_price). */
export function headerNames(t: Table): string[] {
  return (t.records[0]?.cells ?? []).map((h) => h.trim().toLowerCase().replace(/[\s.-]+/g, '_'));
}
