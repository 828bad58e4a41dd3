// `omni sync`: pull → apply → plan → push for one or more channels, journalled.
// With several channels every pull is applied before any plan, so a sale pulled from Amazon
// lowers what Shopify is sent in the same run. A dry run applies and plans inside a transaction
// that is rolled back, and never calls push.
import type { Workspace } from './workspace.js';
import type { Connector, ChangeOutcome, ChannelSnapshot, ConnectorDeps, Logger, PendingChange } from '../core/connector.js';
import path from 'node:path';
import { breakerReasons, DEFAULT_BREAKERS } from '../core/breakers.js';
import { lastFeedImport, recordFeedImport, zeroedByCounts } from '../db/feed-imports.js';
import { quarantine } from './quarantine.js';
import { alertFeedStopped } from './feed-alert.js';
import { planChannel, type Plan } from '../core/plan.js';
import { checkGuards, type GuardVerdict } from '../core/guards.js';
import { applySnapshot, type ApplySummary } from './apply-snapshot.js';
import { createConnector } from './connectors.js';
import { lazyMap } from '../core/lazy-map.js';
import { knownListings, recordCreated, recordPushed } from '../db/listings.js';
import { readCursors } from '../db/cursors.js';
import { planInput } from '../db/plan-input.js';
import { incrementalPlanInput } from '../db/incremental-plan.js';
import { listingsSinceMark } from '../db/plan-marks.js';
import { channelRulesOf } from '../config/channel-rules.js';
import { startRun, finishRun, recordChanges, recordOutcome, markAbandonedRuns, settleChanges, supersedePending, pendingChanges, discardRun, type RunStatus } from '../db/runs.js';
import { countOutcomes, pushStatus } from '../core/outcomes.js';
import { expectAwaiting, holdBackAwaiting } from '../core/awaiting.js';
import { checkPending, type PendingState, type SettledChange } from './pending.js';
import { redactor } from '../config/redact.js';
import { changeOutOfBounds } from '../core/bounds.js';
import { isUserError } from '../core/errors.js';
import { HttpError } from '../http/client.js';
import { channelFingerprint, channelMoved, configFingerprint, masterMoved, plansDiffer, type PlanFingerprint, type SavedPlan } from '../core/saved-plan.js';
import { masterFingerprint } from '../db/plan-fingerprint.js';
import { lastMovementId, openTxs, type LedgerRange } from '../db/run-ledger.js';
import type { Config } from '../config/schema.js';

export interface SyncOptions {
  channels: readonly string[];
  dryRun: boolean;
  force: boolean;
  now?: () => Date;
  /** Handed to the connectors for their waits; tests pass a fake clock (default: real time). */
  clock?: ConnectorDeps['clock'];
  log: Logger;
  /**
   * Which channels to pull and how (omni watch). Unset: every channel, fully. A channel not named is
   * not pulled: it is planned from the state last seen and pushed to.
   */
  pulls?: Readonly<Record<string, 'full' | 'changes'>> | undefined;
  /**
   * The master skus to plan for a channel (omni watch: what moved since its last push), asked
   * after every pull is applied; undefined plans the whole channel.
   */
  affected?: ((channel: string) => readonly string[] | undefined) | undefined;
  /** Connectors kept between calls (omni watch: one login, one rate-limit budget); not closed here. */
  connectors?: Map<string, Connector> | undefined;
  /** Leave no journal entry for a channel where nothing was pulled, planned or settled (omni watch's idle cycles). */
  quiet?: boolean | undefined;
  /** Apply files a feed circuit breaker would stop (a person looked at them). */
  accept?: boolean;
  /** Where a stopped file goes (`quarantine/` beside the master); unset: left where it is. */
  quarantineDir?: string | undefined;
  /** Record what each plan was computed from (for `--plan-out`). */
  fingerprint?: boolean;
  /**
   * `omni apply`: push this saved plan, and only if the master and the channel are as they were
   * when it was made (else the channel's result is `refused` with the reasons in `stale`).
   */
  expected?: SavedPlan | undefined;
}

export interface ChannelResult {
  channel: string;
  runId: number | null;
  status: RunStatus;
  applied?: ApplySummary | undefined;
  plan?: Plan | undefined;
  guard?: GuardVerdict | undefined;
  outcomes: ChangeOutcome[];
  counts: Record<string, number>;
  error?: string | undefined;
  /** Changes of earlier runs this run found applied or not (rejected, never applied). */
  settled?: SettledChange[] | undefined;
  /** Changes the channel accepted (in this run or before) and has not confirmed yet. */
  awaiting?: PendingChange[] | undefined;
  /** What the plan was computed from (with `fingerprint`). */
  fingerprint?: PlanFingerprint | undefined;
  /** Why a saved plan was refused: what moved since it was made (with `expected`). */
  stale?: string[] | undefined;
}

/** What to do when a channel did not answer as it should. */
const HTTP_HINT = 'Check the channel\'s endpoint, credentials and network (`omni doctor`); nothing was lost: the next run picks up from here.';

const ROLLBACK = Symbol('dry-run rollback');

/** Keys of a channel block that hold credentials: never part of a fingerprint, even hashed. */
const SECRET_KEY = /token|secret|password|credential|key/i;

/** The channel's config as far as it shapes a plan (rules, price, push, locations), as a digest. */
export function channelConfigFingerprint(config: Config, name: string): string {
  const cfg = config.channels[name]!;
  const safe = Object.fromEntries(Object.entries(cfg).filter(([k]) => !SECRET_KEY.test(k)));
  return configFingerprint({ channel: safe, locations: config.locations });
}

export async function sync(ws: Workspace, opts: SyncOptions): Promise<ChannelResult[]> {
  const now = opts.now ?? (() => new Date());
  const results = new Map<string, ChannelResult>();
  const connectors = new Map<string, Connector>();
  const started = now();
  /** The ledger movements each channel's pull booked (ids after..upTo), for `omni runs undo` of a POS run. */
  const ledgers = new Map<string, LedgerRange>();
  const undoInfo = (name: string) => {
    const ledger = ledgers.get(name);
    return ledger ? { ledger, ...(ws.config.channels[name]?.type === 'pos-file' ? { undo: 'pos-sync' } : {}) } : {};
  };
  const fail = (channel: string, e: unknown, runId: number | null) => {
    // People read this at 7 a.m.: the message, not a stack (that goes to the -v log for bug reports).
    const error = redactor.redact(isUserError(e) ? [e.message, ...e.details, e.hint ?? ''].filter(Boolean).join(' ')
      : e instanceof HttpError ? `${e.message}. ${HTTP_HINT}` : e instanceof Error ? e.message : String(e));
    if (!isUserError(e) && !(e instanceof HttpError)) opts.log.debug(redactor.redact((e as Error).stack ?? String(e)));
    results.set(channel, { channel, runId, status: 'failed', outcomes: [], counts: {}, error });
    if (runId !== null) finishRun(ws.db, runId, { status: 'failed', summary: undoInfo(channel), error }, now());
    opts.log.warn(`${channel}: ${error.split('\n')[0]}`);
  };

  // 1. pull every channel (network; nothing written yet). One unreachable channel fails alone.
  const runIds = new Map<string, number | null>();
  const snapshots = new Map<string, Awaited<ReturnType<Connector['pull']>>>();
  const pending = new Map<string, PendingState>();
  /** Channels to plan: pulled, or not meant to be pulled (omni watch); a failed pull is not planned. */
  const ready: string[] = [];
  const fingerprints = new Map<string, PlanFingerprint>();
  const stale = new Map<string, string[]>();
  const expected = opts.expected;
  for (const name of opts.channels) {
    let runId: number | null = null;
    try {
      if (!opts.dryRun) {
        markAbandonedRuns(ws.db, name, now());
        runId = startRun(ws.db, name, false, started);
      }
      runIds.set(name, runId);
      const connector = opts.connectors?.get(name) ?? await createConnector(ws.config, ws.dir, name, opts.log, opts.clock);
      connectors.set(name, connector);
      opts.connectors?.set(name, connector);
      const scope = opts.pulls ? opts.pulls[name] : 'full';
      if (!scope) {
        // Not pulled: planned from the state last seen; changes still awaiting confirmation stay held back.
        pending.set(name, { settled: [], awaiting: pendingChanges(ws.db, name) });
        ready.push(name);
        continue;
      }
      (scope === 'full' ? opts.log.info : opts.log.debug)(`${name}: pulling${scope === 'full' ? '' : ' what changed'}…`);
      const snap = await connector.pull({ cursors: readCursors(ws.db, name), known: lazyMap(() => knownListings(ws.db, name)), now, log: opts.log, scope });
      const stopped = opts.accept ? [] : feedBreakers(ws, snap);
      if (stopped.length > 0) {
        if (opts.dryRun) {
          for (const s of stopped) opts.log.warn(`${name}: a feed circuit breaker would stop this: ${s}`);
        } else {
          await stopFeeds(ws, name, snap, stopped, runId, opts, now(), results);
          continue;
        }
      }
      snapshots.set(name, snap);
      if (expected?.channel === name && channelFingerprint(snap) !== expected.fingerprint.channel) stale.set(name, channelMoved(expected, snap));
      // What became of changes the channel accepted earlier (after the pull: it shows what landed).
      pending.set(name, await checkPending(ws.db, connector, { runId: runId ?? 0, now, log: opts.log }));
      ready.push(name);
    } catch (e) {
      fail(name, e, runId);
    }
  }

  // 2 + 3. apply every snapshot, then plan every channel (rolled back for a dry run).
  const plans = new Map<string, { plan: Plan; applied: ApplySummary | undefined }>();
  const applied = new Map<string, ApplySummary>();
  try {
    ws.db.transaction(() => {
      // What the plans are computed from, before any snapshot is applied (as at --plan-out time).
      if (opts.fingerprint || expected) {
        for (const [name, snap] of snapshots) {
          const fp: PlanFingerprint = { master: masterFingerprint(ws.db, name, channelConfigFingerprint(ws.config, name)), channel: channelFingerprint(snap) };
          fingerprints.set(name, fp);
          if (expected?.channel === name) {
            const moved = masterMoved(expected.fingerprint.master, fp.master);
            if (moved.length) stale.set(name, [...moved, ...(stale.get(name) ?? [])]);
          }
        }
      }
      for (const [name, snap] of snapshots) {
        settleChanges(ws.db, pending.get(name)?.settled ?? [], now());
        const after = lastMovementId(ws.db);
        applied.set(name, applySnapshot(ws.db, name, ws.config.channels[name]!, snap, now(), String(runIds.get(name) ?? `dry-${started.getTime()}`)));
        // The file is the feed's new baseline only once it is applied (rolled back with a dry run).
        for (const f of snap.feeds ?? []) recordFeedImport(ws.db, f.feed, f, now(), runIds.get(name) ?? null);
        ledgers.set(name, { after, upTo: lastMovementId(ws.db), txs: openTxs(ws.db) });
      }
      for (const name of ready) {
        const cfg = ws.config.channels[name]!;
        const rules = channelRulesOf(cfg);
        const planCreates = connectors.get(name)?.capabilities.create ?? false;
        const skus = opts.affected?.(name);
        // A watch cycle's few skus skip the pre-filter: what a channel accepted and will apply
        // counts as its value (expectAwaiting), which the SQL pre-filter cannot see. A sync plans
        // what could differ since its last plan (db/incremental-plan.ts).
        const whole = skus === undefined ? incrementalPlanInput(ws.db, name, rules, cfg.price, cfg.push, planCreates, now()) : undefined;
        const input = whole?.input ?? planInput(ws.db, name, rules, cfg.price, { push: cfg.push, skus, prefilter: false, listings: listingsSinceMark(ws.db, name) });
        const awaiting = pending.get(name)?.awaiting ?? [];
        const rows = opts.pulls && awaiting.length > 0 ? expectAwaiting(input.rows, awaiting) : input.rows;
        const full = planChannel(rows, { channel: name, push: cfg.push, planCreates, listedTotal: input.listedTotal }, now());
        // A plan made from rows rewritten with what the channel has only accepted is no baseline:
        // if a change it took as done fails, nothing in the master moves to say so. The mark
        // stays where it was (an older mark only means more to look at).
        if (rows === input.rows) whole?.saveMark(full);
        const { plan } = holdBackAwaiting(full, pending.get(name)?.awaiting ?? []);
        // The last word on a saved plan: planning again now must give exactly its changes.
        if (expected?.channel === name && !stale.has(name)) {
          const differ = plansDiffer(expected.changes, plan.changes);
          if (differ.length) stale.set(name, differ);
        }
        plans.set(name, { plan, applied: applied.get(name) });
      }
      if (opts.dryRun || stale.size > 0) throw ROLLBACK;
    });
  } catch (e) {
    ledgers.clear(); // rolled back: nothing was booked
    if (e !== ROLLBACK) {
      for (const name of ready) fail(name, e, runIds.get(name) ?? null);
      plans.clear();
    }
  }

  // 4. guard and push each channel.
  for (const [name, { plan, applied: summary }] of plans) {
    const cfg = ws.config.channels[name]!;
    let runId = runIds.get(name) ?? null;
    if (opts.quiet && runId !== null && plan.changes.length === 0 && !pending.get(name)?.settled.length && !movedAnything(summary)) {
      discardRun(ws.db, runId);
      runId = null;
    }
    const guard = checkGuards(plan.changes, plan.summary.listings, cfg.guards);
    const state = pending.get(name);
    for (const s of state?.settled ?? []) {
      if (s.outcome === 'failed') opts.log.warn(`${name}: ${s.sku}: ${s.action} → ${s.after} (accepted in run ${s.runId}) did not land: ${s.message ?? 'no reason given'}`);
    }
    const base = { channel: name, runId, applied: summary, plan, guard, settled: state?.settled, awaiting: state?.awaiting, fingerprint: fingerprints.get(name) };
    const reasons = stale.get(name);
    if (reasons) {
      // Nothing of this run was kept (the transaction rolled back): the plan is refused whole.
      const error = `The saved plan is stale: ${reasons.join('; ')}.`;
      results.set(name, { ...base, applied: undefined, status: 'refused', outcomes: [], counts: { planned: plan.changes.length }, stale: reasons, error });
      if (runId !== null) finishRun(ws.db, runId, { status: 'refused', summary: { plan: plan.summary, stale: reasons }, error }, now());
      continue;
    }
    if (runId === null && !opts.dryRun) {
      results.set(name, { ...base, status: 'ok', outcomes: [], counts: {} });
      continue;
    }
    if (opts.dryRun) {
      results.set(name, { ...base, status: 'dry-run', outcomes: [], counts: { planned: plan.changes.length } });
      continue;
    }
    if (!guard.ok && !opts.force) {
      results.set(name, { ...base, status: 'refused', outcomes: [], counts: { planned: plan.changes.length } });
      finishRun(ws.db, runId!, { status: 'refused', summary: { plan: plan.summary, applied: journalled(summary), guard, ...undoInfo(name) }, error: guard.reasons.join(' ') }, now());
      continue;
    }
    try {
      const outcomes = await push(ws, connectors.get(name)!, runId!, plan, state?.awaiting ?? [], now, opts.log);
      const counts = countOutcomes(outcomes);
      // Nothing landed is a failure (exit 1); partial (exit 3) only when some did and some did not.
      const status: RunStatus = pushStatus(counts);
      if (counts.accepted) opts.log.info(`${name}: ${counts.accepted} change(s) accepted, awaiting the channel's confirmation (the next run checks)`);
      results.set(name, { ...base, status, outcomes, counts });
      finishRun(ws.db, runId!, { status, summary: { plan: plan.summary, applied: journalled(summary), outcomes: counts, guard, ...undoInfo(name) } }, now());
    } catch (e) {
      fail(name, e, runId);
    }
  }
  if (!opts.connectors) for (const c of connectors.values()) await c.close?.();
  return opts.channels.map((n) => results.get(n)!).filter(Boolean);
}

/** What the feed circuit breakers say about the watched files of a pull (a POS count export). */
function feedBreakers(ws: Workspace, snap: ChannelSnapshot): string[] {
  const reasons: string[] = [];
  for (const f of snap.feeds ?? []) {
    const location = snap.managedCounts[0]?.location;
    const zero = location ? zeroedByCounts(ws.db, location, snap.managedCounts) : { stocked: 0, zeroed: 0 };
    reasons.push(...breakerReasons(path.basename(f.file), lastFeedImport(ws.db, f.feed), { rows: f.rows, header: f.header }, zero, ws.config.breakers ?? DEFAULT_BREAKERS));
  }
  return reasons;
}

/** A stopped pull: nothing of it is applied, its files go to quarantine, someone is told, the run is refused. */
async function stopFeeds(ws: Workspace, name: string, snap: ChannelSnapshot, reasons: string[], runId: number | null, opts: SyncOptions, at: Date, results: Map<string, ChannelResult>): Promise<void> {
  const moved = (snap.feeds ?? []).map((f) => (opts.quarantineDir ? quarantine(f.file, path.basename(f.file), opts.quarantineDir, at, true) : f.file));
  const where = opts.quarantineDir ? `moved to ${moved.join(', ')}` : `left at ${moved.join(', ')}`;
  const error = `Stopped by a feed circuit breaker, nothing applied (file ${where}): ${reasons.join('; ')}. If the file is right, put it back and run \`omni sync --channel ${name} --accept\`.`;
  results.set(name, { channel: name, runId, status: 'refused', outcomes: [], counts: {}, error });
  if (runId !== null) finishRun(ws.db, runId, { status: 'refused', summary: { breaker: { reasons, quarantined: moved } }, error }, at);
  opts.log.warn(`${name}: ${error}`);
  await alertFeedStopped(ws, `${name}`, error, runId, at);
}

async function push(ws: Workspace, connector: Connector, runId: number, plan: Plan, awaiting: readonly PendingChange[], now: () => Date, log: Logger): Promise<ChangeOutcome[]> {
  if (plan.changes.length === 0) return []; // a no-op sync sends nothing at all
  // Journal first: a crash mid-push leaves 'planned' rows that say what was in flight.
  recordChanges(ws.db, runId, plan.changes, 'planned');
  const byKey = new Map(plan.changes.map((c) => [c.key, c]));
  const waiting = new Set(awaiting.map((a) => `${a.channelSku}\u0000${a.action}`));
  const outcomes: ChangeOutcome[] = [];
  // A number beyond the sane bounds never reaches a channel or a POS import file.
  const sendable = plan.changes.filter((c) => {
    const why = changeOutOfBounds(c);
    if (!why) return true;
    const o: ChangeOutcome = { key: c.key, outcome: 'failed', message: `${c.sku}: not sent: ${why}` };
    outcomes.push(o);
    recordOutcome(ws.db, runId, c.key, 'failed', o.message);
    return false;
  });
  log.info(`${plan.channel}: pushing ${sendable.length} change(s)…`);
  for await (const o of sendable.length > 0 ? connector.push({ runId, now, log }, sendable) : []) {
    outcomes.push(o);
    const change = byKey.get(o.key);
    ws.db.transaction(() => {
      recordOutcome(ws.db, runId, o.key, o.outcome, o.message ? redactor.redact(o.message) : undefined, o.confirmBy);
      // A newer value for a sku whose older one still awaits confirmation makes the older one moot.
      if ((o.outcome === 'applied' || o.outcome === 'accepted') && change && waiting.has(`${change.channelSku}\u0000${change.action}`)) {
        supersedePending(ws.db, plan.channel, change.channelSku, change.action, runId, now());
      }
      if (o.outcome === 'applied' && change) {
        if (change.action === 'create') recordCreated(ws.db, plan.channel, change.sku, change.desired ?? { quantity: Number(change.after), priceMinor: null }, now().toISOString());
        else recordPushed(ws.db, plan.channel, change.channelSku, change.action, change.after, now().toISOString(), change.location);
      }
    });
  }
  // Anything the connector did not answer for is not known to have landed.
  const answered = new Set(outcomes.map((o) => o.key));
  for (const c of plan.changes) {
    if (!answered.has(c.key)) {
      const o: ChangeOutcome = { key: c.key, outcome: 'failed', message: 'the connector gave no outcome for this change' };
      outcomes.push(o);
      recordOutcome(ws.db, runId, c.key, 'failed', o.message);
    }
  }
  return outcomes;
}

/** A pull that booked or saw nothing new (an idle watch cycle). */
function movedAnything(a: ApplySummary | undefined): boolean {
  return !!a && (a.newOrders + a.saleMovements + a.cancelMovements + a.returnMovements + a.countMovements > 0 || a.warnings.length > 0);
}

/** The journal keeps counts: the unmatched listings themselves are in the report and `omni listings unmatched`. */
function journalled(a: ApplySummary | undefined): (Omit<ApplySummary, 'unmatched'> & { unmatched: number }) | undefined {
  return a && { ...a, unmatched: a.unmatched.length };
}
