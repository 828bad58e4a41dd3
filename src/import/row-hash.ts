// What supplier_items.row_hash holds, and how a re-imported row is judged against it. Two
// hashes (summary.ts's, 16 hex digits each), the first optional:
//   - the record's text (a CSV line as the file wrote it), seeded with everything its mapping
//     depends on (the mapper's hashSeed: the mapping's version, the number format, which column is
//     which field; the import's currency and default lead time) and followed by the master sku it
//     matched (a new alias changes the item);
//   - the values written (rowHash([sku, barcode, title, costMinor, currency, stock, packSize,
//     minOrder, leadTimeDays])).
// A record whose text hashes as stored is unchanged without being mapped: its values are what the
// same mapping made of the same text. Mapping a million rows was a third of a 1%-changed re-import.
// A workbook's rows have no text (cells, not a line), nor has a CSV record cut by the reader's
// chunks: they are judged by their values alone. omni before this stored the values' hash alone:
// such a row is judged by its values and written once with both.
import { hashEnd, hashEquals, hashFrom, hashNumber, hashPart, hashSeed, hashStart, hashString } from './summary.js';

export interface RowValues {
  sku: string | null; barcode: string | null; title: string | null; costMinor: number | null; currency: string;
  stock: number | null; packSize: number; minOrder: number; leadTimeDays: number | null;
}

export class RowHashes {
  /** Whether the last judged row's values were the stored ones (the item is unchanged). */
  sameValues = false;
  private readonly seed: readonly [number, number];

  /** `mapping`: the mapper's hashSeed and whatever else the import adds to every row's values. */
  constructor(mapping: string) { this.seed = hashSeed(mapping); }

  /** Whether `text` (matched to `sku`) is the text the stored item's values were made from (stored hash: as in judge()). */
  sameText(text: string, sku: string | null, stored: string, at: number): boolean {
    if (stored.length - at !== 32) return false;
    this.feedText(text, sku);
    return hashEquals(stored, at, true);
  }

  /**
   * The hash to store for a row with values `v`, or undefined when the stored one stands (nothing
   * to write); sameValues tells whether the values changed. The stored hash is `stored` from `at`
   * to its end (ItemWalk's item string; undefined for a new item). `text`: the record's text, when
   * the reader has it. No object per row: it runs a million times.
   */
  judge(v: RowValues, text: string | undefined, stored: string | undefined, at: number): string | undefined {
    const withText = stored !== undefined && stored.length - at === 32;
    let textHash = '';
    let sameText = false;
    if (text !== undefined) {
      this.feedText(text, v.sku);
      sameText = withText && hashEquals(stored, at, true);
      textHash = hashEnd();
    }
    hashStart();
    hashPart(v.sku); hashPart(v.barcode); hashPart(v.title); hashPart(v.costMinor); hashString(v.currency); hashPart(v.stock);
    hashNumber(v.packSize); hashNumber(v.minOrder); hashPart(v.leadTimeDays);
    const sameValues = stored !== undefined && hashEquals(stored, withText ? at + 16 : at);
    this.sameValues = sameValues;
    // Without a text, the same values keep the stored hash: they are still what its text (if any) maps to.
    return !sameValues || (text !== undefined && !sameText) ? textHash + hashEnd() : undefined;
  }

  private feedText(text: string, sku: string | null): void {
    hashFrom(this.seed);
    hashString(text);
    hashPart(sku);
  }
}
