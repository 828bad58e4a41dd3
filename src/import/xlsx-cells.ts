// The two big parts of an .xlsx, streamed: the shared strings into a compact store, and a sheet's
// rows handed on one by one as they are decompressed. Row and column positions come from the
// cells themselves (`r="C7"`), never from the sheet's `<dimension>`, which a file can make claim a
// million rows by sixteen thousand columns: the work follows the cells that are there.
import { usageError } from '../core/errors.js';
import type { ZipArchive } from './zip-archive.js';
import { SharedStrings } from './shared-strings.js';
import { parseXml } from './xml-stream.js';

export type Cell = string | number | boolean | null;

export interface XlsxLimits {
  /** Decompressed bytes of the shared strings part. */
  sharedStringsBytes: number;
  /** Decompressed bytes of the sheet part (streamed: this bounds time, not memory). */
  sheetBytes: number;
  /** Columns per row; a cell further right is refused. */
  columns: number;
  /** Shared-string bytes kept in memory before the rest goes to a temporary file. */
  stringsInMemory: number;
}

/** Excel's own last row: a row number past it is not from a spreadsheet program. */
const MAX_ROW = 1_048_576;

export async function readSharedStrings(zip: ZipArchive, part: string, limits: XlsxLimits): Promise<SharedStrings> {
  const sst = new SharedStrings(limits.stringsInMemory);
  // <si> holds the text as one <t>, or as rich-text runs <r><t>…</t></r>; <rPh> is phonetic help, not text
  let inSi = false;
  let inT = false;
  let inPh = false;
  let text = '';
  try {
    await parseXml(zip.read(part, limits.sharedStringsBytes, 'shared strings'), zip.display, part, {
      open(name) {
        if (name === 'si') { inSi = true; text = ''; } else if (name === 't' && inSi && !inPh) inT = true;
        else if (name === 'rPh') inPh = true;
      },
      close(name) {
        if (name === 't') inT = false;
        else if (name === 'rPh') inPh = false;
        else if (name === 'si') { sst.add(text); inSi = false; text = ''; }
      },
      text(t) { if (inT) text += t; },
    });
    sst.finish();
  } catch (e) {
    sst.close();
    throw e;
  }
  return sst;
}

/** Streams the sheet's rows with their spreadsheet row numbers; rows with no value are left out. Returns the last row number. */
export async function streamRows(zip: ZipArchive, part: string, sst: SharedStrings | undefined, limits: XlsxLimits,
  onRow: (cells: Cell[], row: number) => void): Promise<number> {
  const display = zip.display;
  let inData = false;
  let row = 0;
  let cells: Cell[] = [];
  let any = false;
  let col = -1;
  let type = '';
  let ref = '';
  let inV = false;
  let inIs = false;
  let inT = false;
  let inPh = false;
  let text = '';
  let hasText = false;
  const bad = (why: string) => usageError(`${display}: ${why}; nothing was imported.`, 'Open it in Excel or LibreOffice and save it again, or export the sheet as CSV.');
  await parseXml(zip.read(part, limits.sheetBytes, 'sheet'), display, part, {
    open(name, a) {
      if (!inData) { if (name === 'sheetData') inData = true; return; }
      switch (name) {
        case 'row': {
          const r = a.r;
          const n = r === undefined ? row + 1 : Number(r);
          if (!(n >= 1 && n <= MAX_ROW && Number.isInteger(n))) throw bad(`row number "${r}" is not a spreadsheet row (1 to ${MAX_ROW.toLocaleString('en')})`);
          row = n;
          cells = [];
          any = false;
          col = -1;
          break;
        }
        case 'c': {
          ref = a.r ?? '';
          col = ref ? columnOf(ref) : col + 1;
          if (col < 0) throw bad(`cell reference "${ref}" on row ${row} is not a cell`);
          if (col >= limits.columns) throw bad(`cell ${ref || `${col + 1} of row ${row}`} is beyond column ${limits.columns.toLocaleString('en')}, the last one omni reads`);
          type = a.t ?? 'n';
          text = '';
          hasText = false;
          break;
        }
        case 'v': inV = true; break;
        case 'is': inIs = true; break;
        case 't': if (inIs && !inPh) inT = true; break;
        case 'rPh': inPh = true; break;
      }
    },
    close(name) {
      if (!inData) return;
      switch (name) {
        case 'v': inV = false; break;
        case 't': inT = false; break;
        case 'rPh': inPh = false; break;
        case 'is': inIs = false; break;
        case 'c': {
          if (!hasText) break;
          const v = value(type, text);
          if (v === undefined) throw bad(`cell ${ref} refers to shared string ${text.trim()}, but the workbook has ${sst?.count ?? 0}`);
          while (cells.length < col) cells.push(null);
          cells[col] = v;
          if (v !== null && v !== '') any = true;
          break;
        }
        case 'row':
          if (any) onRow(cells, row);
          break;
        case 'sheetData': inData = false; break;
      }
    },
    text(t) {
      if (inV || inT) { text += t; hasText = true; }
    },
  });

  function value(t: string, v: string): Cell | undefined {
    switch (t) {
      case 's': return sst?.get(Number(v));
      case 'b': return v.trim() === '1' || v.trim().toLowerCase() === 'true';
      case 'str': case 'inlineStr': case 'e': case 'd': return v;
      default: {
        if (v.trim() === '') return null;
        const n = Number(v);
        return Number.isNaN(n) ? v : n;
      }
    }
  }
  return row;
}

/** "AB12" → 27 (0-based column); -1 when it does not start with A–Z letters. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return i === 0 ? -1 : col - 1;
}
