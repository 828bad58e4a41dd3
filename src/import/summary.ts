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
  sheet?: string | undefined;
  currency: string;
  at: string;
  dryRun: boolean;
  skipInvalid: boolean;
  createNew: boolean;
  /** ok: all rows good; invalid: bad rows, nothing written; partial: bad rows skipped (--skip-invalid). */
  status: 'ok' | 'invalid' | 'partial';
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
export function pushCapped<T>(list: T[], item: T): void {
  if (list.length < LIST_CAP) list.push(item);
}

/**
 * A 64-bit hash of a row's written values (two 32-bit FNV-1a lanes), 16 hex digits. Only used
 * to tell "this row changed" — not for security — and fast enough for a million rows.
 */
export function rowHash(parts: readonly (string | number | null)[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let p = 0; p < parts.length; p++) {
    const v = parts[p];
    const s = v === null || v === undefined ? '\u0000' : typeof v === 'number' ? String(v) : v;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** A string that no longer shares memory with the big chunk it was sliced from. */
export function own(s: string): string;
export function own(s: string | null): string | null;
export function own(s: string | null): string | null {
  return s === null ? null : Buffer.from(s, 'utf8').toString('utf8');
}
