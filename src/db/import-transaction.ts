// An import's one transaction, opened and closed by hand because rows arrive over time (a
// streamed file), with a bigger page cache while it runs.
import { isPostgres, type Db } from './open.js';

export function beginImport(db: Db): { commit(): void; rollback(): void } {
  const c = db.$client;
  const oldCache = c.pragma('cache_size', { simple: true }) as number;
  c.pragma('cache_size = -16384'); // 16 MB: most of a big feed's primary-key index stays in memory
  c.exec('BEGIN IMMEDIATE');
  const restore = () => { c.pragma(`cache_size = ${oldCache}`); };
  return {
    commit: () => { c.exec('COMMIT'); restore(); },
    rollback: () => { if (c.inTransaction) c.exec('ROLLBACK'); restore(); },
  };
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
