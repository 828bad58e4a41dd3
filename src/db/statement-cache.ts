// Prepared statements kept per connection, for the per-row paths (a POS export books 100k lines):
// building a query through the ORM and preparing it cost ~10× running it. SQLite re-prepares a
// kept statement by itself after a schema change; a closed connection takes its statements along.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.js';

const byConnection = new WeakMap<object, Map<string, Statement>>();

export function cachedStatement(db: Db, sql: string): Statement {
  const client = db.$client;
  let cache = byConnection.get(client);
  if (!cache) byConnection.set(client, cache = new Map());
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, stmt = client.prepare(sql));
  return stmt;
}
