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
