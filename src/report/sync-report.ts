// The sync report: one versioned data object (what --json prints), from which the Markdown, CSV and
// HTML renderings are made. Rendered from data only; no database, no connector.
import type { ChannelResult } from '../app/sync.js';
import { formatAmount } from '../core/money.js';
import { changeValue } from './run-json.js';

export const REPORT_FORMAT_VERSION = 2;

export interface SyncReportRow {
  channel: string;
  /** The master sku. */
  sku: string;
  /** The listing's sku on the channel (equal to sku when the channel uses the master's). */
  channelSku: string;
  /** For a stock change at one of the channel's other locations (set to 0): that omni location; else null. */
  location: string | null;
  action: string;
  /** Quantities (stock, create) and prices (minor units of the report's currency) as numbers; content hashes as text. */
  before: number | string | null;
  after: number | string | null;
  outcome: string;
  message: string;
  /** Why, in a few words: for stock the derivation ("warehouse 300 + store 200 = 500 − buffer 2 = 498"). */
  why: string;
}

/** A listing the channel showed that matches no master sku: not synced until it is mapped. */
export interface UnmatchedRow {
  channelSku: string;
  title: string | null;
  barcode: string | null;
  why: string;
}

export interface SyncReport {
  formatVersion: number;
  generatedAt: string;
  dryRun: boolean;
  /** The master's currency: price changes' before and after are minor units of it. */
  currency: string;
  channels: {
    channel: string;
    runId: number | null;
    status: string;
    summary: Record<string, number>;
    applied: Record<string, number>;
    guard: { ok: boolean; reasons: string[] } | null;
    warnings: string[];
    /** Listings that match no master sku (never pushed to); `omni listings map` fixes each. */
    unmatched: UnmatchedRow[];
    error: string | null;
    /** Changes the channel accepted (this run or before) and has not confirmed yet. */
    awaitingConfirmation: number;
  }[];
  changes: SyncReportRow[];
  /** Changes accepted in earlier runs that this run found applied, or not (rejected, never applied). */
  settled: (SyncReportRow & { runId: number })[];
}

/** Prices are minor units in the master; a person reads 49.00, not 4900. */
export function changeValueText(action: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (action === 'price' && typeof v === 'string' && /^-?\d+$/.test(v)) v = Number(v);
  if (action === 'price' && typeof v === 'number') return formatAmount(v);
  return String(v);
}

export function buildSyncReport(results: readonly ChannelResult[], dryRun: boolean, now: Date, currency: string): SyncReport {
  const changes: SyncReportRow[] = [];
  const settled: SyncReport['settled'] = [];
  for (const r of results) {
    for (const s of r.settled ?? []) {
      settled.push({ channel: r.channel, runId: s.runId, sku: s.sku, channelSku: s.channelSku ?? s.sku, location: null, action: s.action, before: null, after: changeValue(s.action, s.after), outcome: s.outcome, message: s.message ?? '', why: '' });
    }
    const outcome = new Map(r.outcomes.map((o) => [o.key, o]));
    for (const c of r.plan?.changes ?? []) {
      const o = outcome.get(c.key);
      changes.push({
        channel: r.channel, sku: c.sku, channelSku: c.channelSku ?? c.sku, location: c.location ?? null, action: c.action,
        before: changeValue(c.action, c.before), after: changeValue(c.action, c.after),
        outcome: o?.outcome ?? (r.status === 'refused' ? 'refused' : dryRun ? 'planned' : 'not sent'), message: o?.message ?? '', why: c.reason,
      });
    }
  }
  return {
    formatVersion: REPORT_FORMAT_VERSION, generatedAt: now.toISOString(), dryRun, currency,
    channels: results.map((r) => {
      const { warnings = [], unmatched = [], ...applied } = r.applied ?? { warnings: [], unmatched: [] };
      return {
        channel: r.channel, runId: r.runId, status: r.status,
        summary: { ...(r.plan?.summary ?? {}), ...r.counts },
        applied: Object.fromEntries(Object.entries(applied).filter(([, v]) => typeof v === 'number')) as Record<string, number>,
        guard: r.guard ?? null, warnings: [...warnings, ...(r.plan?.warnings ?? [])],
        unmatched: unmatched.map((u) => ({ channelSku: u.channelSku, title: u.title ?? null, barcode: u.barcode ?? null, why: u.why })),
        error: r.error ?? null,
        awaitingConfirmation: (r.awaiting?.length ?? 0) + (r.counts.accepted ?? 0),
      };
    }),
    changes,
    settled,
  };
}
