// Streams a supplier CSV as records with row numbers: detects the encoding (a BOM, valid UTF-8,
// else windows-1252) and the delimiter, decodes chunk by chunk, and never holds the whole file.
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Utf8Check, decodeWindows1252, detectDelimiter, type Delimiter, type Encoding } from './detect.js';
import { CsvSplitter, type RowSink } from './csv-split.js';

export interface CsvOptions {
  encoding: 'auto' | Encoding;
  delimiter?: Delimiter | undefined;
  onRow: RowSink;
  /** Bytes read so far, after each chunk. */
  onBytes?: ((bytes: number) => void) | undefined;
}

export interface CsvInfo {
  encoding: Encoding;
  delimiter: Delimiter;
  bom: boolean;
  rows: number;
}

const CHUNK = 1 << 20;

/** One pass over the file: is it valid UTF-8, and (when asked) the SHA-256 of its bytes. */
export async function scanFile(file: string, want: { utf8: boolean; hash: boolean }): Promise<{ utf8: boolean; sha256?: string }> {
  const check = new Utf8Check();
  const hash = want.hash ? createHash('sha256') : undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    if (want.utf8) check.push(chunk as Buffer);
    hash?.update(chunk as Buffer);
  }
  return { utf8: want.utf8 ? check.end() : true, ...(hash ? { sha256: hash.digest('hex') } : {}) };
}

export async function readCsv(file: string, opts: CsvOptions): Promise<CsvInfo> {
  let encoding: Encoding = opts.encoding === 'auto' ? 'utf-8' : opts.encoding;
  if (opts.encoding === 'auto') encoding = (await scanFile(file, { utf8: true, hash: false })).utf8 ? 'utf-8' : 'windows-1252';
  const utf8 = new TextDecoder('utf-8'); // strips a BOM; invalid bytes (a forced utf-8) become U+FFFD
  let delimiter = opts.delimiter;
  let splitter: CsvSplitter | undefined;
  let bytes = 0;
  let bom = false;
  for await (const raw of createReadStream(file, { highWaterMark: CHUNK })) {
    const chunk = raw as Buffer;
    if (bytes === 0) bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    bytes += chunk.length;
    const text = encoding === 'utf-8' ? utf8.decode(chunk, { stream: true }) : decodeWindows1252(chunk);
    if (!splitter) {
      delimiter ??= detectDelimiter(text);
      splitter = new CsvSplitter(delimiter, opts.onRow);
    }
    splitter.push(text);
    opts.onBytes?.(bytes);
  }
  if (splitter) {
    const tail = encoding === 'utf-8' ? utf8.decode() : '';
    if (tail) splitter.push(tail);
    splitter.end();
  }
  return { encoding, delimiter: delimiter ?? ',', bom, rows: splitter?.rows ?? 0 };
}
