// The incremental plan: a channel's plan looks only at the skus that could differ since its last
// committed plan, instead of every listing's stock (a million listings read to find the 1% that
// differ). Exact, not a guess: the SQL pre-filter (plan-input.ts) is a function of a sku's own
// rows (its product, stock levels and listings) and the channel's rules, so a sku whose rows did
// not change since a plan that let it out would be let out again. What could differ is then
//   - every sku touched since the mark (plan_touches, filled by triggers on stock_levels, products
//     and channel_listings: no write path can forget it),
//   - every sku the last plan changed or warned about (its changes may not have landed: a guard,
//     a failure; a sku the plan left alone is left alone again while its rows stay as they were),
//   - every bundle, now and at the last plan (its number follows its parts; one that stopped
//     being a bundle takes its number from its own stock: bundle_components has no trigger).
// The mark is written in sync's transaction, so a dry run or a rolled-back sync leaves it as it
// was. Anything unusual plans everything: no mark yet, other rules, a mark older than a day, the
// triggers missing (a later migration that rebuilt a table), or too many candidates to gain.
// On PostgreSQL the mark also keeps how many listings the channel had, and the listing triggers
// record each insert's, delete's and move's change to it: the next plan adds those instead of
// counting a million listings (0.4–0.7 s there; SQLite counts them in tens of ms, keeps no count).
import { createHash } from 'node:crypto';
import { pgClient, type Db } from './open.js';
import { readCursors, writeCursors } from './cursors.js';
import { afterMark, markOf, rowsOf, type QueueMark } from './queue-mark.js';

const MARK = 'plan_touch';
const SNAPSHOT = 'plan_touch_snapshot';
const RULES = 'plan_rules';
const PENDING = 'plan_pending';
const AT = 'plan_at';
const LISTINGS = 'plan_listings';
const KEYS = [MARK, SNAPSHOT, RULES, PENDING, AT, LISTINGS];

/** A full plan at least this often, whatever the marks say (a safety net that costs one full read a day). */
export const FULL_PLAN_EVERY_MS = 24 * 3600_000;
/** Past this many skus let through, no mark is kept: the next plan reads everything anyway. */
const MAX_PENDING = 50_000;
/** Past this many skus that could differ, the plan reads everything (cheaper per listing). */
const MAX_CANDIDATES = 50_000;
/** The triggers migration 0011 / PG 0006 creates (three tables, three events), and PG 0007's moved listing. */
const TRIGGERS = { sqlite: 9, postgres: 10 };

export interface PlanMark {
  /** Where plan_touches stood when the plan read the master. */
  touch: QueueMark;
  /** The rules the plan was made with (planRulesKey). */
  rules: string;
  /** The master skus the plan changed or warned about: the next plan looks at them again (their changes may not have landed). */
  pending: string[];
  /** When the last plan of everything was made. */
  at: string;
  /** PostgreSQL: the channel's listings the plan counted (matched or not); the next plan adds the changes since. */
  listings?: number | undefined;
}

/** What a plan depends on besides the master's rows, as one string: another key plans everything. */
export function planRulesKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify({ v: 1, parts })).digest('hex').slice(0, 32);
}

/** Whether every trigger that fills plan_touches is there (a table rebuilt by a later migration loses its triggers). */
export function touchTriggersPresent(db: Db): boolean {
  if (pgClient(db)) return Number(rowsOf(db, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'plan_touch_%' AND NOT tgisinternal", [])[0]![0]) === TRIGGERS.postgres;
  return db.$client.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'plan_touch_%'").pluck().get() === TRIGGERS.sqlite;
}

export function readPlanMark(db: Db, channel: string): PlanMark | undefined {
  const c = readCursors(db, channel);
  if (c[MARK] === undefined || c[RULES] === undefined || c[PENDING] === undefined || c[AT] === undefined) return undefined;
  const kept = keptWithMark(c[LISTINGS], c[MARK]);
  return {
    touch: { id: Number(c[MARK]), snapshot: c[SNAPSHOT], ...(kept.tx ? { tx: kept.tx } : {}) },
    rules: c[RULES], pending: JSON.parse(c[PENDING]) as string[], at: c[AT], listings: kept.listings,
  };
}

/**
 * What PostgreSQL keeps beside a mark, as `mark:count:tx`: the listing count its plan saw and the
 * marking transaction's own id (queue-mark.ts), both only when kept with the mark now saved (a
 * count from an older mark would be added to from the wrong place). `mark:count` is an older
 * omni's count, kept without the transaction's own changes, whose next plan adds them as after the
 * mark: read the same way, with no id. (And an older omni finds no count in `mark:count:tx`, and
 * counts.)
 */
function keptWithMark(kept: string | undefined, mark: string): { listings?: number; tx?: string } {
  const m = kept === undefined ? null : /^(\d+):(-?\d+)(?::(\d*))?$/.exec(kept);
  if (!m || m[1] !== mark) return {};
  return { listings: Number(m[2]), ...(m[3] ? { tx: m[3] } : {}) };
}

/**
 * The advisory lock (PostgreSQL) a plan holds, shared, from taking its mark to its commit, and the
 * pruning takes alone: a plan whose mark is not saved yet may need touches older than every saved
 * mark. It covers a plan from its mark on; before that (sync's transaction took its snapshot at
 * its first statement), a prune that removes touches the plan's snapshot cannot see conflicts with
 * the plan under SERIALIZABLE (the plan read those rows' range, the prune read the marks the plan
 * writes), and one of the two is re-run. SQLite has one writer at a time.
 */
const MARKING = 0x6f6d6e69706c616en; // "omniplan"

/** Where plan_touches stands now: taken before the plan reads the master, in its transaction. */
export function touchMark(db: Db): QueueMark {
  pgClient(db)?.native('SELECT pg_advisory_xact_lock_shared($1)', [MARKING.toString()]);
  return markOf(db, 'plan_touches');
}

export interface PlanCandidates {
  /** The master skus that could differ, sorted. */
  skus: string[];
  /** When the channel's last plan of everything was made. */
  fullAt: string;
  /** PostgreSQL: the channel's listings now (its mark's count and the changes since), or undefined: count them. */
  listings?: number | undefined;
}

/**
 * The master skus a channel's next plan must look at, and when it last planned everything;
 * undefined: plan everything. `rules`: the key of the rules it plans with now.
 */
export function planCandidates(db: Db, channel: string, rules: string, now: Date,
  { maxSkus = MAX_CANDIDATES, bundles = bundleSkus(db) }: { maxSkus?: number; bundles?: readonly string[] } = {}): PlanCandidates | undefined {
  const m = readPlanMark(db, channel);
  if (!m || m.rules !== rules || now.getTime() - Date.parse(m.at) >= FULL_PLAN_EVERY_MS || !touchTriggersPresent(db)) return undefined;
  const since = touchesSince(db, channel, m.touch);
  const skus = [...new Set([...since.skus, ...m.pending, ...bundles])];
  // Looked up one by one, a sku costs ~10–20× what it costs in a full read: after a seed or a big
  // import, reading everything is faster.
  if (skus.length > maxSkus) return undefined;
  const listings = m.listings !== undefined && pgClient(db) ? m.listings + since.listings : undefined;
  return { skus: skus.sort(), fullAt: m.at, listings };
}

/**
 * The skus touched after `mark` (unless `skus` is false: omni watch needs only the count), and the
 * change in `channel`'s number of listings since, in one read of the touches (a second read for the
 * count cost as much again: 0.1 s at 20k touches in a table a big import's pruned touches had grown
 * to 26k pages). PostgreSQL answers with one row, the skus as one JSON text: 20,000 rows took
 * ~90 ms more to parse, hand across threads and collect than the query took to run.
 */
function touchesSince(db: Db, channel: string, mark: QueueMark, { skus = true } = {}): { skus: string[]; listings: number } {
  const a = afterMark(db, mark);
  // '': a change in the number of an unmatched listing's channel, not a sku.
  if (!pgClient(db)) {
    // SQLite keeps no count.
    return { skus: rowsOf(db, `SELECT DISTINCT sku FROM plan_touches WHERE sku <> '' AND ${a.where}`, a.params).map((r) => r[0] as string), listings: 0 };
  }
  const touched = skus ? `coalesce(CAST(json_agg(DISTINCT sku) FILTER (WHERE sku <> '') AS text), '[]')` : `'[]'`;
  const sql = `SELECT ${touched}, coalesce(sum(listings) FILTER (WHERE channel = $${a.params.length + 1}), 0)
    FROM plan_touches WHERE ${a.where}`;
  const [list, listings] = withoutSeqScan(db, () => rowsOf(db, sql, [...a.params, channel]))[0]!;
  return { skus: JSON.parse(list as string) as string[], listings: Number(listings) };
}

/**
 * Runs `read` with PostgreSQL's sequential scans off, for the rest of the transaction only, then
 * as they were. plan_touches is a queue read at its tail, through its keys. After a big prune (a
 * seed's million touches, gone at the next sync) the table keeps its pages until the rows at its
 * tail go too; the planner, which takes rows to be spread over every page, then reads all of them
 * (26,000 pages, 0.1 s) instead of the few the index points at (250 pages, 26 ms).
 */
function withoutSeqScan<T>(db: Db, read: () => T): T {
  const before = rowsOf(db, "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)", [])[0]![0];
  // A failed read ends the transaction, and the setting with it.
  const value = read();
  rowsOf(db, "SELECT set_config('enable_seqscan', $1, true)", [before]);
  return value;
}

/**
 * PostgreSQL: the channel's listings now, from the count its plan mark kept and the changes
 * since, as the plan adds them (omni watch plans a few skus between syncs and needs the whole
 * channel's number); undefined (count them) without such a mark or with a trigger missing. The
 * rules and the mark's age do not matter to a count, and a saved mark's touches are never pruned.
 */
export function listingsSinceMark(db: Db, channel: string): number | undefined {
  if (!pgClient(db)) return undefined;
  const m = readPlanMark(db, channel);
  if (!m || m.listings === undefined || !touchTriggersPresent(db)) return undefined;
  return m.listings + touchesSince(db, channel, m.touch, { skus: false }).listings;
}

/** Every bundle's sku (its number follows its parts: always looked at). */
export function bundleSkus(db: Db): string[] {
  return db.$client.prepare('SELECT DISTINCT bundle_sku FROM bundle_components').pluck().all() as string[];
}

/** Remembers the plan just made (in sync's transaction); too many skus let through keeps no mark. */
export function savePlanMark(db: Db, channel: string, m: PlanMark, now: Date): void {
  if (m.pending.length > MAX_PENDING) { clearPlanMarks(db, channel); return; }
  writeCursors(db, channel, {
    [MARK]: String(m.touch.id), [SNAPSHOT]: m.touch.snapshot ?? '', [RULES]: m.rules, [PENDING]: JSON.stringify(m.pending), [AT]: m.at,
  }, now);
  // The count names its mark: kept with this mark, or none (a count from an older mark, or one an
  // older omni moved without a count, would be added to from the wrong place). With it, the
  // transaction's own id: its changes before the mark (a pull that found new listings) are in the
  // count, and the next plan leaves them out of what came after.
  if (m.listings !== undefined && pgClient(db)) writeCursors(db, channel, { [LISTINGS]: `${m.touch.id}:${m.listings}:${m.touch.tx ?? ''}` }, now);
  else db.$client.prepare('DELETE FROM cursors WHERE channel = ? AND name = ?').run(channel, LISTINGS);
}

/** Forgets a channel's mark (its next plan reads everything); every channel's when `channel` is undefined. */
export function clearPlanMarks(db: Db, channel?: string): void {
  const keys = KEYS.map(() => '?').join(', ');
  if (channel === undefined) db.$client.prepare(`DELETE FROM cursors WHERE name IN (${keys})`).run(...KEYS);
  else db.$client.prepare(`DELETE FROM cursors WHERE channel = ? AND name IN (${keys})`).run(channel, ...KEYS);
}

/**
 * For a big seed on SQLite (a supplier import with --create-new, past the point where it sets the
 * products' indexes aside): sets aside the trigger that records each new product for the next plan, until `restore()`
 * brings it back and forgets every channel's mark instead. Past MAX_CANDIDATES new skus the next
 * plans read everything anyway, so a million touches (one more row and B-tree insert per product)
 * would buy nothing. Inside the import's transaction: nobody sees the trigger missing, and a
 * rollback (a dry run, a refused file) brings back the trigger and the marks as they were.
 * PostgreSQL keeps its trigger: its DROP would lock the products against every reader until the
 * commit, and the trigger fires once per statement there, not per row.
 */
export function setProductTouchesAside(db: Db): { restore(): void } | undefined {
  if (pgClient(db)) return undefined;
  const c = db.$client;
  if (!c.inTransaction) throw new Error('setProductTouchesAside needs a transaction');
  const sql = c.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(PRODUCT_INSERT_TOUCH) as string | undefined;
  if (sql === undefined) return undefined; // already missing: every plan reads everything (touchTriggersPresent)
  c.exec(`DROP TRIGGER ${PRODUCT_INSERT_TOUCH}`);
  return {
    restore() {
      c.exec(sql);
      clearPlanMarks(db);
    },
  };
}

/** The trigger (migration 0011) that records a new product's sku in plan_touches. */
export const PRODUCT_INSERT_TOUCH = 'plan_touch_products_insert';

/**
 * Drops the touches every channel's mark has passed, and marks older than the full-plan interval
 * (a channel no longer synced must not keep the table growing; its next plan reads everything).
 * PostgreSQL: only touches of transactions every mark's snapshot saw.
 */
export function pruneTouches(db: Db, now: Date): void {
  const old = new Date(now.getTime() - FULL_PLAN_EVERY_MS).toISOString();
  const stale = db.$client.prepare(`SELECT channel FROM cursors WHERE name = ? AND value < ?`).pluck().all(AT, old) as string[];
  for (const ch of stale) clearPlanMarks(db, ch);
  const marks = (db.$client.prepare(`SELECT channel, value FROM cursors WHERE name = ?`).all(MARK) as { channel: string; value: string }[]);
  // No mark: every next plan reads everything (the ids keep counting: AUTOINCREMENT, bigserial).
  const lowest = marks.length ? Math.min(...marks.map((m) => Number(m.value))) : Number.MAX_SAFE_INTEGER;
  if (pgClient(db)) {
    // Another plan between its mark and its commit: prune next time.
    if (!rowsOf(db, 'SELECT pg_try_advisory_xact_lock($1)', [MARKING.toString()])[0]![0]) return;
    const snaps = (db.$client.prepare(`SELECT value FROM cursors WHERE name = ? AND value <> ''`).pluck().all(SNAPSHOT) as string[]);
    // Below every mark's id and of a transaction older than every mark's snapshot's oldest running one.
    const xmin = snaps.length ? `AND tx < (SELECT min(pg_snapshot_xmin(CAST(s AS pg_snapshot))) FROM unnest(CAST($2 AS text[])) s)` : '';
    // (With no mark at all, every touch committed so far goes: nothing is reading from one.)
    rowsOf(db, `DELETE FROM plan_touches WHERE id <= $1 ${xmin}`, snaps.length ? [lowest, snaps] : [lowest]);
    return;
  }
  db.$client.prepare('DELETE FROM plan_touches WHERE id <= ?').run(lowest);
}
