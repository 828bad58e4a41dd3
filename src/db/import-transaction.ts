// An import's one transaction, opened and closed by hand because rows arrive over time (a
// streamed file), with a bigger page cache while it runs.
import type { Db } from './open.js';

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
