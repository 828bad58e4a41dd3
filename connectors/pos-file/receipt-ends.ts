// Where each receipt of an export ends, learnt while it is read, so its order can be handed on as
// soon as it is complete. A receipt's rows are usually together: it ends where the next receipt
// starts, and only the receipts seen again after another one (scattered) need their last row
// remembered. Telling them apart takes a set of the receipts passed, kept as 30-bit hashes
// (small integers: ~20 bytes each, not the ~75 of the receipt numbers); a hash shared by chance
// only marks one more receipt as scattered, which is still read right.
//
// A refund of a receipt already passed (Square's refund rows reuse the sale's Transaction ID,
// often far down the file) is kept aside by the reader, like a refund naming another receipt, and
// told here with `aside`: it does not make its receipt scattered, or every order after that
// receipt would be held until the refund's row.
export class ReceiptEnds {
  private current: string | undefined;
  private readonly passed = new Set<number>();
  /** Scattered receipt → index of its last row (rows kept aside not counted). */
  private readonly scattered = new Map<string, number>();
  /** Rows were kept aside since the last row seen. */
  private interrupted = false;

  /** The row at `index` belongs to `receipt` (rows are told in order). */
  see(receipt: string, index: number): void {
    if (receipt !== this.current) {
      if (this.current !== undefined) this.passed.add(hash(this.current));
      if (this.passed.has(hash(receipt))) this.scattered.set(receipt, index);
      this.current = receipt;
    } else if (this.interrupted) {
      // Its rows resume after a row kept aside: the orders are built one row ahead, and that row
      // (another receipt's) would end it there. Rare: a refund amid another receipt's rows.
      this.scattered.set(receipt, index);
    }
    this.interrupted = false;
    if (this.scattered.has(receipt)) this.scattered.set(receipt, index);
  }

  /** Whether a refund of `receipt` met now comes after that receipt's rows (then it is kept aside). */
  passedBefore(receipt: string): boolean {
    return receipt !== this.current && this.passed.has(hash(receipt));
  }

  /** The next row is kept aside (a refund of a receipt passed): it neither starts nor continues a receipt. */
  aside(): void {
    this.interrupted = true;
  }

  /**
   * Whether `receipt`, at row `index`, is complete once this row is taken, given the receipt of the
   * next row (undefined at the end).
   */
  endsAt(receipt: string, index: number, next: string | undefined): boolean {
    const last = this.scattered.get(receipt);
    return last === undefined ? next !== receipt : last === index;
  }

  /** Whether `receipt` has rows (not kept aside) after row `index`. */
  rowsAfter(receipt: string, index: number): boolean {
    return (this.scattered.get(receipt) ?? -1) > index;
  }
}

/** FNV-1a, cut to 30 bits so V8 keeps it as a small integer. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
