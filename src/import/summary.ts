// What a supplier import did, or would do: versioned data. The terminal text, JSON, CSV and HTML
// reports are all rendered from this object (src/report/import-report.ts).
import type { Problem } from './mapping.js';

export const SUMMARY_FORMAT_VERSION = 1;
/** Lists in the summary stop here; the counts are always complete. */
export const LIST_CAP = 1000;

export interface ImportSummary {
  formatVersion: number;
  supplier: string;
  /** The file name or URL (without its query) that was read. */
  source: string;
  format: string;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  /** Decimals written 12,50: set in config.yaml, or judged from the file. */
  decimalComma?: boolean | undefined;
  sheet?: string | undefined;
  currency: string;
  at: string;
  dryRun: boolean;
  skipInvalid: boolean;
  createNew: boolean;
  /**
   * ok: all rows good; invalid: bad rows, nothing written; partial: bad rows skipped (--skip-invalid);
   * refused: a feed circuit breaker tripped, nothing written, the file quarantined (re-run with --accept).
   */
  status: 'ok' | 'invalid' | 'partial' | 'refused';
  /** Why a breaker tripped (or, on a dry run, would), and where the file was moved. */
  breaker?: { reasons: string[]; quarantined?: string | undefined } | undefined;
  /** Whether the changes are in the master now (false for a dry run or an invalid feed). */
  written: boolean;
  counts: {
    rows: number; valid: number; rejected: number;
    newItems: number; changedItems: number; unchanged: number;
    matched: number; unmatched: number; newProducts: number;
    costChanges: number; stockChanges: number; dropshipCounts: number; missing: number;
  };
  newProducts: { sku: string; title: string; costMinor: number | null; priceMinor: number | null }[];
  costChanges: { supplierSku: string; sku: string | null; before: number; after: number; percent: number }[];
  stockChanges: { supplierSku: string; sku: string | null; before: number | null; after: number | null }[];
  dropship: { sku: string; location: string; before: number; after: number }[];
  missing: { supplierSku: string; sku: string | null; title: string | null }[];
  problems: (Problem & { text: string })[];
  warnings: string[];
  rejectsFile?: string | undefined;
}

export function emptyCounts(): ImportSummary['counts'] {
  return { rows: 0, valid: 0, rejected: 0, newItems: 0, changedItems: 0, unchanged: 0, matched: 0, unmatched: 0, newProducts: 0, costChanges: 0, stockChanges: 0, dropshipCounts: 0, missing: 0 };
}

/** Adds to a capped list; the count lives elsewhere. */
/** Adds the item `make` builds while the list is shorter than LIST_CAP; past it, builds nothing (no copies of a million rows' strings). */
export function pushCapped<T>(list: T[], make: () => T): void {
  if (list.length < LIST_CAP) list.push(make());
}

/**
 * A 64-bit hash of a row's written values (two 32-bit FNV-1a lanes over each value's text, a
 * 0x1f after each; null is "\u0000"), 16 hex digits. Only used to tell "this row changed" — not
 * for security. Stored in supplier_items.row_hash, so the result must never change.
 */
export function rowHash(parts: readonly (string | number | null)[]): string {
  hashStart();
  for (let p = 0; p < parts.length; p++) hashPart(parts[p] ?? null);
  return hashEnd();
}

// The same hash fed value by value, without an array or number-to-text strings per row: it runs
// a million times per big feed.
let h1 = 0;
let h2 = 0;
const digits = new Uint8Array(24);

export function hashStart(): void {
  h1 = 0x811c9dc5;
  h2 = 0x01000193 ^ 0x5bd1e995;
}

function hashChar(c: number): void {
  h1 = Math.imul(h1 ^ c, 0x01000193);
  h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  h2 ^= h2 >>> 15;
}

export function hashString(s: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  h1 = Math.imul(a ^ 0x1f, 0x01000193);
  h2 = Math.imul(b ^ 0x1f, 0x5bd1e995);
}

export function hashNumber(v: number): void {
  if (v >= 0 && v < 0x40000000 && (v | 0) === v) {
    // The digits of a small whole number, most significant first, without a string.
    let n = 0;
    do { const q = (v / 10) | 0; digits[n++] = 48 + v - q * 10; v = q; } while (v > 0);
    let a = h1;
    let b = h2;
    while (n > 0) {
      const c = digits[--n]!;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    h1 = Math.imul(a ^ 0x1f, 0x01000193);
    h2 = Math.imul(b ^ 0x1f, 0x5bd1e995);
    return;
  }
  if (!Number.isSafeInteger(v)) { hashString(String(v)); return; }
  if (v < 0) { hashChar(45); v = -v; }
  let n = 0;
  do { digits[n++] = 48 + (v % 10); v = Math.floor(v / 10); } while (v > 0);
  while (n > 0) hashChar(digits[--n]!);
  h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
  h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
}

export function hashPart(v: string | number | null): void {
  if (v === null) hashString('\u0000');
  else if (typeof v === 'number') hashNumber(v);
  else hashString(v);
}

/** The state after hashStart and `text`: a prefix many hashes share, fed once (hashFrom starts from it). */
export function hashSeed(text: string): readonly [number, number] {
  hashStart();
  hashString(text);
  return [h1, h2];
}

/** Starts a hash from `seed` (hashSeed's state) instead of hashStart. */
export function hashFrom(seed: readonly [number, number]): void {
  h1 = seed[0];
  h2 = seed[1];
}

const hexCode = (nibble: number) => (nibble < 10 ? 48 + nibble : 87 + nibble);

/** The hash fed since hashStart, as 16 hex digits. */
export function hashEnd(): string {
  const a = h1 >>> 0;
  const b = h2 >>> 0;
  return String.fromCharCode(
    hexCode(a >>> 28), hexCode((a >>> 24) & 15), hexCode((a >>> 20) & 15), hexCode((a >>> 16) & 15),
    hexCode((a >>> 12) & 15), hexCode((a >>> 8) & 15), hexCode((a >>> 4) & 15), hexCode(a & 15),
    hexCode(b >>> 28), hexCode((b >>> 24) & 15), hexCode((b >>> 20) & 15), hexCode((b >>> 16) & 15),
    hexCode((b >>> 12) & 15), hexCode((b >>> 8) & 15), hexCode((b >>> 4) & 15), hexCode(b & 15));
}

/**
 * Whether `stored` (from `at` to its end, or to `at` + 16 when `more`) is the hash fed since
 * hashStart — what hashEnd would return — without making that string.
 */
export function hashEquals(stored: string | null, at = 0, more = false): boolean {
  if (stored === null || (more ? stored.length < at + 16 : stored.length - at !== 16)) return false;
  const a = h1 >>> 0;
  const b = h2 >>> 0;
  for (let i = 0; i < 8; i++) {
    if (stored.charCodeAt(at + i) !== hexCode((a >>> (28 - 4 * i)) & 15)) return false;
    if (stored.charCodeAt(at + 8 + i) !== hexCode((b >>> (28 - 4 * i)) & 15)) return false;
  }
  return true;
}

export { own } from '../core/text.js';
