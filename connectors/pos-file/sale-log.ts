// The sale rows of an export, kept between reading the file and building its orders as compact
// text (one tab-separated line per row, in chunks), not as objects: a million-line export held
// as order objects took ~0.4 KB a line of heap; as text it is ~30 bytes. A field that repeats the
// row before (the receipt, the time) is left empty, as it mostly does: a receipt's rows are
// usually together. Read back any number of times, in file order.
import type { RemoteCustomer } from '../../src/core/connector.js';

/**
 * s: a sale. o: a refund booked on its own receipt (linked to it, or unlinked). x: a row kept
 * elsewhere (a refund of another receipt) that still counts for the "<id>#<n>" numbering.
 */
export type LoggedKind = 's' | 'o' | 'x';

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

const ROWS_PER_CHUNK = 512;

/** Text that can hold a tab, a newline or a backslash is stored as JSON behind a backslash. */
const enc = (s: string): string => (/[\x00-\x1f\\]/.test(s) ? `\\${JSON.stringify(s)}` : s);
const dec = (s: string): string => (s.startsWith('\\') ? JSON.parse(s.slice(1)) as string : s);

export class SaleLog {
  private readonly chunks: string[] = [];
  private pending: string[] = [];
  private lastReceipt = '';
  private lastAt = '';
  /** Rows logged so far: the next row's index. */
  size = 0;

  add(r: LoggedRow): number {
    const receipt = r.receipt === this.lastReceipt && this.size > 0 ? '' : enc(r.receipt);
    this.lastReceipt = r.receipt;
    const head = `${receipt}\t${r.kind}${r.refundType ? 'r' : 's'}\t${enc(r.id)}`;
    if (r.kind === 'x') this.pending.push(head);
    else {
      const at = r.at === this.lastAt ? '' : enc(r.at);
      this.lastAt = r.at;
      this.pending.push([head, r.sku === r.id ? '' : enc(r.sku), r.quantity, r.unitMinor, r.totalMinor === r.unitMinor * r.quantity ? '' : r.totalMinor,
        at, r.cancelled ? '1' : '', r.customer ? enc(JSON.stringify(r.customer)) : '', r.kind === 'o' ? `${r.linked ? 'l' : ''}${r.seq}` : ''].join('\t'));
    }
    if (this.pending.length >= ROWS_PER_CHUNK) this.seal();
    return this.size++;
  }

  /** Every row, in the order logged. */
  *rows(): Generator<LoggedRow> {
    this.seal();
    let receipt = '', at = '';
    for (const chunk of this.chunks) {
      for (const line of chunk.split('\n')) {
        const f = line.split('\t');
        if (f[0] !== '') receipt = dec(f[0]!);
        const kind = f[1]![0] as LoggedKind, refundType = f[1]![1] === 'r';
        const id = dec(f[2]!);
        // Whole object literals, no spread: V8 places spread copies in the old generation, and a
        // million of them made the heap grow ~2 GB worth of garbage between full collections.
        if (kind === 'x') { yield { kind, receipt, refundType, id, sku: id, quantity: 0, unitMinor: 0, totalMinor: 0, at, cancelled: false, customer: undefined, linked: false, seq: 0 }; continue; }
        if (f[7] !== '') at = dec(f[7]!);
        const quantity = Number(f[4]), unitMinor = Number(f[5]);
        const o = f[10]!;
        yield {
          kind, receipt, refundType, id, sku: f[3] === '' ? id : dec(f[3]!), quantity, unitMinor, totalMinor: f[6] === '' ? unitMinor * quantity : Number(f[6]), at,
          cancelled: f[8] === '1', customer: f[9] === '' ? undefined : JSON.parse(dec(f[9]!)) as RemoteCustomer,
          linked: o.startsWith('l'), seq: o === '' ? 0 : Number(o.replace(/^l/, '')),
        };
      }
    }
  }

  /** Rows waiting in `pending` become one flat string (an array of small strings costs ~4× the text). */
  private seal(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(this.pending.join('\n'));
    this.pending = [];
  }
}
