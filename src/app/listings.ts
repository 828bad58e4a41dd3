// `omni listings`: which master sku each channel listing is. The owner maps channel skus that
// differ from the master (`map`, `unmap`, a CSV with `import`); `list` shows every listing with
// how it was matched, `unmatched` the ones omni cannot sync yet and why.
import type { Db } from '../db/open.js';
import type { Config } from '../config/schema.js';
import { readTable } from './csv-file.js';
import { getProduct } from '../db/products.js';
import { listListings, type ListingView } from '../db/listings.js';
import { listingMatcher, type Match } from '../db/listing-match.js';
import { mapListing, mappedSku, unmapListing, type MapOutcome } from '../db/listing-map.js';
import { usageError } from '../core/errors.js';
import { capText, skuProblem } from '../core/text.js';

function knownChannel(config: Config, channel: string): void {
  if (!(channel in config.channels)) {
    throw usageError(`No channel named "${channel}" in the config.`, `Channels: ${Object.keys(config.channels).join(', ') || '(none yet)'}.`);
  }
}

function knownSku(db: Db, sku: string, where = ''): void {
  if (!getProduct(db, sku)) throw usageError(`${where}Unknown master sku "${sku}".`, 'Map to a sku of the master (`omni products list --search TEXT`), or add the product first.');
}

export interface MapResult { channel: string; channelSku: string; sku: string; outcome: MapOutcome; seen: boolean }

export function mapOne(db: Db, config: Config, channel: string, channelSku: string, sku: string): MapResult {
  knownChannel(config, channel);
  knownSku(db, sku);
  const outcome = mapListing(db, { channel, channelSku, sku }, 'manual');
  const seen = listListings(db, { channel }).some((l) => l.channelSku === channelSku && l.seenAt !== null);
  return { channel, channelSku, sku, outcome, seen };
}

export function unmapOne(db: Db, config: Config, channel: string, channelSku: string): { channel: string; channelSku: string; now: Match } {
  knownChannel(config, channel);
  if (mappedSku(db, channel, channelSku) === undefined) {
    throw usageError(`No mapping for ${channel} ${channelSku}.`, `See the mappings with \`omni listings list --channel ${channel}\`.`);
  }
  const r = unmapListing(db, channel, channelSku, { barcode: config.channels[channel]!.match_by_barcode });
  return { channel, channelSku, now: r.now };
}

export interface ImportMapSummary { file: string; rows: number; created: number; changed: number; unchanged: number; dryRun: boolean }

/** A CSV `channel,channel_sku,sku`, all or nothing: every bad cell named as file:row:column. */
export async function importMap(db: Db, config: Config, file: string, opts: { dryRun?: boolean } = {}): Promise<ImportMapSummary> {
  const { name, records } = await readTable(file);
  const header = (records[0]?.cells ?? []).map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const col = { channel: header.indexOf('channel'), channel_sku: header.indexOf('channel_sku'), sku: header.indexOf('sku') };
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length) throw usageError(`${name}:1: the column(s) ${missing.join(', ')} are missing.`, 'The first row must be the header: channel,channel_sku,sku');
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const rows: { channel: string; channelSku: string; sku: string }[] = [];
  records.slice(1).forEach(({ rowNo, cells: r }) => {
    const channel = r[col.channel] ?? '', channelSku = r[col.channel_sku] ?? '', sku = r[col.sku] ?? '';
    if (!(channel in config.channels)) problems.push(`${name}:${rowNo}:channel: unknown channel "${capText(channel, 60)}" (channels: ${Object.keys(config.channels).join(', ')})`);
    if (!channelSku) problems.push(`${name}:${rowNo}:channel_sku: empty`);
    else if (skuProblem(channelSku)) problems.push(`${name}:${rowNo}:channel_sku: "${capText(channelSku, 60)}" ${skuProblem(channelSku)}`);
    if (!sku) problems.push(`${name}:${rowNo}:sku: empty`);
    else if (!getProduct(db, sku)) problems.push(`${name}:${rowNo}:sku: unknown master sku "${capText(sku, 60)}"`);
    const key = `${channel}\u0000${channelSku}`;
    if (seen.has(key)) problems.push(`${name}:${rowNo}:channel_sku: ${channel} ${channelSku} again (first on row ${seen.get(key)})`);
    seen.set(key, rowNo);
    rows.push({ channel, channelSku, sku });
  });
  if (rows.length === 0) throw usageError(`${name} has a header but no rows.`);
  if (problems.length) throw usageError(`${name}: ${problems.length} problem(s); nothing was mapped.`, 'Fix the cells named below and import again.', problems);
  const counts: Record<MapOutcome, number> = { created: 0, changed: 0, unchanged: 0 };
  const ROLLBACK = Symbol('dry-run');
  try {
    db.transaction(() => {
      for (const r of rows) counts[mapListing(db, r, 'import')]++;
      if (opts.dryRun) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return { file, rows: rows.length, ...counts, dryRun: opts.dryRun ?? false };
}

export function listingsOf(db: Db, config: Config, f: { channel?: string | undefined; sku?: string | undefined }): ListingView[] {
  if (f.channel) knownChannel(config, f.channel);
  return listListings(db, f);
}

export interface UnmatchedView extends ListingView { why: string }

/** Listings the channels showed that match no master sku, each with why (as the last pull saw them). */
export function unmatchedListings(db: Db, config: Config, channel?: string): UnmatchedView[] {
  if (channel) knownChannel(config, channel);
  const matchers = new Map<string, ReturnType<typeof listingMatcher>>();
  return listListings(db, { channel, unmatched: true }).map((l) => {
    let m = matchers.get(l.channel);
    if (!m) matchers.set(l.channel, m = listingMatcher(db, l.channel, { barcode: config.channels[l.channel]?.match_by_barcode ?? true }));
    const now = m(l.channelSku, l.barcode ?? undefined);
    return { ...l, why: now.sku === null ? now.why : `matches ${now.sku} (${now.match}) now; the next sync syncs it` };
  });
}
