// Sane bounds for numbers that enter the master. SQLite stores an integer beyond 2^63 as a REAL,
// and JavaScript loses whole numbers beyond 2^53: a typo of twenty digits must be refused where
// it is typed, not become a float in the ledger that `doctor` later finds unbalanced.
// The bounds are far above any shop's numbers and far below where precision goes.
import type { Change } from './connector.js';

/** Units of one sku at one place, or moved at once. */
export const MAX_QUANTITY = 1_000_000_000;
/** Minor units of one price or amount: 10 000 000 000.00. */
export const MAX_MONEY_MINOR = 1_000_000_000_000;

export function isSaneQuantity(n: number): boolean {
  return Number.isSafeInteger(n) && Math.abs(n) <= MAX_QUANTITY;
}

export function isSaneMoney(minor: number): boolean {
  return Number.isSafeInteger(minor) && Math.abs(minor) <= MAX_MONEY_MINOR;
}

/** " (at most 1000000000)" style reason for a quantity out of bounds, or undefined. */
export function quantityProblem(n: number): string | undefined {
  if (!Number.isFinite(n)) return 'is not a number';
  if (!Number.isInteger(n)) return 'is not a whole number';
  return isSaneQuantity(n) ? undefined : `is beyond ${MAX_QUANTITY.toLocaleString('en')} units, more than omni accepts`;
}

export function moneyProblem(minor: number): string | undefined {
  if (!Number.isFinite(minor)) return 'is not an amount';
  return isSaneMoney(minor) ? undefined : `is beyond ${(MAX_MONEY_MINOR / 100).toLocaleString('en')}, more than omni accepts`;
}

/**
 * Why a planned change must not be sent (a number no channel or POS import file should receive,
 * e.g. a price a markup pushed past the bound), or undefined. The engine fails such a change
 * instead of handing it to the connector.
 */
export function changeOutOfBounds(c: Change): string | undefined {
  const qty = (n: unknown) => (typeof n === 'number' && !isSaneQuantity(n) ? `quantity ${n} ${quantityProblem(n)}` : undefined);
  const money = (n: unknown) => (typeof n === 'number' && !isSaneMoney(n) ? `price ${n} (minor units) ${moneyProblem(n)}` : undefined);
  if (c.action === 'stock') return qty(Number(c.after));
  if (c.action === 'price') return money(Number(c.after));
  if (c.action === 'create') return qty(c.desired?.quantity ?? Number(c.after)) ?? money(c.desired?.priceMinor ?? undefined);
  return undefined;
}
