// An existing master upgrades in place: a database migrated up to before listing identity keeps
// every remembered listing, now keyed by (channel, channel sku), matched by identity where the master
// has the sku and unmatched where it does not; nothing else is lost.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openDb, closeDb } from '../../src/db/open.js';
import { listListings } from '../../src/db/listings.js';
import { planInput } from '../../src/db/plan-input.js';
import { ROOT, tempDir, cleanup } from '../support/workspace.js';

const dir = tempDir();
afterAll(() => cleanup(dir));

describe('upgrading a master made before listing identity', () => {
  it('backfills channel_sku = sku and matches by identity, in place', () => {
    // the migrations as they were: up to 0003
    const old = path.join(dir, 'migrations');
    mkdirSync(path.join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(path.join(ROOT, 'migrations/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const keep = journal.entries.filter((e) => e.tag < '0004');
    for (const e of keep) cpSync(path.join(ROOT, 'migrations', `${e.tag}.sql`), path.join(old, `${e.tag}.sql`));
    writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: keep }));
    const file = path.join(dir, 'omni.sqlite');
    const sqlite = new Database(file);
    migrate(drizzle(sqlite), { migrationsFolder: old });
    sqlite.exec(`INSERT INTO products (sku, title, currency) VALUES ('MUG', 'Mug', 'EUR');
      INSERT INTO channel_listings (channel, sku, remote_id, seen_quantity, pushed_quantity, remote) VALUES
        ('shopify', 'MUG', 'gid://shopify/Product/1', 5, 5, '{}'), ('shopify', 'GONE', 'gid://shopify/Product/2', 1, NULL, '{}'),
        ('amazon', 'MUG', 'B0X', NULL, NULL, '{"channelFulfilled":true}');`);
    sqlite.close();

    const db = openDb(file); // applies 0004 and later
    try {
      const rows = listListings(db).map((l) => [l.channel, l.channelSku, l.sku, l.match, l.seenQuantity, l.pushedQuantity, l.channelFulfilled]);
      expect(rows).toEqual([
        ['amazon', 'MUG', 'MUG', 'identity', null, null, true],
        ['shopify', 'GONE', null, null, 1, null, false],
        ['shopify', 'MUG', 'MUG', 'identity', 5, 5, false],
      ]);
      expect(db.$client.prepare("SELECT count(*) FROM channel_listings WHERE remote_id = 'gid://shopify/Product/1'").pluck().get()).toBe(1);
    } finally { closeDb(db); }
  });
});

describe('upgrading a master made before the plan reads (0009) and the aliases without rowid (0012)', () => {
  it('keeps every stock level in a WITHOUT ROWID stock_levels, and the plan reads products through products_plan', () => {
    const old = path.join(dir, 'migrations-0008');
    mkdirSync(path.join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(path.join(ROOT, 'migrations/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const keep = journal.entries.filter((e) => e.tag < '0009');
    for (const e of keep) cpSync(path.join(ROOT, 'migrations', `${e.tag}.sql`), path.join(old, `${e.tag}.sql`));
    writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: keep }));
    const file = path.join(dir, 'omni-0008.sqlite');
    const sqlite = new Database(file);
    migrate(drizzle(sqlite), { migrationsFolder: old });
    sqlite.exec(`INSERT INTO locations (code, name, kind) VALUES ('store', 'Store', 'store'), ('warehouse', 'Warehouse', 'warehouse');
      INSERT INTO products (sku, title, currency, price_minor) VALUES ('MUG', 'Mug', 'EUR', 900), ('POT', 'Pot', 'EUR', 2500);
      INSERT INTO stock_levels (sku, location, on_hand) VALUES ('MUG', 'store', 3), ('MUG', 'warehouse', -1), ('POT', 'warehouse', 7);
      INSERT INTO channel_listings (channel, channel_sku, sku, match, seen_quantity, seen_price_minor) VALUES ('shopify', 'MUG', 'MUG', 'identity', 3, 900), ('shopify', 'POT', 'POT', 'identity', 5, 2500);
      INSERT INTO sku_aliases (source, alias, sku) VALUES ('supplier:acme', 'AC-1', 'MUG'), ('supplier:acme', 'AC-2', 'POT'), ('supplier:bolt', 'AC-1', 'POT');`);
    const before = sqlite.prepare('SELECT * FROM stock_levels ORDER BY sku, location').all();
    const aliases = sqlite.prepare('SELECT * FROM sku_aliases ORDER BY source, alias').all();
    sqlite.close();

    const db = openDb(file); // applies 0009
    try {
      const c = db.$client;
      expect(c.prepare('SELECT * FROM stock_levels ORDER BY sku, location').all()).toEqual(before);
      expect(c.prepare(`SELECT sql FROM sqlite_master WHERE name = 'stock_levels'`).pluck().get()).toMatch(/WITHOUT ROWID\s*$/);
      // and (0012) every alias, in a WITHOUT ROWID sku_aliases
      expect(c.prepare('SELECT * FROM sku_aliases ORDER BY source, alias').all()).toEqual(aliases);
      expect(c.prepare(`SELECT sql FROM sqlite_master WHERE name = 'sku_aliases'`).pluck().get()).toMatch(/WITHOUT ROWID\s*$/);
      expect(c.pragma('foreign_key_check')).toEqual([]);
      expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
      // Read through the narrow index, not each product's row; the plan finds the one listing that differs.
      const explained: string[] = [];
      const prepare = c.prepare.bind(c);
      (c as { prepare: unknown }).prepare = (sql: string) => {
        if (sql.includes('ORDER BY f.sku')) explained.push(...(prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ channel: 'shopify', loc0: 'store', loc1: 'warehouse' }) as { detail: string }[]).map((r) => r.detail));
        return prepare(sql);
      };
      const input = planInput(db, 'shopify', { stockFrom: ['store', 'warehouse'], buffer: 0, allocation: 1 }, { source: 'master', markup_percent: 0 }, { push: { stock: true, price: true, content: false } });
      (c as { prepare: unknown }).prepare = prepare;
      expect(explained.join('\n')).toContain('SCAN p USING COVERING INDEX products_plan');
      expect([...input.rows].map((r) => [r.sku, r.desiredQuantity])).toEqual([['POT', 7]]);
    } finally { closeDb(db); }
  });
});
