// An import's one transaction, opened and closed by hand because rows arrive over time (a
// streamed file), with a bigger page cache while it runs.
import { isPostgres, type Db } from './open.js';

export function beginImport(db: Db): { commit(): void; rollback(): void } {
  const c = db.$client;
  const oldCache = c.pragma('cache_size', { simple: true }) as number;
  c.pragma('cache_size = -16384'); // 16 MB: most of a big feed's primary-key index stays in memory
  beginWithJournalsInMemory(c);
  const restore = () => { c.pragma(`cache_size = ${oldCache}`); };
  return {
    commit: () => { c.exec('COMMIT'); restore(); },
    rollback: () => { if (c.inTransaction) c.exec('ROLLBACK'); restore(); },
  };
}

/**
 * BEGIN IMMEDIATE with the transaction's statement journals in memory. Each multi-row INSERT can
 * fail halfway (a duplicate key), so SQLite journals the pages it changes and, past 64 KB, in a
 * temporary file: a 1M-row supplier import wrote 789 MB there (three times the master itself) and
 * a seed 2.4 GB, in 385k and 1.2M write calls. SQLite decides where a transaction's statement
 * journals go when it begins (temp_store), and where a sort spills (CREATE INDEX at the end of a
 * seed) when the sort begins: temp_store is MEMORY for the BEGIN only, so the journals (one
 * statement's pages, a few dozen KB) stay in memory and a big sort still spills to disk (with
 * MEMORY throughout, a 1M-row seed's peak RSS grew from 157 to 198 MB). Nothing else depends on it:
 * were SQLite to decide later, the journals would go to a file again.
 */
function beginWithJournalsInMemory(c: Db['$client']): void {
  withPragma(c, 'temp_store', 'MEMORY', () => c.exec('BEGIN IMMEDIATE'));
}

/** Runs `fn` with one SQLite pragma set (`temp_store`, `cache_size`), then sets it back as it was. */
export function withPragma<T>(c: Db['$client'], name: string, value: string | number, fn: () => T): T {
  const old = c.pragma(name, { simple: true }) as string | number;
  c.pragma(`${name} = ${value}`);
  try { return fn(); } finally { c.pragma(`${name} = ${old}`); }
}

/**
 * Rows an import reads and writes per chunk (products and stock imports). On PostgreSQL a chunk
 * is one read and a few writes, each a round trip: 1,000 rows make the round trips a small part of
 * the time. SQLite has no round trips to save, and rows held longer cost memory (their cells keep
 * the file's text they were cut from alive; at 2,000 rows the peak RSS of a 100k-row products
 * import was 50 MB higher): a small chunk there.
 */
export function importChunkRows(db: Db): number {
  return isPostgres(db) ? 1000 : 64;
}
