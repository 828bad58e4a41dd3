// The row of a file that first touched each database row, by rowid: how an import finds a
// duplicate in a million-row file without a map of keys.

/**
 * Row numbers by rowid in pages of 64 Ki entries, allocated as rowids are used: 4 bytes per item
 * and no growing copies of one big array (a doubling array briefly held 3× that).
 */
export class RowMarks {
  private readonly pages: (Uint32Array | undefined)[] = [];

  get(rowid: number): number {
    const p = Math.floor(rowid / 0x10000);
    return this.pages[p]?.[rowid - p * 0x10000] ?? 0;
  }

  set(rowid: number, row: number): void {
    const p = Math.floor(rowid / 0x10000);
    (this.pages[p] ??= new Uint32Array(0x10000))[rowid - p * 0x10000] = row;
  }
}
