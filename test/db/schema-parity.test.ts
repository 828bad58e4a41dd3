// The two engines' masters stay the same shape: a SQLite master migrated from migrations/ and a
// PostgreSQL one migrated from migrations-pg/ have the same tables, columns (types mapped), keys,
// unique rules, indexes and foreign keys. A schema change generated for one engine only fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb, closeDb, pgClient, type Db } from '../../src/db/open.js';
import * as schema from '../../src/db/schema.js';
import * as schemaPg from '../../src/db/schema-pg.js';
import { tempDir, cleanup } from '../support/workspace.js';
import { ENGINES, pgDatabase } from '../support/postgres.js';

interface Shape {
  columns: Record<string, string[]>;
  indexes: string[];
  foreignKeys: string[];
}

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name`).pluck().all() as string[]);
    const columns: Record<string, string[]> = {};
    const indexes: string[] = [];
    const foreignKeys: string[] = [];
    for (const t of tables) {
      const cols = db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; type: string; notnull: number; pk: number }[];
      const pkCount = cols.filter((c) => c.pk > 0).length;
      columns[t] = cols.map((c) => `${c.name} ${c.type === 'INTEGER' ? 'bigint' : c.type.toLowerCase()}${c.notnull || (c.pk && pkCount === 1) ? ' not null' : ''}`).sort();
      const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      if (pk.length) indexes.push(`${t} unique (${pk.join(',')})`);
      for (const i of db.prepare(`PRAGMA index_list("${t}")`).all() as { name: string; unique: number; origin: string }[]) {
        if (i.origin === 'pk') continue;
        const on = (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name);
        indexes.push(`${t} ${i.unique ? 'unique ' : ''}(${on.join(',')})`);
      }
      const fks = db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { id: number; table: string; from: string; to: string }[];
      for (const id of [...new Set(fks.map((f) => f.id))]) {
        const parts = fks.filter((f) => f.id === id);
        foreignKeys.push(`${t}(${parts.map((p) => p.from).join(',')}) -> ${parts[0]!.table}(${parts.map((p) => p.to).join(',')})`);
      }
    }
    return { columns, indexes: indexes.sort(), foreignKeys: foreignKeys.sort() };
  } finally { db.close(); }
}

function pgShape(db: Db): Shape {
  const c = pgClient(db)!;
  const rows = (sql: string) => (c.native(sql).rows ?? []) as unknown[][];
  const columns: Record<string, string[]> = {};
  for (const [t, name, type, nullable] of rows(`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> '__drizzle_migrations' ORDER BY table_name, column_name`)) {
    (columns[String(t)] ??= []).push(`${String(name)} ${String(type)}${nullable === 'NO' ? ' not null' : ''}`);
  }
  for (const t of Object.keys(columns)) columns[t]!.sort();
  const indexes = rows(`SELECT t.relname, ix.indisunique, array_to_string(array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o), ',')
      FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
      WHERE s.nspname = current_schema() AND t.relname <> '__drizzle_migrations'`)
    .map(([t, unique, cols]) => `${String(t)} ${unique ? 'unique ' : ''}(${String(cols)})`).sort();
  const foreignKeys = rows(`SELECT cl.relname, array_to_string(array(SELECT a.attname FROM unnest(co.conkey) WITH ORDINALITY k(n, o)
        JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n ORDER BY k.o), ','),
      rt.relname, array_to_string(array(SELECT a.attname FROM unnest(co.confkey) WITH ORDINALITY k(n, o)
        JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n ORDER BY k.o), ',')
      FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_class rt ON rt.oid = co.confrelid
      JOIN pg_namespace s ON s.oid = cl.relnamespace WHERE co.contype = 'f' AND s.nspname = current_schema()`)
    .map(([t, from, rt, to]) => `${String(t)}(${String(from)}) -> ${String(rt)}(${String(to)})`).sort();
  return { columns, indexes, foreignKeys };
}

describe('one schema, two engines', () => {
  it('derives a PostgreSQL table for every table of schema.ts', () => {
    const tableNames = (m: Record<string, unknown>) => Object.keys(m).filter((k) => typeof m[k] === 'object' && m[k] !== null && 'getSQL' in (m[k] as object)).sort();
    expect(tableNames(schemaPg as unknown as Record<string, unknown>)).toEqual(tableNames(schema as unknown as Record<string, unknown>));
  });

  describe.runIf(ENGINES.includes('postgres'))('migrated masters', () => {
    let dir: string;
    let pg: Db;
    beforeAll(() => {
      dir = tempDir();
      closeDb(openDb(path.join(dir, 'omni.sqlite'), { create: true }));
      pg = openDb(pgDatabase(), { create: true });
    });
    afterAll(() => { closeDb(pg); cleanup(dir); });

    it('have the same tables, columns, keys, indexes and foreign keys', () => {
      const lite = sqliteShape(path.join(dir, 'omni.sqlite'));
      // SQLite's implicit rowid is an explicit, unique column on PostgreSQL where src/db uses it.
      for (const t of schemaPg.ROWID_TABLES) {
        lite.columns[t] = [...lite.columns[t]!, 'rowid bigint not null'].sort();
        lite.indexes = [...lite.indexes, `${t} unique (rowid)`].sort();
      }
      // The writing transaction, for omni watch's queue under concurrent writers (schema-pg.ts TX_TABLES).
      for (const t of schemaPg.TX_TABLES) {
        lite.columns[t] = [...lite.columns[t]!, 'tx xid8 not null'].sort();
        lite.indexes = [...lite.indexes, `${t} (tx)`].sort();
      }
      const post = pgShape(pg);
      expect(Object.keys(post.columns).sort()).toEqual(Object.keys(lite.columns).sort());
      expect(Object.keys(lite.columns).length).toBeGreaterThan(20);
      for (const t of Object.keys(lite.columns)) expect(post.columns[t], t).toEqual(lite.columns[t]);
      expect(lite.indexes.length).toBeGreaterThan(20);
      expect(lite.foreignKeys.length).toBeGreaterThan(10);
      expect(post.indexes).toEqual(lite.indexes);
      expect(post.foreignKeys).toEqual(lite.foreignKeys);
    });
  });
});
