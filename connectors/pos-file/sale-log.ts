// The sale rows of an export, kept between reading the file and building its orders as compact
// text (one tab-separated line per row, in chunks), not as objects: a million-line export held
// as order objects took ~0.4 KB a line of heap; as text it is ~30 bytes. A field that repeats the
// row before (the receipt, the time) is left empty, as it mostly does: a receipt's rows are
// usually together. Read back any number of times, in file order.
import type { RemoteCustomer } from '../../src/core/connector.js';

/**
 * s: a sale. o: a refund booked on its own receipt (linked to it, or unlinked). x: a row kept
 * elsewhere (a refund of another receipt) that still counts for the "<id>#<n>" numbering.
 * a: a refund of its own receipt met after that receipt's rows, kept elsewhere like x (see
 * receipt-ends.ts); it counts for the numbering of its receipt's rows further down, if any.
 */
export type LoggedKind = 's' | 'o' | 'x' | 'a';

export interface LoggedRow {
  kind: LoggedKind;
  receipt: string;
  /** The n in a line key counts rows of one receipt, type (refund or not) and id. */
  refundType: boolean;
  id: string;
  sku: string;
  quantity: number;
  unitMinor: number;
  totalMinor: number;
  at: string;
  cancelled: boolean;
  customer: RemoteCustomer | undefined;
  /** o rows: linked to the receipt itself (not unlinked). */
  linked: boolean;
  /** o rows: the row's place among all refund rows (refunds apply in file order). */
  seq: number;
}

/** Rows are written into buffers of this size, outside V8's heap. */
const CHUNK_BYTES = 1 << 16;

/**
 * Text that can hold a tab, a newline or a backslash is stored as JSON behind a backslash; so is
 * text with a surrogate (tested for any: a lone one, from a broken UTF-16 file, the buffer's UTF-8
 * would turn into U+FFFD, and JSON.stringify escapes it): the receipt read back must be the receipt
 * read, or its bad rows and refunds miss it.
 */
export const enc = (s: string): string => (/[\x00-\x1f\\\uD800-\uDFFF]/.test(s) ? `\\${JSON.stringify(s)}` : s);
export const dec = (s: string): string => (s.startsWith('\\') ? JSON.parse(s.slice(1)) as string : s);

/**
 * A sale's time is an ISO instant as toISOString writes it (24 characters): kept as its
 * milliseconds in base 36 (8 characters, lower case); any other form is kept as it is behind a "T".
 */
export function encAt(at: string): string {
  const ms = Date.parse(at);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === at ? ms.toString(36) : `T${enc(at)}`;
}
export const decAt = (s: string): string => (s.startsWith('T') ? dec(s.slice(1)) : new Date(parseInt(s, 36)).toISOString());

export class SaleLog {
  // Buffers, not strings: the log is the one thing a big read keeps, and held in V8's heap it set
  // how far the heap grew before each full collection (V8 lets it reach ~4× what is live: at a
  // million lines the 50 MB log let 150 MB of garbage pile up). Each row's text dies young.
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private lastReceipt = '';
  private lastAt = '';
  /** Rows logged so far: the next row's index. */
  size = 0;

  add(r: LoggedRow): number {
    const receipt = r.receipt === this.lastReceipt && this.size > 0 ? '' : enc(r.receipt);
    this.lastReceipt = r.receipt;
    const head = `${receipt}\t${r.kind}${r.refundType ? 'r' : 's'}\t${enc(r.id)}`;
    if (r.kind === 'x' || r.kind === 'a') this.write(head);
    else {
      const at = r.at === this.lastAt ? '' : encAt(r.at);
      this.lastAt = r.at;
      // Empty fields at the end are left off: most rows end in four.
      this.write([head, r.sku === r.id ? '' : enc(r.sku), r.quantity, r.unitMinor, r.totalMinor === r.unitMinor * r.quantity ? '' : r.totalMinor,
        at, r.cancelled ? '1' : '', r.customer ? enc(JSON.stringify(r.customer)) : '', r.kind === 'o' ? `${r.linked ? 'l' : ''}${r.seq}` : ''].join('\t').replace(/\t+$/, ''));
    }
    return this.size++;
  }

  /** Every row, in the order logged. */
  *rows(): Generator<LoggedRow> {
    this.seal();
    let receipt = '', at = '';
    for (const chunk of this.chunks) {
      for (const line of chunk.toString('utf8').split('\n')) {
        const f = line.split('\t');
        if (f[0] !== '') receipt = dec(f[0]!);
        const kind = f[1]![0] as LoggedKind, refundType = f[1]![1] === 'r';
        const id = dec(f[2]!);
        // Whole object literals, no spread: V8 places spread copies in the old generation, and a
        // million of them made the heap grow ~2 GB worth of garbage between full collections.
        if (kind === 'x' || kind === 'a') { yield { kind, receipt, refundType, id, sku: id, quantity: 0, unitMinor: 0, totalMinor: 0, at, cancelled: false, customer: undefined, linked: false, seq: 0 }; continue; }
        const g = (i: number): string => f[i] ?? '';
        if (g(7) !== '') at = decAt(g(7));
        const quantity = Number(f[4]), unitMinor = Number(f[5]);
        const o = g(10);
        yield {
          kind, receipt, refundType, id, sku: g(3) === '' ? id : dec(g(3)), quantity, unitMinor, totalMinor: g(6) === '' ? unitMinor * quantity : Number(g(6)), at,
          cancelled: g(8) === '1', customer: g(9) === '' ? undefined : JSON.parse(dec(g(9))) as RemoteCustomer,
          linked: o.startsWith('l'), seq: o === '' ? 0 : Number(o.replace(/^l/, '')),
        };
      }
    }
  }

  /** One row's text, into the current buffer (a new one when it does not fit; a row bigger than a buffer gets its own). */
  private write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.used > 0 && this.used + 1 + bytes > this.chunk.length) this.seal();
    if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
    if (this.used > 0) this.chunk[this.used++] = 0x0a;
    this.used += this.chunk.write(line, this.used);
  }

  /** The rows written so far stay as they are; the next go into a fresh buffer. */
  private seal(): void {
    if (this.used === 0) return;
    this.chunks.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }
}
