// A saved plan (`omni sync --plan-out FILE`, `omni apply FILE`), checked the way Terraform checks
// a saved plan: it records fingerprints of everything the plan was computed from (the master's
// inputs and the channel state that was read), and `apply` refuses it when either has moved since,
// saying what moved. Pure: parsing, fingerprinting a snapshot, comparing; no I/O.
import { hash } from 'node:crypto';
import type { Change, ChannelSnapshot } from './connector.js';
import type { PlanSummary } from './plan.js';
import { usageError } from './errors.js';

export const PLAN_FILE_KIND = 'omni-plan';
export const PLAN_FILE_VERSION = 1;

/** What the master looked like to the planner, as a few comparable facts (not the data itself). */
export interface MasterFingerprint {
  /** The newest ledger movement id: any stock movement since changes it. */
  lastMovementId: number;
  /** Products, bundles, listing mappings, remembered listings: "count/newest change/checksum". */
  products: string;
  bundles: string;
  listingMap: string;
  listings: string;
  /** A digest of the channel's rules, price rule and push switches in config.yaml (never its credentials). */
  config: string;
}

export interface PlanFingerprint {
  master: MasterFingerprint;
  /** A digest of what the pull read from the channel (listings, orders, counts). */
  channel: string;
}

export interface SavedChange {
  channel: string;
  sku: string;
  channelSku: string;
  location?: string | undefined;
  action: Change['action'];
  before: number | string | null;
  after: number | string;
  key: string;
  reason: string;
}

export interface SavedPlan {
  kind: typeof PLAN_FILE_KIND;
  channel: string;
  createdAt: string;
  currency: string;
  fingerprint: PlanFingerprint;
  summary: PlanSummary;
  changes: SavedChange[];
}

export function savedChange(c: Change): SavedChange {
  return { channel: c.channel, sku: c.sku, channelSku: c.channelSku, ...(c.location !== undefined ? { location: c.location } : {}), action: c.action, before: c.before, after: c.after, key: c.key, reason: c.reason };
}

function digest(value: unknown): string {
  return hash('sha256', JSON.stringify(value), 'hex').slice(0, 32);
}

/** A digest of what a pull read: equal digests mean the channel showed the same thing both times. */
export function channelFingerprint(snap: ChannelSnapshot): string {
  const listings = snap.listings.map((l) => [l.sku, l.quantity ?? null, l.priceMinor ?? null, l.contentHash ?? null, l.channelFulfilled ?? false, l.elsewhere ?? null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  // Read order by order: only these three fields of each are held (a POS export's orders are built as read).
  const orders: [string, string, string][] = [];
  for (const o of snap.orders) orders.push([o.remoteId, o.updatedAt, o.status]);
  orders.sort((a, b) => a[0].localeCompare(b[0]));
  const counts = snap.managedCounts.map((c) => [c.location, c.sku, c.quantity, c.asOf ?? null]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return digest({ listings, orders, counts });
}

export function configFingerprint(parts: unknown): string {
  return digest(parts);
}

const MASTER_LABELS: Record<keyof MasterFingerprint, string> = {
  lastMovementId: 'the stock ledger', products: 'products', bundles: 'bundles', listingMap: 'listing mappings',
  listings: 'what omni remembers of the channel\'s listings (a sync ran)', config: 'the channel\'s rules in config.yaml',
};

/** What moved in the master since the plan, one line each; empty when nothing did. */
export function masterMoved(saved: MasterFingerprint, now: MasterFingerprint): string[] {
  const out: string[] = [];
  for (const k of Object.keys(MASTER_LABELS) as (keyof MasterFingerprint)[]) {
    if (saved[k] === now[k]) continue;
    out.push(k === 'lastMovementId'
      ? `master moved since the plan: the stock ledger has movements after #${saved.lastMovementId} (now #${now.lastMovementId})`
      : `master moved since the plan: ${MASTER_LABELS[k]} changed`);
  }
  return out;
}

/** The value a change's `before` stands for, as the channel shows it now (undefined: not listed). */
function currentValue(snap: ChannelSnapshot, c: SavedChange): number | string | null | undefined {
  const l = snap.listings.find((x) => x.sku === c.channelSku);
  if (!l) return undefined;
  switch (c.action) {
    case 'stock': return c.location !== undefined ? (l.elsewhere?.[c.location] ?? 0) : (l.quantity ?? null);
    case 'price': return l.priceMinor ?? null;
    case 'content': return l.contentHash ?? null;
    case 'create': return 'listed';
  }
}

/** How the channel differs from what the plan read, one line per change whose `before` no longer holds. */
export function channelMoved(plan: SavedPlan, snap: ChannelSnapshot): string[] {
  const out: string[] = [];
  for (const c of plan.changes) {
    const now = currentValue(snap, c);
    const expected = c.action === 'create' ? undefined : c.before;
    if (now === expected || (now !== undefined && expected !== undefined && String(now) === String(expected))) continue;
    const where = c.location !== undefined ? ` at ${c.location}` : '';
    const label = c.channelSku !== c.sku ? `${c.channelSku} (${c.sku})` : c.sku;
    out.push(c.action === 'create'
      ? `channel value differs for sku ${label}: the plan would create it, but ${plan.channel} lists it now`
      : now === undefined
        ? `channel value differs for sku ${label}: ${plan.channel} no longer lists it`
        : `channel value differs for sku ${label}: ${c.action}${where} was ${String(c.before)} when planned, ${plan.channel} shows ${String(now)} now`);
  }
  if (out.length === 0 && channelFingerprint(snap) !== plan.fingerprint.channel) {
    out.push(`${plan.channel} changed since the plan (a listing, an order or a count the plan read is different now)`);
  }
  return out;
}

/** The planned changes that a plan computed now does not have, and those it has on top. */
export function plansDiffer(saved: readonly SavedChange[], now: readonly Change[]): string[] {
  const nowKeys = new Set(now.map((c) => c.key));
  const savedKeys = new Set(saved.map((c) => c.key));
  const gone = saved.filter((c) => !nowKeys.has(c.key)).map((c) => `${c.sku} ${c.action} → ${String(c.after)}`);
  const added = now.filter((c) => !savedKeys.has(c.key)).map((c) => `${c.sku} ${c.action} → ${String(c.after)}`);
  const out: string[] = [];
  if (gone.length) out.push(`planning again now would not send: ${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ` and ${gone.length - 5} more` : ''}`);
  if (added.length) out.push(`planning again now would also send: ${added.slice(0, 5).join(', ')}${added.length > 5 ? ` and ${added.length - 5} more` : ''}`);
  return out;
}

/** Reads a plan file's text; anything that is not a plan omni wrote is exit 2, naming the file. */
export function parseSavedPlan(text: string, file: string): SavedPlan {
  const bad = (why: string) => usageError(`${file} is not a plan omni can apply: ${why}.`, 'Write one with `omni sync --channel NAME --plan-out plan.json`.');
  let data: unknown;
  try { data = JSON.parse(text); } catch { throw bad('it is not JSON'); }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad('it is not a JSON object');
  const d = data as Record<string, unknown>;
  if (d.kind !== PLAN_FILE_KIND) throw bad(`"kind" is not "${PLAN_FILE_KIND}"`);
  if (d.formatVersion !== PLAN_FILE_VERSION) throw bad(`its formatVersion is ${JSON.stringify(d.formatVersion ?? null)}; this omni reads version ${PLAN_FILE_VERSION}`);
  if (typeof d.channel !== 'string' || d.channel === '') throw bad('it names no channel');
  const fp = d.fingerprint as Record<string, unknown> | undefined;
  const m = fp?.master as Record<string, unknown> | undefined;
  if (!fp || typeof fp.channel !== 'string' || !m || typeof m.lastMovementId !== 'number'
    || !(['products', 'bundles', 'listingMap', 'listings', 'config'] as const).every((k) => typeof m[k] === 'string')) throw bad('its fingerprint is missing or incomplete');
  if (!Array.isArray(d.changes)) throw bad('it has no list of changes');
  const actions = new Set(['stock', 'price', 'content', 'create']);
  d.changes.forEach((c: unknown, i) => {
    const x = c as Record<string, unknown>;
    const ok = typeof x === 'object' && x !== null && x.channel === d.channel && typeof x.sku === 'string' && typeof x.channelSku === 'string'
      && typeof x.key === 'string' && actions.has(x.action as string) && (typeof x.after === 'number' || typeof x.after === 'string')
      && (x.before === null || typeof x.before === 'number' || typeof x.before === 'string');
    if (!ok) throw bad(`change ${i + 1} is incomplete or for another channel`);
  });
  return { kind: PLAN_FILE_KIND, channel: d.channel, createdAt: String(d.createdAt ?? ''), currency: String(d.currency ?? ''), fingerprint: fp as unknown as PlanFingerprint, summary: d.summary as PlanSummary, changes: d.changes as SavedChange[] };
}
