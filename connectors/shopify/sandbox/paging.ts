// Relay connections as Shopify serves them: `first`/`last` required and at most 250, opaque
// cursors that encode the sort position (so a page stays stable when rows change around it).
import { GraphQLError } from 'graphql';

export const MAX_PAGE = 250;

export interface PageArgs { first?: number | null; last?: number | null; after?: string | null; before?: string | null; reverse?: boolean | null }
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

type Pos = [string, string];

const encode = (p: Pos): string => Buffer.from(JSON.stringify({ last_id: p[1], last_value: p[0] })).toString('base64url');

function decode(cursor: string): Pos {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { last_id?: unknown; last_value?: unknown };
    if (typeof v.last_id === 'string' && typeof v.last_value === 'string') return [v.last_value, v.last_id];
  } catch { /* fall through to the error Shopify gives for a cursor it did not issue */ }
  throw new GraphQLError('Invalid cursor for current pagination sort.', { extensions: { code: 'BAD_REQUEST' } });
}

const cmp = (a: Pos, b: Pos): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/**
 * One page of `items`, ordered by `key` (a string sort value and a tiebreak id). `unbounded`
 * is for bulk operations, which read whole connections without `first`.
 */
export function paginate<T>(items: readonly T[], args: PageArgs, key: (t: T) => Pos, unbounded = false): Connection<T> {
  const { first, last } = args;
  if (!unbounded) {
    if (first == null && last == null) throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
    if (first != null && last != null) throw new GraphQLError('providing both first and last is not supported', { extensions: { code: 'BAD_REQUEST' } });
    const n = (first ?? last)!;
    if (n < 0 || n > MAX_PAGE) throw new GraphQLError(`The ${first != null ? 'first' : 'last'} argument must be between 0 and ${MAX_PAGE}.`, { extensions: { code: 'BAD_REQUEST' } });
  }
  let rows = items.map((node) => ({ node, pos: key(node) })).sort((a, b) => cmp(a.pos, b.pos));
  if (args.reverse) rows.reverse();
  const dir = args.reverse ? -1 : 1;
  if (args.after) { const p = decode(args.after); rows = rows.filter((r) => cmp(r.pos, p) * dir > 0); }
  if (args.before) { const p = decode(args.before); rows = rows.filter((r) => cmp(r.pos, p) * dir < 0); }
  let hasNextPage = false;
  let hasPreviousPage = Boolean(args.after);
  if (!unbounded && first != null) { hasNextPage = rows.length > first; rows = rows.slice(0, first); }
  else if (!unbounded && last != null) { hasPreviousPage = rows.length > last; rows = rows.slice(Math.max(0, rows.length - last)); hasNextPage = Boolean(args.before); }
  const edges = rows.map((r) => ({ cursor: encode(r.pos), node: r.node }));
  return {
    edges, nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
