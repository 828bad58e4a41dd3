// A POS export as a table of text cells: CSV (delimiter sniffed or given, BOM dropped, encoding
// given) or XLSX (first sheet). Row numbers are the ones a person sees in Excel (header = 1).
import { closeSync, createReadStream, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse/sync';
import { parse as parseStream } from 'csv-parse';
import * as XLSX from '@e965/xlsx';
import { UserError, usageError } from '../../src/core/errors.js';
import { capText } from '../../src/core/text.js';
import { CSV_LIMITS } from '../../src/import/csv-split.js';
import type { Columns, Field } from './presets.js';

export interface TableRow { rowNo: number; cells: string[] }
export interface TableHead {
  file: string; header: string[];
  /** Every header cell of the file when `header` holds only the columns read (for messages). */
  found?: string[] | undefined;
}
export interface Table extends TableHead { rows: TableRow[] }
export interface ReadOptions { delimiter?: string | undefined; encoding: BufferEncoding }

export function readTable(file: string, opts: ReadOptions): Table {
  const name = path.basename(file);
  let buf: Buffer;
  try { buf = readFileSync(file); } catch { throw usageError(`Cannot read ${file}.`, 'Check the file name in config.yaml (channels.*.sales_file / counts_file / items_file).'); }
  let records: string[][];
  if (/\.(xlsx|xlsm|xls|ods)$/i.test(file)) {
    try {
      const wb = XLSX.read(buf, { type: 'buffer', cellDates: false });
      const ws = wb.SheetNames[0] ? wb.Sheets[wb.SheetNames[0]] : undefined;
      records = ws ? XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false, blankrows: true, defval: '' }).map((r) => r.map((c) => String(c ?? ''))) : [];
    } catch (e) { throw usageError(`${name} is not a readable spreadsheet: ${(e as Error).message}`); }
  } else {
    const text = buf.toString(opts.encoding).replace(/^\uFEFF/, '');
    const firstLine = text.slice(0, text.search(/\r?\n|$/));
    const delimiter = opts.delimiter ?? ([';', '\t', ','].find((d) => firstLine.split(d).length > 2) ?? ',');
    try {
      records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true, max_record_size: CSV_LIMITS.maxRecord });
    } catch (e) { throw usageError(`${name} is not a readable CSV: ${capText((e as Error).message, 300)}`); }
  }
  const [head, ...body] = records;
  if (!head || head.every((h) => h.trim() === '')) throw usageError(`${name} is empty (no header row).`);
  const rows = body.map((cells, i) => ({ rowNo: i + 2, cells: cells.map((c) => c.trim()) })).filter((r) => r.cells.some((c) => c !== ''));
  return { file: name, header: head.map((h) => h.trim()), rows };
}

/**
 * readTable for the big exports (a POS's sales of a year): a CSV is parsed as it is read, and
 * each row keeps only the cells of the columns `cols` can name, so memory follows the rows and
 * the few columns used, not the file (a Square export has 35 columns; omni reads about 12).
 * A row counts as blank, and its row number as taken, exactly as readTable does. Spreadsheets are
 * read whole (their size is checked first) and pruned the same way.
 */
export async function readTableLean(file: string, opts: ReadOptions, cols: Columns, consume?: (head: TableHead) => (row: TableRow) => void): Promise<Table> {
  if (/\.(xlsx|xlsm|xls|ods)$/i.test(file)) {
    const t = prune(readTable(file, opts), cols);
    if (!consume) return t;
    const add = consume(t);
    for (const r of t.rows) add(r);
    return { ...t, rows: [] };
  }
  const name = path.basename(file);
  let first: string;
  try { first = readStart(file, opts.encoding); } catch { throw usageError(`Cannot read ${file}.`, 'Check the file name in config.yaml (channels.*.sales_file / counts_file / items_file).'); }
  const firstLine = first.replace(/^\uFEFF/, '').slice(0, Math.max(0, first.replace(/^\uFEFF/, '').search(/\r?\n|$/)));
  const delimiter = opts.delimiter ?? ([';', '\t', ','].find((d) => firstLine.split(d).length > 2) ?? ',');
  const parser = parseStream({ delimiter, relax_column_count: true, skip_empty_lines: false, bom: true, max_record_size: CSV_LIMITS.maxRecord });
  // Small chunks: every record a chunk yields is alive at once, and 1 MiB of a 35-column export
  // (~3,000 records) outlives the young generation; 64 KiB kept the 100k-line pull ~75 MB lower.
  const source = createReadStream(file, { highWaterMark: 1 << 16 });
  source.on('error', (e) => parser.destroy(e));
  // Decoded here, as readTable decodes (the encoding given, a leading BOM dropped), then parsed.
  const decoder = new StringDecoder(opts.encoding);
  let started = false;
  source.on('data', (chunk: Buffer | string) => {
    let text = decoder.write(chunk as Buffer);
    if (!started && text.length > 0) { started = true; text = text.replace(/^\uFEFF/, ''); }
    if (text && !parser.write(text)) source.pause();
  });
  parser.on('drain', () => source.resume());
  source.on('end', () => { const rest = decoder.end(); if (rest) parser.write(started ? rest : rest.replace(/^\uFEFF/, '')); parser.end(); });

  let header: string[] | undefined, keep: number[] = [];
  const rows: TableRow[] = [];
  // With a consumer, each row is handed on as it is parsed and none is kept.
  let add = (r: TableRow) => { rows.push(r); };
  let n = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      n++;
      if (header === undefined) {
        header = record.map((h) => h.trim());
        if (header.every((h) => h === '')) break;
        keep = keptColumns(header, cols);
        if (consume) add = consume({ file: name, header: keep.map((i) => header![i]!), found: header });
        continue;
      }
      if (!record.some((c) => c.trim() !== '')) continue;
      add({ rowNo: n, cells: keep.map((i) => (record[i] ?? '').trim()) });
    }
  } catch (e) {
    source.destroy();
    if (e instanceof UserError) throw e;
    throw usageError(`${name} is not a readable CSV: ${capText((e as Error).message, 300)}`);
  }
  source.destroy();
  if (!header || header.every((h) => h === '')) throw usageError(`${name} is empty (no header row).`);
  return { file: name, header: keep.map((i) => header![i]!), rows, found: header };
}

/** The first 64 KiB of the file, decoded: enough for the header line the delimiter is sniffed from. */
function readStart(file: string, encoding: BufferEncoding): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const got = readSync(fd, buf, 0, buf.length, 0);
    return new StringDecoder(encoding).write(buf.subarray(0, got));
  } finally { closeSync(fd); }
}

/** The table with only the columns `cols` can name. */
function prune(t: Table, cols: Columns): Table {
  const keep = keptColumns(t.header, cols);
  return { file: t.file, header: keep.map((i) => t.header[i]!), rows: t.rows.map((r) => ({ rowNo: r.rowNo, cells: keep.map((i) => r.cells[i] ?? '') })), found: t.header };
}

/** Indexes of the header cells any name in `cols` could match (a `{loc}` name: any store's). */
function keptColumns(header: readonly string[], cols: Columns): number[] {
  const exact = new Set<string>();
  const patterns: [string, string][] = [];
  for (const names of Object.values(cols)) {
    for (const n of names ?? []) {
      if (n.includes('{loc}')) patterns.push(n.toLowerCase().split('{loc}') as [string, string]);
      else exact.add(n.toLowerCase());
    }
  }
  const out: number[] = [];
  header.forEach((h, i) => {
    const l = h.toLowerCase();
    if (exact.has(l) || patterns.some(([pre, post]) => l.length >= pre.length + post.length && l.startsWith(pre) && l.endsWith(post))) out.push(i);
  });
  return out;
}

/** A path or a glob ("exports/sales-*.csv"): every matching file, oldest first. */
export function allMatches(pattern: string, baseDir: string): string[] {
  const full = path.resolve(baseDir, pattern);
  if (!/[*?]/.test(path.basename(full))) return statOk(full) ? [full] : [];
  const dir = path.dirname(full);
  const re = new RegExp(`^${path.basename(full).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  const hits = names.filter((n) => re.test(n)).map((n) => path.join(dir, n)).filter(statOk);
  return hits.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b));
}

/** The newest matching file, or undefined. */
export function newestMatch(pattern: string, baseDir: string): string | undefined {
  return allMatches(pattern, baseDir).at(-1);
}

function statOk(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

/**
 * Field → column index. Headers match case-insensitively; `{loc}` in a header is the POS location
 * name (given, or the only one the table has). Missing required fields are one error naming them.
 */
export function locate(t: TableHead, cols: Columns, required: readonly Field[], posLocation?: string): { at: Partial<Record<Field, number>>; location: string | undefined } {
  const lower = t.header.map((h) => h.toLowerCase());
  const location = posLocation ?? detectLocation(t, cols);
  const at: Partial<Record<Field, number>> = {};
  for (const [field, names] of Object.entries(cols) as [Field, readonly string[] | undefined][]) {
    for (const n of names ?? []) {
      if (n.includes('{loc}') && location === undefined) continue;
      const i = lower.indexOf(n.replace('{loc}', location ?? '').toLowerCase());
      if (i >= 0) { at[field] = i; break; }
    }
  }
  const missing = required.filter((f) => at[f] === undefined);
  if (missing.length > 0) {
    throw usageError(`${t.file} lacks the column(s) for ${missing.join(', ')}.`, 'Pick the right `preset`, or name the columns under `columns:` in the channel (and `pos_location` for per-store columns).',
      [...missing.map((f) => `${t.file}:1: ${f}: expected one of ${(cols[f] ?? [f]).map((n) => `"${n.replace('{loc}', location ?? '<store>')}"`).join(', ')}`), `${t.file}:1: columns found: ${capText((t.found ?? t.header).join(', '), 300)}`]);
  }
  return { at, location };
}

function detectLocation(t: TableHead, cols: Columns): string | undefined {
  const found = new Set<string>();
  for (const names of Object.values(cols)) {
    for (const n of names ?? []) {
      if (!n.includes('{loc}')) continue;
      const [pre, post] = n.toLowerCase().split('{loc}') as [string, string];
      for (const h of t.header) {
        const l = h.toLowerCase();
        if (l.length > pre.length + post.length && l.startsWith(pre) && l.endsWith(post)) found.add(h.slice(pre.length, h.length - post.length));
      }
    }
  }
  if (found.size > 1) throw usageError(`${t.file} has columns for several stores (${[...found].join(', ')}).`, 'Set `pos_location` in the channel to the one this channel stands for.');
  return [...found][0];
}

export const cell = (r: { cells: string[] }, i: number | undefined): string => (i === undefined ? '' : r.cells[i] ?? '');
