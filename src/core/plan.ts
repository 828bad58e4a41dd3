// The plan: a pure function of (master, channel rules, remembered remote state) that returns only
// what differs. No I/O, no clock: rows come in as an iterable (streamed from the database) and
// `now` is an argument, so the same inputs always give the same plan.
import { hash } from 'node:crypto';
import type { Change, ChangeAction, RemoteListing } from './connector.js';

export const PLAN_FORMAT_VERSION = 1;

/**
 * One listing as the planner sees it: what the master wants for its master sku, and what the
 * channel last showed (`remote.sku` is the listing's sku on the channel). A row without `remote`
 * is a product the channel does not list yet.
 */
export interface PlanRow {
  /** The master sku. */
  sku: string;
  desiredQuantity: number;
  /** How desiredQuantity was derived, in one line (the report's "why" for a stock change). */
  why?: string | undefined;
  desiredPriceMinor: number | null;
  desiredContentHash: string;
  content: { title: string; description: string | null; brand: string | null };
  /** undefined: the channel has no listing for this sku. */
  remote: RemoteListing | undefined;
}

export interface PlanOptions {
  channel: string;
  push: { stock: boolean; price: boolean; content: boolean };
  /** Report skus the channel lacks as `create` changes (connectors may not support creating). */
  planCreates?: boolean;
  /**
   * How many listings the channel has in all, when `rows` was pre-filtered to those that may
   * differ: the ones left out count as listed and unchanged.
   */
  listedTotal?: number;
}

export interface PlanSummary {
  listings: number;
  unchanged: number;
  stock: number;
  price: number;
  content: number;
  create: number;
  /** Stock changes that set a listing to zero (the guard looks at these). */
  zeroed: number;
}

export interface Plan {
  formatVersion: number;
  channel: string;
  generatedAt: string;
  changes: Change[];
  summary: PlanSummary;
  warnings: string[];
}

/** `sku` is the channel's sku of the listing; `location` only for a change at a secondary location. */
export function changeKey(channel: string, sku: string, action: ChangeAction, before: unknown, after: unknown, location?: string): string {
  // One-shot hash: same digest as createHash().update().digest(), without the per-call object.
  const parts = location === undefined ? [channel, sku, action, before, after] : [channel, sku, action, before, after, location];
  return hash('sha256', JSON.stringify(parts), 'hex').slice(0, 32);
}

export function planChannel(rows: Iterable<PlanRow>, opts: PlanOptions, now: Date): Plan {
  const changes: Change[] = [];
  const summary: PlanSummary = { listings: 0, unchanged: 0, stock: 0, price: 0, content: 0, create: 0, zeroed: 0 };
  const warnings: string[] = [];
  const add = (row: PlanRow, action: ChangeAction, before: number | string | null, after: number | string, reason: string, location?: string) => {
    const r = row.remote;
    const channelSku = r?.sku ?? row.sku;
    changes.push({
      channel: opts.channel, sku: row.sku, channelSku, ...(location !== undefined ? { location } : {}), action, before, after, reason,
      key: changeKey(opts.channel, channelSku, action, before, after, location),
      target: { remoteId: r?.remoteId, remoteVariantId: r?.remoteVariantId, inventoryItemId: r?.inventoryItemId, extra: r?.extra },
      ...(action === 'content' || action === 'create' ? { content: row.content } : {}),
      ...(action === 'create' ? { desired: { quantity: row.desiredQuantity, priceMinor: row.desiredPriceMinor } } : {}),
    });
    summary[action]++;
  };

  for (const row of rows) {
    const r = row.remote;
    if (!r) {
      if (opts.planCreates) add(row, 'create', null, row.desiredQuantity, 'not listed on the channel yet');
      continue;
    }
    summary.listings++;
    const before = changes.length;
    if (opts.push.stock && r.quantity !== undefined && r.quantity !== row.desiredQuantity) {
      add(row, 'stock', r.quantity, row.desiredQuantity, row.why ?? 'published quantity differs');
      if (row.desiredQuantity === 0 && r.quantity > 0) summary.zeroed++;
    } else if (opts.push.stock && r.quantity === undefined && !r.channelFulfilled) {
      warnings.push(`${opts.channel}: ${label(row)}: the channel did not report a quantity; stock left alone`);
    }
    // The channel sells the sum over its locations: the number sits at one, the others hold 0.
    if (opts.push.stock && r.elsewhere && !r.channelFulfilled) {
      for (const [location, q] of Object.entries(r.elsewhere)) {
        if (q !== 0) add(row, 'stock', q, 0, `${opts.channel} sells every location's units; omni publishes at one location, so ${location} gets 0`, location);
      }
    }
    if (opts.push.price && row.desiredPriceMinor !== null && r.priceMinor !== row.desiredPriceMinor) {
      add(row, 'price', r.priceMinor ?? null, row.desiredPriceMinor, 'price differs');
    }
    if (opts.push.content && r.contentHash !== undefined && r.contentHash !== row.desiredContentHash) {
      add(row, 'content', r.contentHash, row.desiredContentHash, 'title/description differ');
    }
    if (changes.length === before) summary.unchanged++;
  }
  if (opts.listedTotal !== undefined && opts.listedTotal > summary.listings) {
    summary.unchanged += opts.listedTotal - summary.listings;
    summary.listings = opts.listedTotal;
  }
  return { formatVersion: PLAN_FORMAT_VERSION, channel: opts.channel, generatedAt: now.toISOString(), changes, summary, warnings };
}

/** "AMZ-MUG (MUG-STONE-350)" when the channel's sku differs from the master's. */
function label(row: PlanRow): string {
  const channelSku = row.remote?.sku ?? row.sku;
  return channelSku === row.sku ? row.sku : `${channelSku} (${row.sku})`;
}
