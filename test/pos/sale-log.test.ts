// The sale log keeps rows as compact text in buffers: what goes in comes out the same, in order,
// whatever the text holds (tabs, newlines, backslashes, non-ASCII, lone surrogates, a row bigger than a buffer).
import { describe, it, expect } from 'vitest';
import { SaleLog, type LoggedRow } from '../../connectors/pos-file/sale-log.js';

const row = (over: Partial<LoggedRow>): LoggedRow => ({
  kind: 's', receipt: 'R1', refundType: false, id: 'MUG-1', sku: 'MUG-1', quantity: 1, unitMinor: 250, totalMinor: 250,
  at: '2026-11-10T09:00:00.000Z', cancelled: false, customer: undefined, linked: false, seq: 0, ...over,
});

describe('the sale log', () => {
  it('gives back every row as written, across buffers, as often as read', () => {
    const rows: LoggedRow[] = [
      row({}),
      row({ id: 'Tee\tgrün', sku: 'TEE\\1', quantity: 3, unitMinor: 199, totalMinor: 500 }),
      row({ receipt: 'R\n2', at: '1969-12-31T23:59:59.000Z', cancelled: true, customer: { name: 'Zoë "Z" Ä\tB', email: 'z@example.com' } }),
      row({ receipt: 'R\n2', kind: 'o', refundType: true, linked: true, seq: 7, at: 'not a time' }),
      row({ receipt: 'R3', kind: 'x', refundType: true, id: 'MUG-1' }),
      row({ receipt: 'R4', customer: { name: 'x'.repeat(100_000) } }),
      // a broken UTF-16 file's lone surrogates come back as read (not as U+FFFD), and so does an emoji
      row({ receipt: 'R\uD800x', id: 'Tee \u{1F375}', sku: 'MUG-\uDC00', customer: { name: '\uDBFF' } }),
    ];
    for (let i = 0; i < 5000; i++) rows.push(row({ receipt: `R${5 + Math.floor(i / 3)}`, id: `SKU-${i}`, sku: `SKU-${i}`, at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() }));
    const log = new SaleLog();
    rows.forEach((r, i) => expect(log.add(r)).toBe(i));
    // an x row keeps only what numbering needs
    const expected = rows.map((r) => (r.kind === 'x' ? { ...r, sku: r.id, quantity: 0, unitMinor: 0, totalMinor: 0, at: rows[3]!.at } : r));
    expect([...log.rows()]).toEqual(expected);
    expect([...log.rows()]).toEqual(expected);
  });
});
