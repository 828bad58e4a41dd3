// A zip archive (an .xlsx is one) read part by part with yauzl: the central directory first,
// then any part as a stream of decompressed bytes. A workbook is untrusted input, so a part's
// decompressed size is checked against a limit before a byte is inflated, and yauzl refuses a
// stream that inflates past the size the directory declared (a lying header is caught too).
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { usageError } from '../core/errors.js';

/** More parts than any workbook has: a directory of millions of entries is refused, not walked. */
const MAX_ENTRIES = 10_000;
/** Bytes per inflated chunk (zlib's default is 16 KiB; 256 KiB cost 30 MB more at 1M rows, no faster). */
const INFLATE_CHUNK = 64 * 1024;

export class ZipArchive {
  private constructor(private readonly zip: ZipFile, private readonly entries: Map<string, Entry>, readonly display: string) {}

  static async open(file: string, display: string): Promise<ZipArchive> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
    } catch (e) {
      throw damaged(display, e);
    }
    const entries = new Map<string, Entry>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (e: Entry) => {
          if (entries.size >= MAX_ENTRIES) { reject(usageError(`${display} holds more than ${MAX_ENTRIES.toLocaleString('en')} parts; it is not a workbook omni can read.`, 'Save it again from Excel or LibreOffice, or export the sheet as CSV.')); return; }
          // Part names are case-insensitive (Open Packaging Conventions); some writers differ in case.
          entries.set(e.fileName.replace(/^\/+/, '').toLowerCase(), e);
          zip.readEntry();
        });
        zip.once('end', resolve);
        zip.once('error', reject);
        zip.readEntry();
      });
    } catch (e) {
      zip.close();
      throw damaged(display, e);
    }
    return new ZipArchive(zip, entries, display);
  }

  /** The unpacked size of every part together, as the directory declares it. */
  unpackedBytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.uncompressedSize;
    return n;
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /**
   * The part's decompressed bytes, chunk by chunk. Refused (exit 2) when the directory says it
   * inflates past `maxBytes`; a part that inflates past what the directory says fails the stream.
   */
  async *read(name: string, maxBytes: number, what: string): AsyncGenerator<Buffer> {
    const e = this.entries.get(name.toLowerCase());
    if (!e) throw usageError(`${this.display} has no ${what} (${name}); it is not a complete workbook.`, 'Open it in Excel or LibreOffice and save it again.');
    if (e.isEncrypted()) throw usageError(`${this.display} is password-protected.`, 'Save a copy without a password, or export the sheet as CSV.');
    if (e.uncompressedSize > maxBytes) {
      throw usageError(`${this.display}: its ${what} unpacks to ${mb(e.uncompressedSize)} (from ${mb(e.compressedSize)} packed); omni reads at most ${mb(maxBytes)}. Nothing was imported.`,
        'A real supplier sheet is far smaller: this file may be broken or made to exhaust memory. Ask the sender for a new copy, or export the sheet as CSV.');
    }
    if (e.compressionMethod !== 0 && e.compressionMethod !== 8) throw damaged(this.display, new Error(`unsupported compression method ${e.compressionMethod}`));
    // The raw bytes from yauzl, inflated here in chunks of INFLATE_CHUNK rather than zlib's 16 KiB:
    // a million-row sheet is a few hundred MB, and each chunk is a round trip to the thread pool
    // and a pass through the parser. 256 KiB measured no faster at 1M rows and 30 MB more peak
    // RSS. The unpacked size is checked here as yauzl's validateEntrySizes would.
    let raw: Readable;
    try {
      raw = await this.zip.openReadStreamPromise(e, { decodeFileData: false });
    } catch (err) {
      throw damaged(this.display, err);
    }
    const stream: Readable = e.compressionMethod === 8 ? pipeline(raw, createInflateRaw({ chunkSize: INFLATE_CHUNK }), () => {}) : raw;
    let total = 0;
    try {
      for await (const chunk of stream) {
        total += (chunk as Buffer).length;
        if (total > e.uncompressedSize) throw new Error('too many bytes in the stream');
        yield chunk as Buffer;
      }
      if (total !== e.uncompressedSize) throw new Error(`unpacks to ${total} bytes, not the ${e.uncompressedSize} its directory declares`);
    } catch (err) {
      if (/too many bytes in the stream/.test((err as Error).message)) {
        throw usageError(`${this.display}: its ${what} unpacks to more than the ${mb(e.uncompressedSize)} its own directory declares. Nothing was imported.`,
          'The file is broken or made to exhaust memory. Ask the sender for a new copy, or export the sheet as CSV.');
      }
      throw damaged(this.display, err);
    } finally {
      stream.destroy();
      raw.destroy();
    }
  }

  /** A small part as text (workbook.xml, relationships). */
  async text(name: string, maxBytes: number, what: string): Promise<string> {
    const parts: Buffer[] = [];
    for await (const chunk of this.read(name, maxBytes, what)) parts.push(chunk);
    return Buffer.concat(parts).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}

function damaged(display: string, e: unknown) {
  return usageError(`${display} is not a readable workbook (it may be truncated or damaged): ${(e as Error).message}.`,
    'Open it in Excel or LibreOffice and save it again, or ask the supplier for a new copy.');
}

export function mb(bytes: number): string {
  return `${(bytes / (1 << 20)).toLocaleString('en', { maximumFractionDigits: bytes < 10 << 20 ? 1 : 0 })} MB`;
}
