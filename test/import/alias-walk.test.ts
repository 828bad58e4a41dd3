// AliasWalk (PostgreSQL's alias lookups during a supplier import): pages in key order answer a
// sorted feed without a query per row, and every answer equals a plain lookup's — for keys in
// order, out of order, absent, across page boundaries, and under a collation that is not C.
import { describe, expect, it } from 'vitest';
import { AliasWalk } from '../../src/db/supplier-items.js';

const aliases = new Map(Array.from({ length: 25 }, (_, i) => [`A-${String(i * 2).padStart(3, '0')}`, `SKU-${i}`]));
const sorted = [...aliases.keys()].sort();

function walk(codePointOrder: boolean, pageSize = 4) {
  let finds = 0;
  let pages = 0;
  const w = new AliasWalk(
    (after) => { pages++; return sorted.filter((k) => after === undefined || k > after).slice(0, pageSize).map((k) => [k, aliases.get(k)!]); },
    (key) => { finds++; return aliases.get(key); },
    codePointOrder,
  );
  return { w, counts: () => ({ finds, pages }) };
}

describe('AliasWalk', () => {
  // Every key present (even numbers) and absent (odd ones, before the first, past the last), in order.
  const feed = ['A-', ...Array.from({ length: 52 }, (_, i) => `A-${String(i).padStart(3, '0')}`), 'B-1'];

  it('answers a sorted feed from pages, absent keys included, under collation C', () => {
    const { w, counts } = walk(true);
    expect(feed.map((k) => w.lookup(k))).toEqual(feed.map((k) => aliases.get(k)));
    expect(counts().pages).toBeLessThanOrEqual(8);
    // only the first key of a later page cannot be told absent from its neighbour
    expect(counts().finds).toBeLessThan(8);
  });

  it('asks the database for each key it cannot place when the collation is not C', () => {
    const { w, counts } = walk(false);
    expect(feed.map((k) => w.lookup(k))).toEqual(feed.map((k) => aliases.get(k)));
    expect(counts().finds).toBeGreaterThanOrEqual(27); // every absent key
  });

  it('answers an unsorted feed correctly (looked up on its own)', () => {
    const { w } = walk(true);
    const shuffled = [...feed].reverse();
    expect(shuffled.map((k) => w.lookup(k))).toEqual(shuffled.map((k) => aliases.get(k)));
    const again = ['A-040', 'A-002', 'A-041', 'A-000', 'A-048', 'A-047'];
    expect(again.map((k) => w.lookup(k))).toEqual(again.map((k) => aliases.get(k)));
  });
});
