// Matching a channel's listings to master skus on a real SQLite master: mapping before identity
// before barcode, UPC and EAN as one article, an ambiguous or archived barcode never guessed, and
// what a pull reports beside: listings that match nothing, a product sold under two merchant
// listings, units at channel locations omni does not manage.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { upsertProduct } from '../../src/db/products.js';
import { recordSeen, listListings } from '../../src/db/listings.js';
import { listingMatcher, orderSkuResolver } from '../../src/db/listing-match.js';
import { mapListing, unmapListing } from '../../src/db/listing-map.js';
import { tempDir, cleanup } from '../support/workspace.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = tempDir();
  db = openDb(path.join(dir, 'omni.sqlite'), { create: true });
  upsertProduct(db, { sku: 'MUG', title: 'Mug', barcode: '4006381333931', currency: 'EUR' });
  upsertProduct(db, { sku: 'CAP', title: 'Cap', barcode: '012345678905', currency: 'EUR' }); // a 12-digit UPC
  upsertProduct(db, { sku: 'TWIN-A', title: 'Twin A', barcode: '4260000000099', currency: 'EUR' });
  upsertProduct(db, { sku: 'TWIN-B', title: 'Twin B', barcode: '4260000000099', currency: 'EUR' });
  upsertProduct(db, { sku: 'OLD', title: 'Old', barcode: '4260000000105', currency: 'EUR' });
  db.$client.prepare("UPDATE products SET archived = 1 WHERE sku = 'OLD'").run();
});
afterEach(() => { closeDb(db); cleanup(dir); });

describe('listing matching', () => {
  it('mapping, then the same sku, then exactly one unarchived product with the barcode', () => {
    mapListing(db, { channel: 'amazon', channelSku: 'MUG', sku: 'CAP' }, 'manual'); // the owner's word wins over identity
    const m = listingMatcher(db, 'amazon', { barcode: true });
    expect(m('MUG')).toEqual({ sku: 'CAP', match: 'map' });
    expect(m('CAP')).toEqual({ sku: 'CAP', match: 'identity' });
    expect(m('AMZ-1', '4006381333931')).toEqual({ sku: 'MUG', match: 'barcode' });
    expect(m('AMZ-2', '0012345678905')).toEqual({ sku: 'CAP', match: 'barcode' }); // the UPC as an EAN-13
    expect(m('AMZ-3', '4260000000099')).toMatchObject({ sku: null, why: 'barcode 4260000000099 is on 2 products (TWIN-A, TWIN-B)' });
    expect(m('AMZ-4', '4260000000105')).toMatchObject({ sku: null }); // archived: not matched
    expect(m('AMZ-5')).toMatchObject({ sku: null, why: 'no master sku or mapping' });
    expect(listingMatcher(db, 'amazon', { barcode: false })('AMZ-1', '4006381333931')).toMatchObject({ sku: null, why: 'no master sku or mapping (barcode matching is off)' });
  });

  it('a pull names what matches nothing, a product under two merchant listings, and unmanaged units', () => {
    const seen = recordSeen(db, 'amazon', [
      { sku: 'MUG', quantity: 3 }, { sku: 'MUG-MFN-2', barcode: '4006381333931', quantity: 1 }, { sku: 'MUG-FBA', barcode: '4006381333931', channelFulfilled: true },
      { sku: 'X-9', title: 'Something else', quantity: 2 }, { sku: 'CAP', unmanaged: { 'Pop-up': 4 } },
    ], '2026-11-23T07:00:00.000Z', { barcode: true });
    expect(seen.matched).toBe(4);
    expect(seen.unmatched).toEqual([{ channelSku: 'X-9', title: 'Something else', barcode: undefined, why: 'no master sku or mapping' }]);
    expect(seen.shared).toEqual([{ sku: 'MUG', channelSkus: ['MUG', 'MUG-MFN-2'] }]);
    expect(seen.unmanaged).toEqual([{ location: 'Pop-up', units: 4, skus: [{ sku: 'CAP', units: 4 }] }]);
    // orders book through the same matches; a mapping made later applies at once
    const resolve = orderSkuResolver(db, 'amazon');
    expect([resolve('MUG-FBA'), resolve('X-9')]).toEqual(['MUG', undefined]);
    mapListing(db, { channel: 'amazon', channelSku: 'X-9', sku: 'CAP' }, 'import');
    expect(orderSkuResolver(db, 'amazon')('X-9')).toBe('CAP');
    expect(listListings(db, { channel: 'amazon', unmatched: true })).toEqual([]);
    // unmapped again, it is unmatched again
    expect(unmapListing(db, 'amazon', 'X-9', { barcode: true }).now).toMatchObject({ sku: null });
    expect(listListings(db, { channel: 'amazon', unmatched: true }).map((l) => l.channelSku)).toEqual(['X-9']);
  });
});
