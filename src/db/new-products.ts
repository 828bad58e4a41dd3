// Products a supplier feed creates (`--create-new`), each with the alias that ties the supplier's
// sku to it, written INSERT_BATCH at a time through prepared multi-row statements. Seeding a new
// shop's catalog from a 1M-row feed went through drizzle's upsertProduct row by row (a query
// built, prepared and run twice per row: 135× sqlite3's `.import`); only new rows come here, so
// the statements are plain inserts and the content hash is computed once per row.
import { pgClient, type Db } from './open.js';
import { contentHash } from '../core/content-hash.js';
import { INSERT_BATCH, isDuplicateKey } from './supplier-items.js';
import type { PgDatabase } from './pg/client.js';

export interface NewProduct {
  sku: string;
  title: string;
  description: string | null;
  brand: string | null;
  barcode: string | null;
  priceMinor: number | null;
  costMinor: number | null;
  currency: string;
}

// created_at and updated_at are the import's time (the client's clock, as the rest of the import),
// not the column default's (the server's clock, at whatever moment the row's batch was written).
const PRODUCT_COLUMNS = 'sku, title, description, brand, barcode, price_minor, cost_minor, currency, content_hash, created_at, updated_at';
const PRODUCT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const PER_PRODUCT = 9;
const ALIAS_ROW = '(?, ?, ?)';

export function fillProduct(to: unknown[], o: number, p: NewProduct): void {
  to[o] = p.sku; to[o + 1] = p.title; to[o + 2] = p.description; to[o + 3] = p.brand; to[o + 4] = p.barcode;
  to[o + 5] = p.priceMinor; to[o + 6] = p.costMinor; to[o + 7] = p.currency;
  to[o + 8] = contentHash({ title: p.title, description: p.description, brand: p.brand, attributes: {} });
}

/** Statements for one import; `aliasSource` is e.g. `supplier:acme`, `now` the import's time (ISO). */
export function newProductStatements(db: Db, aliasSource: string, now: string) {
  const c = db.$client;
  // PostgreSQL: a refused statement spoils the whole transaction, so one product skips an existing
  // sku (changes 0) and a batch runs inside a savepoint.
  const pg = pgClient(db);
  const one = c.prepare(`INSERT INTO products (${PRODUCT_COLUMNS}) VALUES ${PRODUCT_ROW}${pg ? ' ON CONFLICT (sku) DO NOTHING' : ''}`);
  // The time bound once per batch (@n), not per row.
  const many = c.prepare(`INSERT INTO products (${PRODUCT_COLUMNS}) VALUES ${Array(INSERT_BATCH).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, @n, @n)').join(', ')}`);
  // An alias for a sku that has none yet; ON CONFLICT keeps an old alias of a removed product from failing the import.
  const upsert = ' ON CONFLICT (source, alias) DO UPDATE SET sku = excluded.sku';
  const aliasOne = c.prepare(`INSERT INTO sku_aliases (source, alias, sku) VALUES ${ALIAS_ROW}${upsert}`);
  // The source bound once per batch (@src), not per row (as supplier-items.ts does).
  const aliasMany = pg ? undefined : c.prepare(`INSERT INTO sku_aliases (source, alias, sku) VALUES ${Array(INSERT_BATCH).fill('(@src, ?, ?)').join(', ')}${upsert}`);
  const aliasShared = { src: aliasSource };
  const nowShared = { n: now };
  const args: unknown[] = new Array(INSERT_BATCH * PER_PRODUCT);
  const aliasArgs: unknown[] = new Array(INSERT_BATCH * 2);
  const fill = fillProduct;
  const row: unknown[] = new Array(PER_PRODUCT + 2);
  row[PER_PRODUCT] = now; row[PER_PRODUCT + 1] = now;

  return {
    /**
     * The first `count` products (exactly INSERT_BATCH on SQLite, any number on PostgreSQL) and
     * their aliases, all or none: false (and nothing written) when one of the skus is a product already.
     */
    insertBatch(ps: readonly NewProduct[], count = INSERT_BATCH): boolean {
      if (pg) return pgInsertProducts(pg, aliasSource, now, ps, count);
      for (let i = 0; i < INSERT_BATCH; i++) {
        const p = ps[i]!;
        fill(args, i * PER_PRODUCT, p);
        aliasArgs[i * 2] = p.sku; aliasArgs[i * 2 + 1] = p.sku;
      }
      // A failed statement writes nothing (SQLite undoes the statement), so the aliases follow only a written batch.
      try { many.run(nowShared, args); } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      aliasMany!.run(aliasShared, aliasArgs);
      return true;
    },
    /** One product and its alias; false (nothing written) when the sku is a product already. */
    insert(p: NewProduct): boolean {
      fill(row, 0, p);
      try { if (one.run(row).changes === 0) return false; } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      aliasOne.run(aliasSource, p.sku, p.sku);
      return true;
    },
  };
}

const PG_INSERT_PRODUCTS = `INSERT INTO products (${PRODUCT_COLUMNS})
  SELECT *, $10, $10 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[])`;
const PG_INSERT_ALIASES = `INSERT INTO sku_aliases (source, alias, sku) SELECT $1, a, a FROM unnest($2::text[]) AS t(a)
  ON CONFLICT (source, alias) DO UPDATE SET sku = excluded.sku`;

/** PostgreSQL: the products as one array per column, then their aliases, inside a savepoint. */
function pgInsertProducts(pg: PgDatabase, aliasSource: string, now: string, ps: readonly NewProduct[], n: number): boolean {
  const cols: unknown[][] = Array.from({ length: PER_PRODUCT }, () => new Array(n));
  const row: unknown[] = new Array(PER_PRODUCT + 2);
  row[PER_PRODUCT] = now; row[PER_PRODUCT + 1] = now;
  for (let r = 0; r < n; r++) {
    fillProduct(row, 0, ps[r]!);
    for (let k = 0; k < PER_PRODUCT; k++) cols[k]![r] = row[k];
  }
  try {
    pg.transaction(() => {
      pg.native(PG_INSERT_PRODUCTS, [...cols, now]);
      pg.native(PG_INSERT_ALIASES, [aliasSource, cols[0]]);
    })();
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
  return true;
}
