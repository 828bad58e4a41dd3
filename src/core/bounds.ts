// Sane bounds for numbers that enter the master. SQLite stores an integer beyond 2^63 as a REAL,
// and JavaScript loses whole numbers beyond 2^53: a typo of twenty digits must be refused where
// it is typed, not become a float in the ledger that `doctor` later finds unbalanced.
// The bounds are far above any shop's numbers and far below where precision goes.

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
