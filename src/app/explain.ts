// `omni explain SKU`: why a channel shows the number it shows. Per channel: the locations that feed
// it and their on-hand, the bundle limit, safety, buffer, allocation and max → the number (the
// same derivation the planner pushes and `omni stock` prints); the channel skus it is listed under
// and how each was matched; what each showed at the last pull, what omni last pushed, when, and
// the outcome. A listing the channel fulfils itself (FBA) is the channel's to count: said so.
import type { Workspace } from './workspace.js';
import { getProduct } from '../db/products.js';
import { levelsForSku } from '../db/stock.js';
import { bundleComponentsOf } from '../db/bundles.js';
import { listLocations } from '../db/locations.js';
import { listListings, type ListingView } from '../db/listings.js';
import { orderSkuResolver } from '../db/listing-match.js';
import { lastStockChange, type LastChange } from '../db/runs.js';
import { channelRulesOf } from '../config/channel-rules.js';
import { rulesFor, type EffectiveRules } from '../core/rules.js';
import type { Derivation } from '../core/derivation.js';
import { channelPrice } from '../core/price.js';
import { deriveFor } from './stock-view.js';
import { usageError } from '../core/errors.js';

export interface ListingExplanation {
  channelSku: string;
  match: ListingView['match'];
  /** The channel fulfils it from its own stock (FBA): omni never pushes its quantity. */
  channelFulfilled: boolean;
  seen: { quantity: number | null; at: string | null };
  pushed: { quantity: number | null; at: string | null };
  lastChange: LastChange | null;
  /** What omni sends this listing at the next sync (null: nothing, the channel counts it). */
  publishes: number | null;
}

export interface ChannelExplanation {
  channel: string;
  type: string;
  enabled: boolean;
  pushesStock: boolean;
  rules: Pick<EffectiveRules, 'stockFrom' | 'buffer' | 'allocation' | 'safetyQuantity' | 'maxQuantity' | 'sources'>;
  derivation: Derivation;
  /** The number omni publishes on this channel; null when no listing takes one (all fulfilled by the channel). */
  published: number | null;
  price: { masterMinor: number | null; channelMinor: number | null; currency: string };
  listings: ListingExplanation[];
  /** One sentence a person reads first. */
  summary: string;
}

export interface Explanation {
  sku: string;
  title: string;
  /** When the sku asked about was a channel's sku: which channel and sku it resolved from. */
  resolvedFrom: { channel: string; channelSku: string } | null;
  bundle: { sku: string; quantity: number }[] | null;
  onHand: { location: string; onHand: number; managedBy: string | null }[];
  channels: ChannelExplanation[];
}

export function explain(ws: Workspace, asked: string, channel?: string): Explanation {
  const { db, config } = ws;
  if (channel && !(channel in config.channels)) {
    throw usageError(`No channel named "${channel}" in the config.`, `Channels: ${Object.keys(config.channels).join(', ') || '(none yet)'}.`);
  }
  let sku = asked;
  let resolvedFrom: Explanation['resolvedFrom'] = null;
  if (!getProduct(db, sku)) {
    // A channel's own sku (AMZ-MUG) explains the master sku it is matched to.
    for (const name of channel ? [channel] : Object.keys(config.channels)) {
      const master = orderSkuResolver(db, name)(asked);
      if (master) { sku = master; resolvedFrom = { channel: name, channelSku: asked }; break; }
    }
    if (!resolvedFrom) throw usageError(`Unknown sku "${asked}": neither a master sku nor a channel sku omni can match.`, 'Search with `omni products list --search TEXT`, or see `omni listings unmatched`.');
  }
  const product = getProduct(db, sku)!;
  const components = bundleComponentsOf(db, sku);
  const levels = new Map<string, Record<string, number>>();
  const levelsOf = (s: string) => {
    if (!levels.has(s)) levels.set(s, Object.fromEntries(levelsForSku(db, s).map((l) => [l.location, l.onHand])));
    return levels.get(s)!;
  };
  const managed = new Map(listLocations(db).map((l) => [l.code, l.managedBy]));
  const onHand = levelsForSku(db, sku).map((l) => ({ location: l.location, onHand: l.onHand, managedBy: managed.get(l.location) ?? null }));
  const listings = listListings(db, { sku }).filter((l) => l.sku === sku);

  const channels = Object.entries(config.channels).filter(([name]) => !channel || name === channel).map(([name, cfg]): ChannelExplanation => {
    const rules = channelRulesOf(cfg);
    const eff = rulesFor(rules, sku, product.brand);
    const derivation = deriveFor(db, rules, sku, product.brand, levelsOf, components);
    const mine = listings.filter((l) => l.channel === name);
    const takesNumber = mine.filter((l) => !l.channelFulfilled);
    const published = mine.length > 0 && takesNumber.length === 0 ? null : derivation.quantity;
    const out: ListingExplanation[] = mine.map((l) => ({
      channelSku: l.channelSku, match: l.match, channelFulfilled: l.channelFulfilled,
      seen: { quantity: l.seenQuantity, at: l.seenAt }, pushed: { quantity: l.pushedQuantity, at: l.pushedAt },
      lastChange: lastStockChange(db, name, sku, l.channelSku) ?? null,
      publishes: l.channelFulfilled || !cfg.push.stock ? null : derivation.quantity,
    }));
    const fba = mine.filter((l) => l.channelFulfilled);
    const summary = !cfg.enabled ? `${name} is disabled (enabled: false): nothing is sent.`
      : mine.length === 0 ? `not listed on ${name} yet: omni would publish ${derivation.quantity} once a listing matches ${sku}.`
        : published === null ? `${name} fulfils ${fba.map((l) => l.channelSku).join(', ')} from its own stock and counts it${countedAt(config, name, onHand)}: omni never pushes a number there.`
          : !cfg.push.stock ? `push.stock is off for ${name}: omni would publish ${derivation.quantity} but sends no stock.`
            : `${name} gets ${derivation.quantity} on ${takesNumber.map((l) => l.channelSku).join(', ')}${fba.length ? `; ${fba.map((l) => l.channelSku).join(', ')} is fulfilled by ${name} (its count, never pushed)` : ''}.`;
    return {
      channel: name, type: cfg.type, enabled: cfg.enabled, pushesStock: cfg.push.stock,
      rules: { stockFrom: eff.stockFrom, buffer: eff.buffer, allocation: eff.allocation, safetyQuantity: eff.safetyQuantity ?? 0, maxQuantity: eff.maxQuantity, sources: eff.sources },
      derivation, published, price: { masterMinor: product.priceMinor, channelMinor: channelPrice(product.priceMinor, cfg.price), currency: product.currency },
      listings: out, summary,
    };
  });
  return { sku, title: product.title, resolvedFrom, bundle: components.length ? components : null, onHand, channels };
}

function countedAt(config: Workspace['config'], channel: string, onHand: Explanation['onHand']): string {
  const loc = config.locations.find((l) => l.managed_by === channel);
  if (!loc) return '';
  return ` (${loc.code}: ${onHand.find((l) => l.location === loc.code)?.onHand ?? 0} on hand)`;
}
