// Prepared statements kept per connection, for the per-row paths (a POS export books 100k lines):
// building a query through the ORM and preparing it cost ~10× running it. SQLite re-prepares a
// kept statement by itself after a schema change; a closed connection takes its statements along.
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.js';

const byConnection = new WeakMap<object, Map<string, Statement>>();

/**
 * The SQLite connection under `db`, also when `db` is a transaction the ORM handed to a callback
 * (callers pass those on as a Db; they carry the connection in their session, not in $client).
 */
export function clientOf(db: Db): Database.Database {
  const client = db.$client ?? (db as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client) throw new Error('No SQLite connection behind this database handle');
  return client;
}

export function cachedStatement(db: Db, sql: string): Statement {
  const client = clientOf(db);
  let cache = byConnection.get(client);
  if (!cache) byConnection.set(client, cache = new Map());
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, stmt = client.prepare(sql));
  return stmt;
}
