// SQLite's page cache counts towards a command's peak memory: better-sqlite3 gives each connection
// 16 MB, and a long run that reads the master in no order fills it with pages it will not read
// again (the OS keeps the file's pages anyway). Work like that runs with a small cache instead.
// PostgreSQL's cache is the server's: nothing to set there.
import { pgClient, type Db } from './open.js';
import { withPragma } from './import-transaction.js';

/** A page cache for work whose pages are not read twice: building an index, booking an export. */
export const SMALL_PAGE_CACHE_KIB = 4096;

/** Runs `fn` with the connection's page cache at `kib` KiB, then as it was (SQLite; PostgreSQL just runs it). */
export function withPageCache<T>(db: Db, kib: number, fn: () => T): T {
  return pgClient(db) ? fn() : withPragma(db.$client, 'cache_size', -kib, fn);
}
