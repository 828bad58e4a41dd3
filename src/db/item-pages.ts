// A big supplier re-import reads the supplier's stored items in a second thread. Walking a million
// items in supplier-sku order (ItemWalk's pages) was the largest single cost of a re-import on
// SQLite (580 ms of 2.9 s, 1% changed), and on PostgreSQL, where each page is a round trip, the main
// thread waited 2.4 s of 4.9 s for them; the row loop needs nothing else from those reads. A worker
// thread with its own read-only connection streams the pages while the main thread parses the feed,
// and counts the items in stock (the breakers' figure) on the way, instead of the main thread
// counting them in a pass of its own at the end.
//
// What the worker sees: the master as it was when the import began. It is started inside the
// import's transaction (SQLite: after BEGIN IMMEDIATE, so no other writer can commit while it
// reads; PostgreSQL: after the import's first statement, under its 'master' scope lock, in a
// REPEATABLE READ snapshot of its own), and another connection never sees the import's uncommitted
// rows. That is what ItemWalk needs of a page (the items there before); items this import inserted
// or changed are found by the main thread's own lookups (a miss in the page) or are already marked
// as seen. It is stopped before the import commits, so the commit's checkpoint is not held back by
// its snapshot.
//
// The row loop is synchronous, so the main thread takes pages with receiveMessageOnPort and sleeps
// in Atomics.wait until one is there (as db/pg/bridge.ts does); the worker stays at most AHEAD
// pages ahead. A worker that dies without a word (out of memory) cannot be heard by a waiting main
// thread: after STALLED_MS without a page the import stops with an error instead of hanging.
//
// A worker that cannot start reading (PostgreSQL refused it a connection: a managed plan's limit,
// or a role's CONNECTION LIMIT, with the chain's runners holding the rest) hands the walk back to
// the caller's own page reader, the one a smaller import uses: slower, never a failed import.
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { scrubPassword } from './pg/url.js';

/** Shared counters: pages sent, pages taken, and the main thread's request to stop. */
const SENT = 0;
const TAKEN = 1;
const STOP = 2;
/** Set by the worker once it has sent its last page (its stocked count follows). */
const ITERATED = 3;
/** Pages the worker reads ahead of the main thread: enough to keep it busy, little memory (8 × 2,048 items). */
const AHEAD = 8;
/** No page for this long from a live worker means it died silently (a page takes milliseconds). */
const STALLED_MS = 120_000;

/** `atStart`: the error came before the worker could read anything (opening the master, or a connection refused). */
type Message = { page: string[] } | { stocked: number } | { error: string; atStart?: boolean } | { closed: true };

// A CommonJS script evaluated from this string, so it runs the same under the built CLI and under
// vitest (which transforms TypeScript on the main thread only); the driver is loaded by the path
// the main thread resolved.
// Both workers start with it: posting a message, the read-ahead limit, and the end of the pages.
const PRELUDE = String.raw`
const { workerData } = require('node:worker_threads');
const { port, flags, supplier, pageSize, ahead } = workerData;
const [SENT, TAKEN, STOP, ITERATED] = [0, 1, 2, 3];
function post(m) { port.postMessage(m); Atomics.add(flags, SENT, 1); Atomics.notify(flags, SENT); }
// Waits while AHEAD messages are unread; false once the main thread asked to stop. TAKEN is read
// before STOP: close() sets STOP, then moves TAKEN, so a wait cannot miss the stop.
function mayPost() {
  for (;;) {
    const taken = Atomics.load(flags, TAKEN);
    if (Atomics.load(flags, STOP)) return false;
    if (Atomics.load(flags, SENT) - taken < ahead) return true;
    Atomics.wait(flags, TAKEN, taken);
  }
}
// ITERATED is set before the empty page (the end) is sent: a main thread that has the end finds it set.
function end(stocked) {
  Atomics.store(flags, ITERATED, 1);
  if (!mayPost()) return;
  post({ page: [] });
  post({ stocked });
}
`;

const WORKER = PRELUDE + String.raw`
const { file, sql, driverPath } = workerData;
let db;
let started = false;
try {
  const Database = require(driverPath);
  db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -2048'); // read once in order: a small cache is as fast
  started = true;
  // Each item with whether it is in stock: counted on the way, for the breakers.
  let page = [];
  let stocked = 0;
  let stopped = false;
  for (const [item, inStock] of db.prepare(sql).raw().iterate(supplier)) {
    page.push(item);
    stocked += inStock;
    if (page.length === pageSize) {
      if (!mayPost()) { stopped = true; break; }
      post({ page });
      page = [];
    }
  }
  if (!stopped && (page.length === 0 || mayPost())) {
    if (page.length > 0) post({ page });
    end(stocked);
  }
} catch (e) {
  post({ error: String(e && e.message || e), atStart: !started });
} finally {
  try { if (db) db.close(); } catch {}
  post({ closed: true });
}
`;

// PostgreSQL: the same pages over a second connection, a page per query (`LIMIT`, after the last
// key, as the main thread's walk reads them), inside one REPEATABLE READ READ ONLY transaction: one
// snapshot for the whole walk, taken after the import's first statement. The import holds its
// 'master' scope lock, so no other import writes these items meanwhile; the import's own rows
// are uncommitted, and so unseen, as on SQLite.
const PG_WORKER = PRELUDE + String.raw`
const { connectionString, first, next, pgPath } = workerData;
(async () => {
  let client;
  let started = false;
  try {
    const pg = require(pgPath);
    client = new pg.Client({ connectionString });
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    started = true;
    let stocked = 0;
    let after;
    for (;;) {
      const r = await client.query({ text: after === undefined ? first : next, values: after === undefined ? [supplier] : [supplier, after], rowMode: 'array' });
      const page = r.rows.map((row) => { stocked += Number(row[1]); return row[0]; });
      if (page.length > 0) {
        if (!mayPost()) return;
        post({ page });
      }
      if (page.length < pageSize) break;
      after = r.rows[r.rows.length - 1][2];
    }
    end(stocked);
  } catch (e) {
    post({ error: String(e && e.message || e), atStart: !started });
  } finally {
    try { if (client) await client.end(); } catch {}
    post({ closed: true });
  }
})();
`;

/** Where the worker reads: a SQLite file (WAL), or a PostgreSQL master by its URL. */
export type ItemSource = { sqlite: string } | { postgres: string };

export interface ItemPagesOptions {
  /** The expression of one item string (supplier-items.ts's ITEM). */
  item: string;
  pageSize: number;
  /**
   * The caller's own page reader, used instead when the worker cannot start reading: a PostgreSQL
   * server that refuses a second connection (a small managed plan's connection limit, or a role's
   * CONNECTION LIMIT) must not fail an import the main connection can do alone. Without it, that is an error.
   */
  fallback?: ((after: string | undefined) => string[]) | undefined;
}

export class ItemPages {
  private readonly port: MessagePort;
  private readonly flags = new Int32Array(new SharedArrayBuffer(16));
  /** Pages handed to the walk so far. */
  private pagesTaken = 0;
  /** The walk has had the empty page (the end). */
  private ended = false;
  /** The worker has said it closed its connection (its last message). */
  private closed = false;
  /** close() has run, or the worker stopped answering: nothing more is read. */
  private done = false;
  private stockedCount: number | undefined;
  /** The worker could not start; pages come from the caller's own reader (options.fallback). */
  private fellBack = false;
  private readonly fallback: ((after: string | undefined) => string[]) | undefined;

  /** Started by the caller inside its import's transaction (after its first statement on PostgreSQL). */
  constructor(private readonly source: ItemSource, private readonly supplier: string, o: ItemPagesOptions) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.fallback = o.fallback;
    const resolve = createRequire(import.meta.url).resolve;
    const shared = { port: port2, flags: this.flags, supplier, pageSize: o.pageSize, ahead: AHEAD };
    // Each item with whether it is in stock, and on PostgreSQL its key (where the next page starts).
    const select = (key: string) => `SELECT ${o.item}, CASE WHEN stock > 0 THEN 1 ELSE 0 END${key} FROM supplier_items WHERE supplier =`;
    const worker = 'sqlite' in source
      ? new Worker(WORKER, {
        eval: true,
        workerData: { ...shared, file: source.sqlite, sql: `${select('')} ? ORDER BY supplier_sku`, driverPath: resolve('better-sqlite3') },
        transferList: [port2],
      })
      : new Worker(PG_WORKER, {
        eval: true,
        workerData: {
          ...shared, connectionString: source.postgres, pgPath: resolve('pg'),
          first: `${select(', supplier_sku')} $1 ORDER BY supplier_sku LIMIT ${o.pageSize}`,
          next: `${select(', supplier_sku')} $1 AND supplier_sku > $2 ORDER BY supplier_sku LIMIT ${o.pageSize}`,
        },
        transferList: [port2],
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
    // Nothing waits for it asynchronously: it ends itself (close()), and must not keep a command alive.
    worker.unref();
  }

  /** The next page of items in supplier-sku order (ItemWalk's page(after), which asks for them in order); [] at the end. */
  page(after: string | undefined): string[] {
    if (this.fellBack) return this.fallback!(after);
    if ((after === undefined) !== (this.pagesTaken === 0)) throw new Error('ItemPages: pages are read in order, from the first');
    if (this.ended) return [];
    const m = this.next(this.pagesTaken === 0 && this.fallback !== undefined);
    if ('fellBack' in m) {
      this.fellBack = true;
      this.close();
      return this.fallback!(after);
    }
    if ('page' in m) {
      this.pagesTaken++;
      if (m.page.length === 0) this.ended = true;
      return m.page;
    }
    throw new Error(`ItemPages: a page expected, got ${Object.keys(m)[0]}`);
  }

  /**
   * The supplier's items in stock when the import began, once the worker has read them all (it
   * counts them on the way); undefined before, and the caller counts. Call it after the walk: the
   * pages still unread are passed over.
   */
  stocked(): number | undefined {
    if (this.fellBack || this.stockedCount !== undefined || this.closed || this.done || !Atomics.load(this.flags, ITERATED)) return this.stockedCount;
    for (;;) {
      const m = this.next();
      if ('stocked' in m) return (this.stockedCount = m.stocked);
      if ('closed' in m) return undefined;
    }
  }

  /** Stops the worker and waits until it has closed its connection (before the import commits). */
  close(): void {
    if (this.done) return;
    Atomics.store(this.flags, STOP, 1);
    Atomics.add(this.flags, TAKEN, 1);
    Atomics.notify(this.flags, TAKEN);
    while (!this.closed && !this.done) {
      try { this.next(); } catch { /* an error it reports on the way out changes nothing now */ }
    }
    this.done = true;
    this.port.close();
  }

  /**
   * The worker's next message, waiting for it; its error thrown, or with `mayFallBack` an error
   * from before it could read anything returned as { fellBack }.
   */
  private next(mayFallBack = false): Message | { fellBack: true } {
    let waited = 0;
    for (;;) {
      const sent = Atomics.load(this.flags, SENT);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        Atomics.add(this.flags, TAKEN, 1);
        Atomics.notify(this.flags, TAKEN);
        const m = got.message as Message;
        if ('closed' in m) this.closed = true;
        if ('error' in m) {
          if (mayFallBack && m.atStart) return { fellBack: true };
          const why = 'postgres' in this.source ? scrubPassword(m.error, this.source.postgres) : m.error;
          throw new Error(`Reading the stored items of supplier ${this.supplier} failed: ${why}`);
        }
        return m;
      }
      if (this.closed || this.done) throw new Error(`ItemPages: the reader of supplier ${this.supplier}'s items has ended`);
      if (Atomics.wait(this.flags, SENT, sent, 1000) === 'timed-out' && (waited += 1000) >= STALLED_MS) {
        this.done = true; // close() then does not wait for it again
        throw new Error(`Reading the stored items of supplier ${this.supplier} stopped answering (its thread ended); nothing was imported. Run the import again.`);
      }
    }
  }
}
