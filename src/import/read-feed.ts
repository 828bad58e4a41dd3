// One entry point for every feed format: pick the reader from the config or the file name (or
// the first bytes), read, and hand each record on with its row number.
import { openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { readCsv, scanFile } from './csv-reader.js';
import { CsvSplitter } from './csv-split.js';
import { decodeWindows1252, detectDecimalComma, detectDelimiter } from './detect.js';
import { readWorkbook } from './workbook-reader.js';
import type { Cell } from './mapping.js';
import type { SupplierConfig } from './supplier-config.js';
import type { LocalSource } from './sources.js';
import type { Delimiter, Encoding } from './detect.js';

export type FeedFormat = NonNullable<SupplierConfig['format']>;

export interface FeedInfo {
  format: FeedFormat;
  encoding?: Encoding;
  delimiter?: Delimiter;
  sheet?: string;
  /** SHA-256 of the file's bytes, when asked for. */
  sha256?: string;
}

export interface ReadFeedOptions {
  wantHash: boolean;
  /** `text`: a CSV record's own text when it lay whole in one chunk (csv-split.ts); never for a workbook. */
  onRecord: (cells: Cell[], row: number, text?: string) => void;
  onBytes?: ((bytes: number) => void) | undefined;
  /** Called with the file's SHA-256 (when wantHash) before the first record. */
  onHash?: ((sha256: string) => void) | undefined;
}

export function formatOf(src: LocalSource, configured: FeedFormat | undefined): FeedFormat {
  if (configured) return configured;
  const ext = path.extname(src.nameForFormat).slice(1).toLowerCase();
  if (['csv', 'tsv', 'txt', 'xlsx', 'xls', 'ods'].includes(ext)) return ext as FeedFormat;
  const head = Buffer.alloc(4);
  const fd = openSync(src.path, 'r');
  try { readSync(fd, head, 0, 4, 0); } finally { closeSync(fd); }
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf) return 'xls';
  return 'csv';
}

/**
 * Whether a CSV feed writes decimals with a comma, judged (src/import/detect.ts) from the cells of
 * its first 64 KB below the header row — the same judgement as for every file omni reads. A
 * workbook's numbers are numbers: undefined.
 */
export function sampleDecimalComma(src: LocalSource, format: FeedFormat, cfg: Pick<SupplierConfig, 'encoding' | 'delimiter' | 'header_row'>): boolean | undefined {
  if (format === 'xlsx' || format === 'xls' || format === 'ods') return undefined;
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(src.path, 'r');
  let got: number;
  try { got = readSync(fd, head, 0, head.length, 0); } finally { closeSync(fd); }
  const bytes = head.subarray(0, got);
  const latin = cfg.encoding === 'windows-1252' || cfg.encoding === 'latin1';
  const text = latin ? decodeWindows1252(bytes) : new TextDecoder('utf-8').decode(bytes);
  const delimiter = cfg.delimiter === 'tab' ? '\t' : cfg.delimiter ?? (format === 'tsv' ? '\t' : detectDelimiter(text));
  const cells: string[] = [];
  const splitter = new CsvSplitter(delimiter, (row, n) => { if (n > cfg.header_row) cells.push(...row); });
  // the sample may end inside a row: only whole lines
  splitter.push(got < head.length ? text : text.slice(0, text.lastIndexOf('\n') + 1));
  try { splitter.end(); } catch { /* a broken quote in the sample: the real read reports it */ }
  return detectDecimalComma(cells, delimiter);
}

export async function readFeed(src: LocalSource, format: FeedFormat, cfg: SupplierConfig, opts: ReadFeedOptions): Promise<FeedInfo> {
  if (format === 'xlsx' || format === 'xls' || format === 'ods') {
    const info = await readWorkbook(src.path, src.display, { sheet: cfg.sheet, onRow: opts.onRecord, onHash: opts.onHash });
    opts.onBytes?.(src.bytes);
    return { format, sheet: info.sheet, sha256: info.sha256 };
  }
  const wanted = cfg.encoding === 'latin1' ? 'windows-1252' : cfg.encoding;
  const scan = wanted === 'auto' || opts.wantHash ? await scanFile(src.path, { utf8: wanted === 'auto', hash: opts.wantHash }) : undefined;
  if (scan?.sha256) opts.onHash?.(scan.sha256);
  const encoding: Encoding = wanted === 'auto' ? (scan!.utf8 ? 'utf-8' : 'windows-1252') : wanted;
  const delimiter = cfg.delimiter === 'tab' ? '\t' : cfg.delimiter ?? (format === 'tsv' ? '\t' : undefined);
  const info = await readCsv(src.path, { encoding, delimiter, onRow: opts.onRecord, onBytes: opts.onBytes });
  return { format, encoding: info.encoding, delimiter: info.delimiter, ...(scan?.sha256 ? { sha256: scan.sha256 } : {}) };
}
