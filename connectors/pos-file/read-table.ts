// A POS export as a table of text cells: CSV (delimiter sniffed or given, BOM dropped, encoding
// given) or XLSX (first sheet). Row numbers are the ones a person sees in Excel (header = 1).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as XLSX from '@e965/xlsx';
import { usageError } from '../../src/core/errors.js';
import { capText } from '../../src/core/text.js';
import { CSV_LIMITS } from '../../src/import/csv-split.js';
import type { Columns, Field } from './presets.js';

export interface Table { file: string; header: string[]; rows: { rowNo: number; cells: string[] }[] }
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
export function locate(t: Table, cols: Columns, required: readonly Field[], posLocation?: string): { at: Partial<Record<Field, number>>; location: string | undefined } {
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
      [...missing.map((f) => `${t.file}:1: ${f}: expected one of ${(cols[f] ?? [f]).map((n) => `"${n.replace('{loc}', location ?? '<store>')}"`).join(', ')}`), `${t.file}:1: columns found: ${capText(t.header.join(', '), 300)}`]);
  }
  return { at, location };
}

function detectLocation(t: Table, cols: Columns): string | undefined {
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
