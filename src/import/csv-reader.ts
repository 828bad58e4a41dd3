// Streams a supplier CSV as records with row numbers: detects the encoding (a BOM, valid UTF-8,
// else windows-1252) and the delimiter, decodes chunk by chunk, and never holds the whole file.
import { closeSync, openSync, readSync } from 'node:fs';
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

// 64 KB: each chunk's decoded text stays an ordinary young-generation string that the next
// scavenge frees. At 1 MB the texts became large or external strings that live until a full GC,
// and the import's peak RSS grew by ~100 MB for no speed gain (see bench/import.js).
const CHUNK = 1 << 16;
const SCAN_CHUNK = 1 << 20;

/** One pass over the file: is it valid UTF-8, and (when asked) the SHA-256 of its bytes. */
export async function scanFile(file: string, want: { utf8: boolean; hash: boolean }): Promise<{ utf8: boolean; sha256?: string }> {
  const check = new Utf8Check();
  const hash = want.hash ? createHash('sha256') : undefined;
  await eachChunk(file, SCAN_CHUNK, (chunk) => {
    if (want.utf8) check.push(chunk);
    hash?.update(chunk);
  });
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
  await eachChunk(file, CHUNK, (chunk) => {
    if (bytes === 0) bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    bytes += chunk.length;
    const text = encoding === 'utf-8' ? utf8.decode(chunk, { stream: true }) : decodeWindows1252(chunk);
    if (!splitter) {
      delimiter ??= detectDelimiter(text);
      splitter = new CsvSplitter(delimiter, opts.onRow);
    }
    splitter.push(text);
    opts.onBytes?.(bytes);
  });
  if (splitter) {
    const tail = encoding === 'utf-8' ? utf8.decode() : '';
    if (tail) splitter.push(tail);
    splitter.end();
  }
  return { encoding, delimiter: delimiter ?? ',', bom, rows: splitter?.rows ?? 0 };
}

/**
 * The file's bytes in order, through one reused buffer (valid only during the call). Plain
 * synchronous reads: a local file comes from the page cache, and a round trip through the
 * thread pool per chunk left the import waiting. Lets the event loop run every few megabytes.
 */
async function eachChunk(file: string, size: number, onChunk: (chunk: Buffer) => void): Promise<void> {
  const buf = Buffer.allocUnsafe(size);
  const fd = openSync(file, 'r');
  try {
    for (let n = 1; ; n++) {
      const got = readSync(fd, buf, 0, size, null);
      if (got === 0) return;
      onChunk(buf.subarray(0, got));
      if (n % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
}
