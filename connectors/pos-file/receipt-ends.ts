// Where each receipt of an export ends, learnt while it is read, so its order can be handed on as
// soon as it is complete. A receipt's rows are usually together: it ends where the next receipt
// starts, and only the receipts seen again after another one (scattered) need their last row
// remembered. Telling them apart takes a set of the receipts passed, kept as 30-bit hashes
// (small integers: ~20 bytes each, not the ~75 of the receipt numbers); a hash shared by chance
// only marks one more receipt as scattered, which is still read right.
export class ReceiptEnds {
  private current: string | undefined;
  private readonly passed = new Set<number>();
  /** Scattered receipt → index of its last row. */
  private readonly scattered = new Map<string, number>();

  /** The row at `index` belongs to `receipt` (rows are told in order). */
  see(receipt: string, index: number): void {
    if (receipt !== this.current) {
      if (this.current !== undefined) this.passed.add(hash(this.current));
      if (this.passed.has(hash(receipt))) this.scattered.set(receipt, index);
      this.current = receipt;
    }
    if (this.scattered.has(receipt)) this.scattered.set(receipt, index);
  }

  /**
   * Whether `receipt`, at row `index`, is complete once this row is taken, given the receipt of the
   * next row (undefined at the end).
   */
  endsAt(receipt: string, index: number, next: string | undefined): boolean {
    const last = this.scattered.get(receipt);
    return last === undefined ? next !== receipt : last === index;
  }
}

/** FNV-1a, cut to 30 bits so V8 keeps it as a small integer. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
