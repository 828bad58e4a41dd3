// Shopify's search syntax for the `query:` argument, the part omni uses: space- or AND-separated
// terms `field:value`, `field:>value` (also >=, <, <=), values optionally quoted, a leading `-`
// to negate. Unknown fields match everything, as Shopify ignores filters it does not know.

export interface Term { field: string; op: ':' | '>' | '>=' | '<' | '<='; value: string; negate: boolean }

export function parseSearch(query: string | null | undefined): Term[] {
  if (!query) return [];
  const terms: Term[] = [];
  const re = /(-?)([a-z_]+):(>=|<=|>|<)?\s*(?:'([^']*)'|"([^"]*)"|(\S+))/gi;
  for (const m of query.matchAll(re)) {
    terms.push({ negate: m[1] === '-', field: m[2]!.toLowerCase(), op: (m[3] as Term['op'] | undefined) ?? ':', value: m[4] ?? m[5] ?? m[6] ?? '' });
  }
  return terms;
}

/** `get(field)` gives the record's value(s) for a field, or undefined when the field is unknown. */
export function matches(terms: readonly Term[], get: (field: string) => string | number | null | (string | null)[] | undefined): boolean {
  return terms.every((t) => {
    const raw = get(t.field);
    if (raw === undefined) return true;
    const values = Array.isArray(raw) ? raw : [raw];
    const hit = values.some((v) => v !== null && test(t, v));
    return t.negate ? !hit : hit;
  });
}

function test(t: Term, v: string | number): boolean {
  if (t.op === ':') {
    if (typeof v === 'number') return String(v) === t.value;
    return t.value.endsWith('*') ? v.toLowerCase().startsWith(t.value.slice(0, -1).toLowerCase()) : v.toLowerCase() === t.value.toLowerCase();
  }
  // Dates compare as instants; numbers as numbers.
  const a = typeof v === 'number' ? v : Date.parse(v);
  const b = typeof v === 'number' ? Number(t.value) : Date.parse(t.value);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return t.op === '>' ? a > b : t.op === '>=' ? a >= b : t.op === '<' ? a < b : a <= b;
}
