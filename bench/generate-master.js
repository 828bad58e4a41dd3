// Data generator: a master with N products, stock at two locations, and a channel's remembered
// listings that agree with the master except for `diffShare` of them. Reused by several benches.
import { rmSync } from 'node:fs';
import { openDb, closeDb } from '../dist/src/db/open.js';
import { syncLocations } from '../dist/src/db/locations.js';

export function generateMaster(file, { products, diffShare = 0.01, channel = 'shopify', buffer = 0 }) {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const db = openDb(file, { create: true });
  syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }]);
  const c = db.$client;
  c.pragma('synchronous = OFF');
  const p = c.prepare("INSERT INTO products (sku, title, price_minor, currency, content_hash) VALUES (?, ?, ?, 'EUR', ?)");
  const l = c.prepare('INSERT INTO stock_levels (sku, location, on_hand) VALUES (?, ?, ?)');
  const m = c.prepare("INSERT INTO stock_movements (sku, location, delta, kind, idempotency_key) VALUES (?, ?, ?, 'import', ?)");
  const cl = c.prepare(`INSERT INTO channel_listings (channel, channel_sku, sku, match, remote_id, remote_variant_id, inventory_item_id, seen_quantity, seen_price_minor, seen_content_hash)
    VALUES (?, ?, ?, 'identity', ?, ?, ?, ?, ?, ?)`);
  const every = Math.round(1 / diffShare);
  const batch = 50_000;
  for (let start = 0; start < products; start += batch) {
    c.transaction(() => {
      for (let i = start; i < Math.min(products, start + batch); i++) {
        const sku = `SKU-${String(i).padStart(7, '0')}`;
        const store = i % 7;
        const wh = (i * 13) % 50;
        const price = 500 + (i % 5000);
        const hash = (i * 2654435761 >>> 0).toString(16).padStart(16, '0');
        p.run(sku, `Product ${i}, colour ${i % 12}`, price, hash);
        l.run(sku, 'store', store); m.run(sku, 'store', store, `seed:s:${i}`);
        l.run(sku, 'warehouse', wh); m.run(sku, 'warehouse', wh, `seed:w:${i}`);
        const published = Math.max(0, store + wh - buffer);
        const differs = i % every === 0;
        cl.run(channel, sku, sku, `gid://shopify/Product/${i}`, `gid://shopify/ProductVariant/${i}`, `gid://shopify/InventoryItem/${i}`,
          differs ? published + 1 : published, price, hash);
      }
    })();
  }
  c.pragma('wal_checkpoint(TRUNCATE)');
  closeDb(db);
}

/**
 * The same master on PostgreSQL (the database at `url`, migrated by omni), written by the server
 * itself from generate_series: the same products, stock, ledger rows and listings as
 * generateMaster, row for row, in seconds rather than a million round trips.
 */
export function generatePgMaster(pg, url, { products, diffShare = 0.01, channel = 'shopify', buffer = 0 }) {
  const db = openDb(url, { create: true });
  syncLocations(db, [{ code: 'store', kind: 'store' }, { code: 'warehouse', kind: 'warehouse' }]);
  closeDb(db);
  const every = Math.round(1 / diffShare);
  pg.psql(url, `
    CREATE TEMP TABLE g AS SELECT i, 'SKU-' || lpad(i::text, 7, '0') AS sku, i % 7 AS store, (i * 13) % 50 AS wh, 500 + i % 5000 AS price,
      lpad(to_hex((i::bigint * 2654435761) % 4294967296), 16, '0') AS hash FROM generate_series(0, ${products - 1}) i;
    INSERT INTO products (sku, title, price_minor, currency, content_hash) SELECT sku, 'Product ' || i || ', colour ' || (i % 12), price, 'EUR', hash FROM g ORDER BY i;
    INSERT INTO stock_levels (sku, location, on_hand) SELECT sku, l, CASE l WHEN 'store' THEN store ELSE wh END FROM g, (VALUES ('store'), ('warehouse')) v(l) ORDER BY i, l;
    INSERT INTO stock_movements (sku, location, delta, kind, idempotency_key)
      SELECT sku, l, CASE l WHEN 'store' THEN store ELSE wh END, 'import', 'seed:' || left(l, 1) || ':' || i FROM g, (VALUES ('store'), ('warehouse')) v(l) ORDER BY i, l;
    INSERT INTO channel_listings (channel, channel_sku, sku, match, remote_id, remote_variant_id, inventory_item_id, seen_quantity, seen_price_minor, seen_content_hash)
      SELECT '${channel}', sku, sku, 'identity', 'gid://shopify/Product/' || i, 'gid://shopify/ProductVariant/' || i, 'gid://shopify/InventoryItem/' || i,
        greatest(0, store + wh - ${buffer}) + CASE WHEN i % ${every} = 0 THEN 1 ELSE 0 END, price, hash FROM g ORDER BY i;`);
  // VACUUM cannot run inside psql's one -c transaction: on its own, as autovacuum would have by now.
  pg.psql(url, 'VACUUM ANALYZE');
}
