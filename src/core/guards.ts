// Guards: a broken feed must not empty a shop. Checked on every plan before anything is pushed;
// `--force` is the only way past them. Pure.
import type { Change } from './connector.js';

export interface GuardRules {
  /** Refuse when more than this share of listings would be set to zero. */
  max_zeroed_share: number;
  /** Refuse when more than this share of priced listings would move by more than max_price_change. */
  max_price_changed_share: number;
  max_price_change: number;
}

export interface GuardVerdict {
  ok: boolean;
  reasons: string[];
}

/** Below this many listings a share is too noisy to judge (one sold-out sku in a shop of three). */
const MIN_LISTINGS = 5;
/**
 * A share is only judged once this many listings are affected: two items selling out in a shop of
 * eight is 25% but an ordinary day, while a broken feed zeroes many at once.
 */
const MIN_AFFECTED = 3;

export function checkGuards(changes: readonly Change[], listings: number, rules: GuardRules): GuardVerdict {
  const reasons: string[] = [];
  if (listings >= MIN_LISTINGS) {
    // A secondary location set to 0 (its units are published at the main one) empties no listing.
    const zeroed = changes.filter((c) => c.action === 'stock' && c.location === undefined && c.after === 0 && typeof c.before === 'number' && c.before > 0).length;
    if (zeroed >= MIN_AFFECTED && zeroed / listings > rules.max_zeroed_share) {
      reasons.push(`${zeroed} of ${listings} listings (${pct(zeroed / listings)}) would be set to zero; the limit is ${pct(rules.max_zeroed_share)} (guards.max_zeroed_share).`);
    }
    const bigMoves = changes.filter((c) => c.action === 'price' && typeof c.before === 'number' && c.before > 0 && typeof c.after === 'number'
      && Math.abs(c.after - c.before) / c.before > rules.max_price_change).length;
    if (bigMoves >= MIN_AFFECTED && bigMoves / listings > rules.max_price_changed_share) {
      reasons.push(`${bigMoves} of ${listings} prices (${pct(bigMoves / listings)}) would move by more than ${pct(rules.max_price_change)}; the limit is ${pct(rules.max_price_changed_share)} (guards.max_price_changed_share).`);
    }
  }
  return { ok: reasons.length === 0, reasons };
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
