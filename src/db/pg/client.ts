// The part of better-sqlite3's Database that drizzle's SQLite session and src/db use, answered by
// PostgreSQL through the synchronous bridge. Statements are translated once (pg/translate.ts).
// Transactions: the outermost is SERIALIZABLE and re-run when PostgreSQL reports a serialization
// failure or deadlock (the closure is synchronous and touches only the database, so re-running it
// is safe); nested ones are savepoints, as in better-sqlite3. See docs/design-notes.md.
import { PgBridge, ConnectionLost, type PgAnswer, type BridgeOptions } from './bridge.js';
import { translate } from './translate.js';
import { UserError, ExitCode } from '../../core/errors.js';

export interface RunResult { changes: number; lastInsertRowid: number }

/** PostgreSQL's SQLSTATE on an error thrown from a query, like better-sqlite3's `code`. */
export class PgError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly detail?: string, readonly sql?: string) { super(message); }
}

/**
 * The master's connection is gone (the server ended it, or the thread that talks to it died): no
 * statement can run on it any more. A person's error, not a bug: what to check, and that nothing
 * half-done was kept.
 */
export class PgConnectionLost extends UserError {
  readonly code = '08006';
  constructor(name: string, reason: string) {
    super(`The connection to the PostgreSQL master ${name} was lost: ${reason}.`, {
      exitCode: ExitCode.failed,
      hint: 'Everything committed before is kept; the transaction that was open was rolled back by the server. Check that the server runs and is reachable (`omni doctor`), then run the command again.',
    });
  }
}

/** COMMIT, END or ROLLBACK (not ROLLBACK TO a savepoint). */
const ENDS_TRANSACTION = /^\s*(commit|end|rollback)\b(?!\s+to\b)/i;
const COMMITS = /^\s*(commit|end)\b/i;
/** Committed transaction ids a connection keeps (a watch commits one every few seconds for weeks). */
const COMMITTED_KEPT = 4096;
const RETRYABLE = new Set(['40001', '40P01']);
/** Rows per FETCH from a cursor: large enough that round trips do not dominate, small in memory. */
const CURSOR_BATCH = 1000;
const MAX_ATTEMPTS = 20;

export class PgStatement {
  private rawMode = false;
  private pluckMode = false;
  constructor(private readonly db: PgDatabase, readonly source: string) {}

  raw(toggle = true): this { this.rawMode = toggle; return this; }
  pluck(toggle = true): this { this.pluckMode = toggle; return this; }
  /** No-op: integers always arrive as numbers (see bridge.ts). */
  safeIntegers(): this { return this; }

  run(...params: unknown[]): RunResult {
    const a = this.db.execute(this.source, params);
    const id = a.rows && a.rows.length > 0 && a.fields?.[0] === 'rowid' ? Number(a.rows[0]![0]) : 0;
    return { changes: a.rowCount ?? 0, lastInsertRowid: id };
  }

  all(...params: unknown[]): unknown[] {
    const a = this.db.execute(this.source, params);
    return (a.rows ?? []).map((r) => this.shape(a.fields ?? [], r));
  }

  get(...params: unknown[]): unknown {
    const a = this.db.execute(this.source, params);
    const r = a.rows?.[0];
    return r === undefined ? undefined : this.shape(a.fields ?? [], r);
  }

  /**
   * Rows in batches through a server-side cursor, so a big result (a db copy, a catalog's plan)
   * never sits whole in this process. WITH HOLD: the cursor outlives the statement's transaction,
   * so no transaction is left open by a reader that stops early or reads on after a commit (outside
   * a transaction the server keeps the result for us, spilling to disk). Closed when read to the
   * end or abandoned (`return()`, a `break`); any left over goes with the session.
   */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    if (!/^\s*(select|with|values)\b/i.test(this.source)) { yield* this.all(...params); return; }
    const name = this.db.cursorName();
    this.db.execute(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${this.source}`, params);
    let open = true;
    try {
      for (;;) {
        const a = this.db.native(`FETCH FORWARD ${CURSOR_BATCH} FROM ${name}`);
        const rows = a.rows ?? [];
        for (const r of rows) yield this.shape(a.fields ?? [], r);
        if (rows.length < CURSOR_BATCH) break;
      }
      this.db.native(`CLOSE ${name}`);
      open = false;
    } finally {
      if (open && this.db.open && !this.db.lost) {
        try { this.db.native(`CLOSE ${name}`); } catch { /* the cursor went with a rolled-back transaction */ }
      }
    }
  }

  private shape(fields: string[], row: unknown[]): unknown {
    if (this.pluckMode) return row[0];
    if (this.rawMode) return row;
    const o: Record<string, unknown> = {};
    fields.forEach((f, i) => { o[f] = row[i]; });
    return o;
  }
}

type TxFn<A extends unknown[], R> = ((...a: A) => R) & { deferred(...a: A): R; immediate(...a: A): R; exclusive(...a: A): R };

export class PgDatabase {
  private readonly bridge: PgBridge;
  private depth = 0;
  private savepoints = 0;
  private cursors = 0;
  inTransaction = false;
  readonly readonly = false;
  readonly memory = false;
  readonly engine = 'postgres' as const;

  /** With its password: for a second connection of this process only, never shown (`name` is the redacted URL). */
  readonly #connectionString: string;

  constructor(connectionString: string, readonly name: string, opts: BridgeOptions = {}) {
    this.bridge = new PgBridge(connectionString, opts);
    this.#connectionString = connectionString;
  }

  /** The URL this connection was opened with, password included, for another connection to the same master (db/item-pages.ts). */
  connectionString(): string { return this.#connectionString; }

  get open(): boolean { return !this.bridge.isClosed; }

  /** True once the connection is lost: nothing more can run on it (its locks went with it). */
  get lost(): boolean { return this.bridge.lostReason !== undefined; }

  prepare(sql: string): PgStatement { return new PgStatement(this, sql); }

  /** A name no open cursor of this session has. */
  cursorName(): string { return `omni_cursor_${++this.cursors}`; }

  exec(sql: string): this { this.execute(sql, undefined); return this; }

  /** SQLite tuning has no PostgreSQL counterpart: answered as "nothing to report". */
  pragma(_source: string, opts?: { simple?: boolean }): unknown { return opts?.simple ? 0 : []; }

  close(): void { this.bridge.close(); }

  /** SQL as written for SQLite; params bound positionally. */
  execute(sqlite: string, params: unknown[] | undefined): PgAnswer {
    const t = translate(sqlite);
    const sql = t.sql;
    const named = t.names.length > 0 && params?.length === 1 && isPlainObject(params[0]) ? params[0] as Record<string, unknown> : undefined;
    // better-sqlite3 binds an array argument as the list of positional parameters.
    const values = named ? t.names.map((k) => named[k]) : params?.length === 1 && Array.isArray(params[0]) ? params[0] as unknown[] : params;
    const a = this.ask(sql, values);
    if (!a.ok) {
      const e = a.error!;
      throw new PgError(e.message, e.code, e.detail, sql);
    }
    return a;
  }

  /** The raw PostgreSQL text, untranslated (engine-specific SQL in src/db). */
  native(sql: string, params?: unknown[]): PgAnswer {
    const a = this.ask(sql, params);
    if (!a.ok) throw new PgError(a.error!.message, a.error!.code, a.error!.detail);
    return a;
  }

  private ask(sql: string, params: unknown[] | undefined): PgAnswer {
    const commit = COMMITS.test(sql);
    // A COMMIT would end a transaction whose sent unit may have failed unseen (PostgreSQL answers
    // COMMIT in a failed transaction with a rollback, not an error): the caller settles it first.
    if (this.unit !== undefined && commit) throw new Error('a sent unit must be settled (settleUnit) before COMMIT');
    const tx = commit && this.inTransaction && !this.failedBy ? this.writingTx() : undefined;
    let a = this.bridged(() => this.bridge.query(sql, params?.map(bindable)));
    if (a.ok && a.command === 'ROLLBACK' && commit) {
      // The transaction had failed (an error caught and not rolled back to a savepoint): nothing
      // was committed, and the caller must hear so rather than report what it wrote.
      a = { ok: false, error: { message: 'the transaction had failed before its COMMIT; nothing of it was saved', code: '25P02' } };
    }
    if (a.ok && tx) this.remember(tx);
    if (this.unit !== undefined && !this.undone && this.bridge.sentFailure && !ENDS_TRANSACTION.test(sql)) {
      // A sent unit failed, so the transaction refused this statement too (25P02): the unit is
      // undone back to its savepoint and this statement runs again, as if the unit had not been sent.
      // Unless its SAVEPOINT was refused: the transaction had failed before the unit, and still has.
      if (this.undoUnit() && !a.ok && a.error?.code === '25P02') a = this.bridged(() => this.bridge.query(sql, params?.map(bindable)));
    }
    // (A COMMIT's own message says the transaction had failed; ROLLBACK is never refused.)
    if (!a.ok && a.error?.code === '25P02' && this.failedBy && !ENDS_TRANSACTION.test(sql)) a = { ok: false, error: this.causeOf(a.error) };
    this.track(sql, a.ok);
    if (!a.ok && a.error?.code !== '25P02' && this.inTransaction && !ENDS_TRANSACTION.test(sql)) this.failedBy ??= a.error;
    return a;
  }

  /**
   * The ids of the writing transactions this connection committed, oldest first (the last
   * COMMITTED_KEPT): a local run's ledger movements are those of its own transactions, since on
   * PostgreSQL other runners' movements take ids in between (db/run-ledger.ts).
   */
  private committed: string[] = [];
  private committedCount = 0;

  /** A mark to ask `committedSince` about later. */
  commitMark(): number { return this.committedCount; }

  /** The ids of the writing transactions committed since `mark`; undefined when no longer kept. */
  committedSince(mark: number): string[] | undefined {
    const back = this.committedCount - mark;
    return back > this.committed.length ? undefined : this.committed.slice(this.committed.length - back);
  }

  /** The open transaction's id if it wrote anything (one round trip, before its COMMIT). */
  private writingTx(): string | undefined {
    const r = this.bridged(() => this.bridge.query('SELECT CAST(pg_current_xact_id_if_assigned() AS text)', undefined));
    return r.ok ? (r.rows?.[0]?.[0] as string | null) ?? undefined : undefined;
  }

  private remember(tx: string): void {
    this.committed.push(tx);
    this.committedCount++;
    if (this.committed.length > COMMITTED_KEPT) this.committed.splice(0, this.committed.length - COMMITTED_KEPT);
  }

  /**
   * The error that failed the open transaction (not yet rolled back to a savepoint): what a person
   * needs when a later statement is refused only because the transaction had failed (25P02).
   */
  private failedBy: PgAnswer['error'];

  private causeOf(refusal: NonNullable<PgAnswer['error']>): NonNullable<PgAnswer['error']> {
    const c = this.failedBy;
    return c ? { ...refusal, message: `the transaction had already failed on an earlier statement: ${c.message}`, detail: c.detail } : refusal;
  }

  private bridged(fn: () => PgAnswer): PgAnswer {
    let a: PgAnswer;
    try {
      a = fn();
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
      this.inTransaction = false;
      throw new PgConnectionLost(this.name, e.reason);
    }
    if (!a.ok && a.error?.lost) {
      // The server rolled back whatever was open; nothing more can be sent on this session.
      this.inTransaction = false;
      throw new PgConnectionLost(this.name, this.bridge.lostReason ?? a.error.message);
    }
    return a;
  }

  /** The savepoint of the unit sent and not yet settled; `undone` once a failure rolled it back. */
  private unit: string | undefined;
  private undone = false;

  /**
   * Statements sent as one unit without waiting for their answers (pipelined: the server writes
   * while the caller goes on), inside a savepoint: all or none. A statement the caller runs
   * meanwhile sees the unit's work, or, if the unit failed, runs as if it had not been sent.
   * `settleUnit()` says how it went. Inside a transaction only; one unit at a time.
   */
  sendUnit(statements: readonly { sql: string; params?: unknown[]; copy?: Uint8Array }[]): void {
    if (!this.inTransaction) throw new Error('sendUnit needs a transaction');
    // Rolling back to an outer savepoint would take the unit's savepoint with it, unseen.
    if (this.depth > 0) throw new Error('sendUnit cannot run inside a nested transaction (savepoint)');
    if (this.unit !== undefined) throw new Error('a unit is already sent');
    this.unit = `omni_unit${++this.savepoints}`;
    this.undone = false;
    this.bridge.send(`SAVEPOINT ${this.unit}`);
    for (const s of statements) this.bridge.send(s.sql, s.params?.map(bindable), s.copy);
    this.bridge.send(`RELEASE SAVEPOINT ${this.unit}`);
  }

  /** Waits for the unit sent last: undefined when it was written, else its error (and nothing of it is kept). */
  settleUnit(): PgError | undefined {
    if (this.unit === undefined) return undefined;
    let savepoint: PgAnswer | undefined;
    const answers = this.bridged(() => {
      const all = this.bridge.sentAnswers();
      savepoint = all[0];
      return all.find((x) => !x.ok) ?? { ok: true };
    });
    let failed = answers.ok ? undefined : answers.error!;
    if (failed && !this.undone) this.undoUnit(savepoint);
    this.unit = undefined;
    // Refused at its SAVEPOINT: the unit's statements never ran, and the reason is what failed the transaction before it.
    if (failed && savepoint && !savepoint.ok) failed = this.causeOf(savepoint.error!);
    return failed ? new PgError(failed.message, failed.code, failed.detail) : undefined;
  }

  /**
   * Rolls the sent unit back to its savepoint; false when there is none, because the server
   * refused the SAVEPOINT itself (rolling back to it would only report it missing).
   */
  private undoUnit(savepoint = this.bridge.firstSent): boolean {
    const name = this.unit!;
    this.undone = true;
    if (savepoint && !savepoint.ok) return false;
    for (const sql of [`ROLLBACK TO SAVEPOINT ${name}`, `RELEASE SAVEPOINT ${name}`]) {
      const r = this.bridged(() => this.bridge.query(sql));
      if (!r.ok) throw new PgError(r.error!.message, r.error!.code, r.error!.detail);
    }
    return true;
  }

  private track(sql: string, ok: boolean): void {
    const head = sql.trimStart().slice(0, 20).toLowerCase();
    if (ok && (head.startsWith('begin') || head.startsWith('start transaction'))) { this.inTransaction = true; this.failedBy = undefined; }
    else if (ok && head.startsWith('rollback to')) this.failedBy = undefined;
    else if (ENDS_TRANSACTION.test(head)) {
      this.inTransaction = false;
      this.failedBy = undefined;
      // A unit sent and never settled (an import that failed midway) went with the transaction.
      this.unit = undefined;
      this.bridge.sentAnswers();
    }
  }

  transaction<A extends unknown[], R>(fn: (...a: A) => R): TxFn<A, R> {
    const run = (...args: A): R => {
      if (this.inTransaction) return this.savepoint(() => fn(...args));
      for (let attempt = 1; ; attempt++) {
        this.execute('BEGIN ISOLATION LEVEL SERIALIZABLE', undefined);
        let result: R;
        try {
          result = fn(...args);
        } catch (e) {
          if (this.inTransaction) this.execute('ROLLBACK', undefined);
          if (attempt < MAX_ATTEMPTS && RETRYABLE.has((e as PgError).code ?? '')) continue;
          throw e;
        }
        try {
          this.execute('COMMIT', undefined);
        } catch (e) {
          if (this.inTransaction) this.execute('ROLLBACK', undefined);
          if (attempt < MAX_ATTEMPTS && RETRYABLE.has((e as PgError).code ?? '')) continue;
          throw e;
        }
        return result;
      }
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run }) as TxFn<A, R>;
  }

  private savepoint<R>(fn: () => R): R {
    const name = `omni_sp${++this.savepoints}`;
    this.execute(`SAVEPOINT ${name}`, undefined);
    this.depth++;
    try {
      const r = fn();
      this.execute(`RELEASE SAVEPOINT ${name}`, undefined);
      return r;
    } catch (e) {
      // A failed transaction refuses everything until rolled back to a savepoint; one that is
      // doomed anyway (serialization failure) is rolled back whole by the outermost level. Released
      // after the rollback, so failed savepoints do not pile up as open subtransactions.
      if (this.inTransaction && !RETRYABLE.has((e as PgError).code ?? '')) {
        this.execute(`ROLLBACK TO SAVEPOINT ${name}`, undefined);
        this.execute(`RELEASE SAVEPOINT ${name}`, undefined);
      }
      throw e;
    } finally {
      this.depth--;
    }
  }
}

function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && Object.getPrototypeOf(v) === Object.prototype;
}
