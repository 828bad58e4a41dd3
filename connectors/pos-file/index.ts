// The pos-file connector: a POS that speaks in files. Pull reads its exports (sales → orders,
// counts → count movements, items → listing state); push writes its import file.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { defineConnector, type Change, type ChangeOutcome, type ChannelSnapshot, type Connector, type ConnectorDeps, type PullContext, type RemoteOrder } from '../../src/core/connector.js';
import { UserError, usageError } from '../../src/core/errors.js';
import { posConfigSchema, type PosConfig } from './config.js';
import { columnsFor, presets } from './presets.js';
import { allMatches, newestMatch, readTableLean } from './read-table.js';
import { assertReadableWhole } from '../../src/import/workbook-reader.js';
import { readSalesFile } from './sales.js';
import { readCounts } from './counts.js';
import { headerText } from '../../src/core/breakers.js';
import { readItems } from './items.js';
import { lastPushedListings } from './state.js';
import { importRows, renderImport, writeImportFile } from './write-import.js';

export function createPosConnector(config: PosConfig, deps: ConnectorDeps): Connector {
  const location = config.location ?? config.stock_from[0]!;
  if (!deps.locations.includes(location)) throw usageError(`channels.${deps.name}.location: "${location}" is not a location in config.yaml.`, `Locations: ${deps.locations.join(', ')}.`);
  const preset = presets[config.preset];
  const salesCols = columnsFor(preset.sales, config.columns);
  const itemsCols = columnsFor(preset.items, config.columns);
  const decimalComma = config.decimal_comma ?? false;
  const read = { delimiter: config.delimiter, encoding: config.encoding as BufferEncoding };
  const num = { decimalComma, posLocation: config.pos_location };
  let posLocation = config.pos_location;
  const rel = (f: string) => path.relative(deps.configDir, f) || f;

  async function pull(ctx: PullContext): Promise<ChannelSnapshot> {
    const problems: string[] = [], warnings: string[] = [], cursors: Record<string, string> = {};
    const snap: ChannelSnapshot = { listings: [], orders: [], managedCounts: [], cursors, warnings };
    const find = (key: 'sales_file' | 'counts_file' | 'items_file') => {
      const pattern = config[key];
      if (!pattern) return undefined;
      const file = newestMatch(pattern, deps.configDir);
      if (!file) warnings.push(`${deps.name}: no file matches ${key} "${pattern}" (in ${deps.configDir})`);
      return file;
    };

    // omni watch's cheap read (every few seconds) skips the listing state when nothing new can be
    // in it: without an item export it is what omni itself last sent (already remembered), and an
    // item export that did not change since the last read says nothing new, unless its barcodes are
    // needed to read the sales. The full read (the reconcile) always reads it.
    const cheap = ctx.scope === 'changes';
    let barcodes: Map<string, string> | undefined;
    const itemsFile = find('items_file');
    const itemsVersion = itemsFile ? fileHash(itemsFile) : undefined;
    if (itemsVersion) cursors.items = itemsVersion;
    if (itemsFile && cheap && !config.match_barcode && ctx.cursors.items === itemsVersion) {
      ctx.log.debug(`${deps.name}: ${rel(itemsFile)} unchanged since the last read`);
    } else if (itemsFile) {
      await wholeWorkbookFits(itemsFile);
      const items = readItems(await readTableLean(itemsFile, read, itemsCols), itemsCols, num);
      snap.listings = items.listings;
      barcodes = config.match_barcode ? items.barcodes : undefined;
      posLocation ??= items.posLocation;
      problems.push(...items.problems); warnings.push(...items.warnings);
    } else if (!cheap) {
      const last = lastPushedListings(ctx.known, config.import_file, deps.configDir, preset.import, { ...read, ...num, posLocation });
      snap.listings = last.listings;
    }

    // Every sales export not read yet, oldest first: two exports landing between syncs must both
    // count. Receipt lines are idempotent, so an overlap or a re-read never books a sale twice;
    // the cursor (file → content hash) only saves re-reading files that did not change.
    if (config.sales_file) {
      const files = allMatches(config.sales_file, deps.configDir);
      if (files.length === 0) warnings.push(`${deps.name}: no file matches sales_file "${config.sales_file}" (in ${deps.configDir})`);
      const hashes = new Map(files.map((f) => [rel(f), fileHash(f)]));
      // The first sync reads only the newest export, as every channel's first sync skips history:
      // the counts a shop starts from already reflect the sales in older files.
      const seen = readSeen(ctx.cursors.sales) ?? Object.fromEntries([...hashes].slice(0, -1));
      const orderSources: Iterable<RemoteOrder>[] = [];
      for (const file of files) {
        if (seen[rel(file)] === hashes.get(rel(file))) { ctx.log.debug(`${deps.name}: ${rel(file)} already read`); continue; }
        await wholeWorkbookFits(file);
        const sales = await readSalesFile(file, read, {
          preset, columns: salesCols, decimalComma, dateOrder: config.date_order ?? preset.dateOrder, timeZone: config.timezone, currency: config.currency, barcodes,
        });
        // every file's version of a receipt, in file order: a sale in one and its refund in the next
        // are both booked (lines and refunds apply once each, whichever file they come from).
        // Each file's orders are built as they are applied, not held (sale-log.ts).
        orderSources.push(sales.orders);
        for (const p of sales.problems) problems.push(p);
        for (const w of sales.warnings) warnings.push(w);
      }
      cursors.sales = JSON.stringify(Object.fromEntries(hashes));
      snap.orders = chained(orderSources);
    }

    const countsFile = find('counts_file');
    if (countsFile) {
      // A count states the shelf as of the export's time: sales booked after it are kept. Each
      // export (content and time) is read once; the same numbers exported again later count again.
      const asOf = new Date(Math.min(statSync(countsFile).mtimeMs, ctx.now().getTime())).toISOString();
      const version = `${fileHash(countsFile)}@${asOf}`;
      cursors.counts = version;
      if (ctx.cursors.counts !== version) {
        await wholeWorkbookFits(countsFile);
        const table = await readTableLean(countsFile, read, itemsCols);
        // The breaker compares the file's whole header (found), not just the columns omni keeps.
        snap.feeds = [{ feed: `pos:${deps.name}:counts`, file: countsFile, rows: table.rows.length, header: headerText(table.found ?? table.header) }];
        const counts = readCounts(table, itemsCols, location, { ...num, asOf });
        snap.managedCounts = counts.counts;
        problems.push(...counts.problems); warnings.push(...counts.warnings);
      }
    }

    if (problems.length > config.max_bad_rows) {
      throw new UserError(`${deps.name}: ${problems.length} bad row(s) in the POS export; nothing was imported.`, {
        hint: 'Fix these cells (or export again and move the broken file out of the folder), then re-run the sync; a broken export must not silently drop sales.', details: problems,
      });
    }
    warnings.push(...problems.map((p) => `${deps.name}: ${p} (row left out)`));
    return snap;
  }

  async function* push(ctx: { now(): Date }, changes: readonly Change[]): AsyncGenerator<ChangeOutcome> {
    const needsLoc = preset.import.headers.some((h) => h.includes('{loc}'));
    const fail = (message: string) => changes.map((c): ChangeOutcome => ({ key: c.key, outcome: 'failed', message }));
    if (needsLoc && !posLocation) { yield* fail(`set channels.${deps.name}.pos_location (the ${preset.label} store name used in its columns) or items_file`); return; }
    let file: string;
    try {
      const content = renderImport(preset.import, importRows(changes), { posLocation: posLocation ?? '', decimalComma, delimiter: config.delimiter ?? (decimalComma ? ';' : ',') });
      file = writeImportFile(config.import_file, deps.configDir, ctx.now(), content, read.encoding);
    } catch (e) { yield* fail(`could not write the ${preset.label} import file: ${(e as Error).message}`); return; }
    for (const c of changes) yield { key: c.key, outcome: 'applied', message: `${c.sku}: written to ${rel(file)}; import that file in ${preset.label}` };
  }

  return {
    name: deps.name, type: 'pos-file',
    capabilities: { create: true, stock: true, price: true, content: false, orders: true },
    async check() {
      const missing = (['sales_file', 'counts_file', 'items_file'] as const).filter((k) => config[k] && !newestMatch(config[k], deps.configDir));
      if (missing.length) return { ok: false, message: `no file matches ${missing.map((k) => `${k} "${config[k]}"`).join(', ')}` };
      return { ok: true, message: `${preset.label} files for location ${location}${config.sales_file ? '' : ' (no sales_file set)'}` };
    },
    pull,
    push,
  };
}

/** A spreadsheet export is read whole (its cells as formatted text): refused past a size, with the way out. */
async function wholeWorkbookFits(file: string): Promise<void> {
  if (/\.(xlsx|xlsm|xls|ods)$/i.test(file)) await assertReadableWhole(file, path.basename(file));
}

/** The file's content hash, read in chunks: a year's export is never held whole just to hash it. */
/** One read buffer for every hash: watch hashes the export folder every few seconds. */
const hashBuffer = Buffer.alloc(1 << 16);

function fileHash(file: string): string {
  const h = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buf = hashBuffer;
    for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, got));
  } finally { closeSync(fd); }
  return h.digest('hex').slice(0, 32);
}

export default defineConnector({
  type: 'pos-file',
  configSchema: posConfigSchema,
  create: (config, deps) => createPosConnector(config, deps),
});

/** The sales cursor: which export files were read, with their content hash; undefined before the first sync. */
function readSeen(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(cursor) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, string> : undefined;
  } catch { return undefined; }
}

/** Several files' orders as one iterable, file after file; iterated again, read again. */
function chained(sources: readonly Iterable<RemoteOrder>[]): Iterable<RemoteOrder> {
  return { *[Symbol.iterator]() { for (const s of sources) yield* s; } };
}
