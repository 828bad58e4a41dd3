// omni watch reads a POS folder every few seconds: its cheap read ('changes') takes the new sales
// and leaves the listing state alone unless something new can be in it; the full read (the
// reconcile) reads it always. And a pull's remembered listings are only loaded when a pull asks.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPosConnector } from '../../connectors/pos-file/index.js';
import { posConfigSchema } from '../../connectors/pos-file/config.js';
import type { PullContext, RemoteListing } from '../../src/core/connector.js';
import { lazyMap } from '../../src/core/lazy-map.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'omni-cheap-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const log = { info() {}, debug() {}, warn() {}, error() {} };
const known = new Map<string, RemoteListing>([['MUG-1', { sku: 'MUG-1', remoteId: 'MUG-1', quantity: 7 }]]);

function connector(dir: string, extra: Record<string, unknown> = {}) {
  const config = posConfigSchema.parse({ preset: 'generic', stock_from: ['store'], sales_file: 'exports/sales-*.csv', import_file: 'to-pos/import-{date}.csv', ...extra });
  return createPosConnector(config, { name: 'pos', configDir: dir, locations: ['store'], log });
}
const ctx = (scope: 'full' | 'changes', cursors: Record<string, string> = {}, k: ReadonlyMap<string, RemoteListing> = known): PullContext =>
  ({ cursors, known: k, now: () => new Date('2026-11-10T12:00:00Z'), log, scope });

function folder(name: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'exports'), { recursive: true });
  writeFileSync(path.join(dir, 'exports/sales-1.csv'), 'receipt,date,time,sku,quantity,unit_price,type\nR1,2026-11-10,10:00,MUG-1,1,10.00,sale\n');
  return dir;
}

describe('the POS cheap read', () => {
  it('without an item export: the full read gives the remembered listings, the cheap read none (nothing new can be in them), both the sales', async () => {
    const dir = folder('no-items');
    const full = await connector(dir).pull(ctx('full', { sales: '{}' }));
    expect(full.listings.map((l) => [l.sku, l.quantity])).toEqual([['MUG-1', 7]]);
    expect([...full.orders].map((o) => o.lines.map((l) => l.sku))).toEqual([['MUG-1']]);
    const loaded: string[] = [];
    const cheap = await connector(dir).pull(ctx('changes', { sales: '{}' }, lazyMap(() => { loaded.push('known'); return known; })));
    expect(cheap.listings).toEqual([]);
    expect([...cheap.orders].map((o) => o.lines.map((l) => l.sku))).toEqual([['MUG-1']]);
    expect(loaded).toEqual([]); // the remembered listings were not even loaded
  });

  it('with an item export: the cheap read skips it while it is unchanged, reads it when it changed, and the full read always', async () => {
    const dir = folder('items');
    const items = path.join(dir, 'exports/items.csv');
    writeFileSync(items, 'sku,name,price,stock\nMUG-1,Mug,10.00,5\n');
    const c = connector(dir, { items_file: 'exports/items.csv' });
    const first = await c.pull(ctx('changes'));
    expect(first.listings.map((l) => [l.sku, l.quantity])).toEqual([['MUG-1', 5]]);
    const version = first.cursors.items!;
    expect(version).toMatch(/^[0-9a-f]{32}$/);
    expect((await c.pull(ctx('changes', { items: version }))).listings).toEqual([]);
    expect((await c.pull(ctx('full', { items: version }))).listings.map((l) => l.quantity)).toEqual([5]);
    writeFileSync(items, 'sku,name,price,stock\nMUG-1,Mug,10.00,4\n');
    const changed = await c.pull(ctx('changes', { items: version }));
    expect(changed.listings.map((l) => l.quantity)).toEqual([4]);
    expect(changed.cursors.items).not.toBe(version);
  });

  it('with match_barcode the item export is read on every cheap read: sales by barcode need it', async () => {
    const dir = folder('barcodes');
    writeFileSync(path.join(dir, 'exports/items.csv'), 'sku,name,price,stock,barcode\nMUG-1,Mug,10.00,5,4006381333931\n');
    const c = connector(dir, { items_file: 'exports/items.csv', match_barcode: true });
    const version = (await c.pull(ctx('changes'))).cursors.items!;
    expect((await c.pull(ctx('changes', { items: version }))).listings.map((l) => l.sku)).toEqual(['MUG-1']);
  });
});

describe('lazyMap', () => {
  it('loads once, on first use, and then behaves as the map', () => {
    let loads = 0;
    const m = lazyMap(() => { loads++; return new Map([['a', 1], ['b', 2]]); });
    expect(loads).toBe(0);
    expect(m.get('a')).toBe(1);
    expect(m.size).toBe(2);
    expect([...m]).toEqual([['a', 1], ['b', 2]]);
    expect([...m.keys()]).toEqual(['a', 'b']);
    expect(m.has('c')).toBe(false);
    expect(loads).toBe(1);
  });
});
