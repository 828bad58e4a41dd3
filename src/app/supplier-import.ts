// `omni import supplier NAME [FILE|URL]`: read a supplier's feed, match its skus to the master,
// and upsert supplier items (cost, supplier stock, pack size, minimum order, lead time) — only
// rows whose values changed are written (row hash). Optionally creates missing products, and
// sets a dropship location's stock through ledger counts. One transaction: any bad row and
// nothing is written (unless skipInvalid); a dry run rolls the same transaction back.
import type { Db } from '../db/open.js';
import { keepHeapTight } from '../core/heap-growth.js';
import type { Config } from '../config/schema.js';
import { locationExists } from '../db/supplier-items.js';
import { supplierConfig } from '../import/supplier-config.js';
import { resolveSource } from '../import/sources.js';
import type { ImportSummary } from '../import/summary.js';
import { usageError } from '../core/errors.js';
import { quarantine } from './quarantine.js';
import { importRows } from './supplier-import-rows.js';

export { SEED_ASIDE } from './supplier-import-rows.js';

export interface SupplierImportInput {
  db: Db;
  config: Config;
  /** The folder of config.yaml: a `file:` in the supplier's block is relative to it. */
  configDir: string;
}

export interface SupplierImportOptions {
  supplier: string;
  /** FILE, glob or URL from the command line (relative to `cwd`); else the block's `file:`. */
  source?: string | undefined;
  cwd?: string | undefined;
  dryRun?: boolean | undefined;
  skipInvalid?: boolean | undefined;
  createNew?: boolean | undefined;
  /** Where rejected rows go with skipInvalid (written only when a row is rejected). */
  rejectsFile?: string | undefined;
  now: Date;
  /** Products created before the products' plain indexes are set aside until the end (tests lower it). */
  bulkIndexesAfter?: number | undefined;
  /** Rows per batch insert on PostgreSQL (default PG_INSERT_BATCH; tests lower it to SQLite's 64). */
  pgInsertBatch?: number | undefined;
  onProgress?: ((p: { rows: number; bytes: number; totalBytes: number }) => void) | undefined;
  /** Apply the file even when a feed circuit breaker trips (a person looked at it). */
  accept?: boolean | undefined;
  /** Where a file a breaker stops is moved (`quarantine/` beside the master); unset: left where it is. */
  quarantineDir?: string | undefined;
  /** Stored items of the supplier (the master's largest rowid) from which a worker thread reads them (tests lower it). */
  itemPagesAfter?: number | undefined;
  /** PostgreSQL: called after each batch is sent and before it is settled (tests act on a unit in flight without timing). */
  onUnitSent?: (() => void) | undefined;
}

export async function importSupplier(ws: SupplierImportInput, o: SupplierImportOptions): Promise<ImportSummary> {
  const cfg = supplierConfig(ws.config.suppliers, o.supplier);
  const spec = o.source ?? cfg.file;
  if (!spec) throw usageError(`Name the file to import for ${o.supplier}.`, `Pass FILE or URL, or set \`file:\` under suppliers.${o.supplier} in config.yaml.`);
  if (cfg.dropship_location && !locationExists(ws.db, cfg.dropship_location)) {
    throw usageError(`suppliers.${o.supplier}.dropship_location "${cfg.dropship_location}" is not a location.`, 'Add it under `locations:` (kind: supplier, managed_by: the supplier).');
  }
  const src = await resolveSource(spec, { baseDir: o.source ? o.cwd ?? process.cwd() : ws.configDir, timeoutMs: cfg.timeout_seconds * 1000 });
  try {
    if (src.bytes === 0) throw usageError(`${src.display} is empty (0 bytes); nothing was imported.`, 'Ask the supplier for a new file.');
    // A million rows allocate a lot and keep little: without it a PostgreSQL seed peaked at 255–259
    // MB RSS with a ~20 MB live heap, with it 193–197 MB (300k rows), in the same time.
    keepHeapTight();
    const s = await importRows(ws, o, cfg, src);
    if (s.status === 'refused' && s.breaker && o.quarantineDir) {
      s.breaker.quarantined = quarantine(src.path, src.display, o.quarantineDir, o.now, !/^https?:\/\//i.test(spec));
    }
    return s;
  } finally { src.cleanup(); }
}
