// Feed circuit breakers: a supplier or POS file that looks unlike the last one of its feed (far
// fewer rows, another header) or that would take much of the stock to zero is more likely a broken
// export than the truth. Such a file is not applied until a person looks and re-runs with --accept.
// Pure: the facts of the last import and of this file in, the reasons to stop out.

export interface BreakerLimits {
  /** Trip when the row count falls by more than this share of the last import's (0.5 = 50%). */
  max_row_drop: number;
  /** Trip when the file takes more than this share of the items in stock to zero. */
  max_zeroed: number;
}

export const DEFAULT_BREAKERS: BreakerLimits = { max_row_drop: 0.5, max_zeroed: 0.5 };

export interface FeedFacts {
  rows: number;
  /** The header cells as read, joined (see headerText). */
  header: string;
}

export interface ZeroFacts {
  /** Items the feed had in stock before this file. */
  stocked: number;
  /** Of those, the ones this file sets to zero. */
  zeroed: number;
}

/** The header as stored and compared: cells trimmed, case kept, joined by " | ". */
export function headerText(cells: readonly unknown[]): string {
  return cells.map((c) => String(c ?? '').trim()).join(' | ');
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function breakerReasons(feed: string, last: (FeedFacts & { importedAt: string }) | undefined, now: FeedFacts, zero: ZeroFacts, limits: BreakerLimits): string[] {
  const out: string[] = [];
  if (last && last.rows > 0 && (last.rows - now.rows) / last.rows > limits.max_row_drop) {
    out.push(`${feed}: ${now.rows} row(s), down from ${last.rows} at the last import (${last.importedAt}): a drop of ${pct((last.rows - now.rows) / last.rows)}, more than breakers.max_row_drop (${pct(limits.max_row_drop)})`);
  }
  if (last && last.header !== now.header) {
    out.push(`${feed}: the header changed since the last import: was "${cap(last.header)}", now "${cap(now.header)}"`);
  }
  if (zero.stocked > 0 && zero.zeroed / zero.stocked > limits.max_zeroed) {
    out.push(`${feed}: it would set ${zero.zeroed} of ${zero.stocked} item(s) in stock to zero (${pct(zero.zeroed / zero.stocked)}), more than breakers.max_zeroed (${pct(limits.max_zeroed)})`);
  }
  return out;
}

function cap(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
