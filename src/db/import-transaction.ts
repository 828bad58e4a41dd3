// An import's one transaction, opened and closed by hand because rows arrive over time (a
// streamed file), with a bigger page cache while it runs.
import type { Db } from './open.js';

export function beginImport(db: Db): { commit(): void; rollback(): void; sortsOnDisk(): void } {
  const c = db.$client;
  const oldCache = c.pragma('cache_size', { simple: true }) as number;
  const oldTemp = c.pragma('temp_store', { simple: true }) as number;
  c.pragma('cache_size = -16384'); // 16 MB: most of a big feed's primary-key index stays in memory
  // A multi-row INSERT inside the transaction keeps a statement journal (to undo that statement
  // alone on a duplicate key). In a temp file that was a write syscall per journalled page, ~7% of
  // a seed's time; in memory it is a copy.
  c.pragma('temp_store = MEMORY');
  c.exec('BEGIN IMMEDIATE');
  const restore = () => { c.pragma(`cache_size = ${oldCache}`); c.pragma(`temp_store = ${oldTemp}`); };
  return {
    commit: () => { c.exec('COMMIT'); restore(); },
    rollback: () => { if (c.inTransaction) c.exec('ROLLBACK'); restore(); },
    /**
     * Before building big indexes: their sorts spill to temp files again. In memory a 1M-product
     * seed's index builds put its peak RSS past 200 MB (161 → 201 MB).
     */
    sortsOnDisk: () => { c.pragma(`temp_store = ${oldTemp}`); },
  };
}
