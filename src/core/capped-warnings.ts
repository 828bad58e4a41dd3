// Warnings of one kind past the first few are counted, not kept: a POS export of a shop whose
// counts are off warns on every other line, and 500k strings (~250 MB at a million lines) would
// be held for a report no one reads past the first screen, then journalled whole.
export const WARNINGS_PER_KIND = 100;

export interface CappedWarnings {
  /** Keeps `text()` while fewer than the cap of `kind` were kept; else only counts it. */
  add(kind: string, text: () => string): void;
  /** The kept warnings, each kind's overflow as one closing line. */
  list(): string[];
}

export function cappedWarnings(more: (kind: string, left: number) => string, cap = WARNINGS_PER_KIND): CappedWarnings {
  const kept: string[] = [];
  const counts = new Map<string, number>();
  return {
    add(kind, text) {
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      if (n <= cap) kept.push(text());
    },
    list() {
      const out = [...kept];
      for (const [kind, n] of counts) if (n > cap) out.push(more(kind, n - cap));
      return out;
    },
  };
}
