// The refunds kept aside while an export is read (those of another receipt, and those of their own
// receipt met after its rows), by the receipt they refund: asked for when that receipt is
// complete. Kept as text outside V8's heap, like the sale log: Square refunds every sale on its own
// Transaction ID, so a year's export can keep tens of thousands aside, and as objects (with a list
// per receipt) they took ~600 bytes each of heap; here ~50 bytes of buffer and one map entry.
import type { RemoteCustomer } from '../../src/core/connector.js';
import type { RefundRow } from './receipt-orders.js';
import { dec, decAt, enc, encAt } from './sale-log.js';

const CHUNK_BYTES = 1 << 16;

export class AsideRefunds {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Per refund: where its line starts (chunk × 2^32 + offset) and the one before it of the same receipt (-1: none). */
  private at = new Float64Array(1024);
  private prev = new Int32Array(1024);
  private size = 0;
  /** Refunded receipt → its last refund kept aside. */
  private readonly last = new Map<string, number>();

  add(f: RefundRow): void {
    const line = [enc(f.receipt), enc(f.id), f.sku === f.id ? '' : enc(f.sku), f.quantity, f.totalMinor, encAt(f.at),
      f.refundOf === f.receipt ? '' : enc(f.refundOf), f.seq, f.customer ? enc(JSON.stringify(f.customer)) : ''].join('\t');
    const bytes = Buffer.byteLength(line);
    if (this.used > 0 && this.used + 1 + bytes > this.chunk.length) this.seal();
    if (bytes + 1 > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes + 1);
    if (this.size === this.at.length) this.grow();
    this.at[this.size] = this.chunks.length * 2 ** 32 + this.used;
    this.used += this.chunk.write(line, this.used);
    this.chunk[this.used++] = 0x0a;
    this.prev[this.size] = this.last.get(f.refundOf) ?? -1;
    this.last.set(f.refundOf, this.size++);
  }

  /** The refunds of `receipt` kept aside, in file order (none: empty). */
  of(receipt: string): RefundRow[] {
    const out: RefundRow[] = [];
    for (let i = this.last.get(receipt) ?? -1; i >= 0; i = this.prev[i]!) out.push(this.read(i));
    return out.reverse();
  }

  /**
   * A number standing for `receipt` among those with refunds kept aside (undefined: none). A set of
   * receipts read back from the sale log would hold each one's whole 64 KiB chunk of text (V8 keeps
   * a substring as a slice of it): a set of these numbers holds nothing.
   */
  idOf(receipt: string): number | undefined {
    return this.last.get(receipt);
  }

  /** Every receipt with a refund kept aside, with its idOf, in the order of its first one. */
  receipts(): IterableIterator<[string, number]> {
    return this.last.entries();
  }

  private read(i: number): RefundRow {
    const pos = this.at[i]!, c = Math.floor(pos / 2 ** 32), offset = pos % 2 ** 32;
    const chunk = c < this.chunks.length ? this.chunks[c]! : this.chunk;
    const f = chunk.toString('utf8', offset, chunk.indexOf(0x0a, offset)).split('\t');
    const receipt = dec(f[0]!), id = dec(f[1]!), g = (k: number): string => f[k]!;
    // A linked refund's line is the original's first row of the item: its own n does not matter.
    return {
      receipt, id, key: `${id}#1`, sku: g(2) === '' ? id : dec(g(2)), quantity: Number(g(3)), totalMinor: Number(g(4)), at: decAt(g(5)),
      refundOf: g(6) === '' ? receipt : dec(g(6)), seq: Number(g(7)), customer: g(8) === '' ? undefined : JSON.parse(dec(g(8))) as RemoteCustomer,
    };
  }

  private seal(): void {
    this.chunks.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2), prev = new Int32Array(this.prev.length * 2);
    at.set(this.at); prev.set(this.prev);
    this.at = at; this.prev = prev;
  }
}
