// Reads one sheet of an .xlsx as a stream: the zip's directory, the workbook's parts, the shared
// strings into a compact store, then the sheet's rows handed on as they are decompressed. Memory
// does not grow with the row count (a 1M-row sheet was parsed whole before: 305 MB at 100k
// rows). A workbook is untrusted input: every part's unpacked size is bounded before it is
// read (a 3.5 MB file can unpack to 1 GB of strings), formulas are not evaluated (their cached
// values are read), and the sheet's claimed size is ignored.
import { ZipArchive } from './zip-archive.js';
import { workbookParts } from './xlsx-parts.js';
import { readSharedStrings, streamRows, type Cell, type XlsxLimits } from './xlsx-cells.js';
import { pickSheet } from './sheet-choice.js';
import { usageError } from '../core/errors.js';

export const XLSX_LIMITS: XlsxLimits = {
  // ≈ 3M distinct cell texts of 100 characters: far past any supplier list; a bomb stops here
  sharedStringsBytes: 512 << 20,
  // ≈ 5M rows of ten cells; streamed, so this bounds time (tens of seconds), not memory
  sheetBytes: 1 << 30,
  columns: 1024,
  stringsInMemory: 16 << 20,
};

export interface XlsxOptions {
  sheet?: string | number | undefined;
  onRow: (cells: Cell[], row: number) => void;
  limits?: Partial<XlsxLimits> | undefined;
}

export async function readXlsx(zip: ZipArchive, opts: XlsxOptions): Promise<{ sheet: string; sheets: string[]; rows: number }> {
  const limits = { ...XLSX_LIMITS, ...opts.limits };
  const parts = await workbookParts(zip);
  const names = parts.sheets.map((s) => s.name);
  const name = pickSheet(names, opts.sheet, zip.display);
  const chosen = parts.sheets.find((s) => s.name === name)!;
  if (chosen.chart) throw usageError(`${zip.display}: sheet "${name}" is a chart, not a table.`, `Sheets: ${names.join(', ')}. Set \`sheet:\` for this supplier.`);
  if (!chosen.part || !zip.has(chosen.part)) throw usageError(`${zip.display}: sheet "${name}" has no data part; the workbook is damaged.`, 'Open it in Excel or LibreOffice and save it again.');
  const sst = parts.sharedStrings ? await readSharedStrings(zip, parts.sharedStrings, limits) : undefined;
  try {
    const rows = await streamRows(zip, chosen.part, sst, limits, opts.onRow);
    return { sheet: name, sheets: names, rows };
  } finally {
    sst?.close();
  }
}
