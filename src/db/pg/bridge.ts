// PostgreSQL, called synchronously. omni's data layer is synchronous (better-sqlite3's shape, which
// drizzle's SQLite session drives); PostgreSQL's client is asynchronous. Rather than make every
// function above src/db async for one engine, the `pg` driver runs in a worker thread and the main
// thread waits for each answer: the request goes over a MessageChannel, the worker wakes the main
// thread through a SharedArrayBuffer (Atomics.wait/notify), and the answer is read off the port with
// receiveMessageOnPort. One connection per opened master, so one session: transactions, savepoints
// and advisory locks behave as they would on a plain connection.
//
// A waiting main thread cannot hear a Worker's 'exit' event (its event loop is blocked), so a small
// watcher thread, started beside the pg worker, holds one end of a lifeline whose other end the pg
// worker holds: when the pg worker ends (an uncaught error, process.exit, out of memory) its end
// closes, and the watcher posts why (the exit code and error the pg worker told it first, when it
// could), marks the connection dead in the shared flags and wakes the main thread, which then
// throws instead of waiting forever. The two threads start at once: a supervisor thread that
// started the pg worker itself (to hear its 'exit') made every open wait for two thread starts in
// a row, ~55 ms of the ~155 ms before the first answer. A connection the server ends (shutdown,
// pg_terminate_backend, network reset) fails the query in flight and every later one the same way.
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** What the worker sends back for one request. */
export interface PgAnswer {
  ok: boolean;
  fields?: string[];
  rows?: unknown[][];
  rowCount?: number | null;
  command?: string;
  error?: { message: string; code?: string; detail?: string; hint?: string; lost?: boolean };
}

/** Shared flags: [ANSWERED] is set (and notified) for each answer or on death; [DEAD] once the pg worker has ended. */
const ANSWERED = 0;
const DEAD = 1;

/** The pg worker thread ended (crash, exit) or the server ended its connection: no answer will come. */
export class ConnectionLost extends Error {
  constructor(readonly reason: string) { super(reason); }
}

// The worker is a CommonJS script evaluated from this string, so it runs the same under the built
// CLI and under vitest (which transforms TypeScript only on the main thread). `pg` is loaded by
// the absolute path the main thread resolved: an eval'd worker would resolve it from the cwd.
const WORKER = String.raw`
const { workerData } = require('node:worker_threads');
const { port, flag, connectionString, lifeline } = workerData;
// How this thread ends, told to the watcher before its end of the lifeline closes.
process.on('uncaughtException', (e) => { lifeline.postMessage({ message: String(e && e.message || e) }); process.exit(1); });
process.on('exit', (code) => { lifeline.postMessage({ code }); });
// pg asks whether it runs in a Cloudflare Worker: on Node 20, which has no navigator, by making a
// fetch Response, which loads Node's fetch into this thread (20-25 ms of every open).
if (typeof navigator === 'undefined') globalThis.navigator = { userAgent: 'Node.js' };
const pg = require(workerData.pgPath);
let closing = false;
const types = pg.types;
// Integers are bounded far below 2^53 (core/bounds.ts): bigint columns read as plain numbers.
types.setTypeParser(20, (v) => Number(v));
types.setTypeParser(1700, (v) => Number(v));
// SQLite answers comparisons with 1/0; so does this session, so the code reads one shape.
types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
// JIT off: omni's statements are short, and compiling the plan's one big query took longer
// (1.4 s of 2.8 s at 100k listings) than running it.
// Keepalives both ways: a runner whose machine loses power or network sends no FIN, and without
// them the server keeps its session, and so its advisory locks (a channel, a job), for the system
// default of over two hours. With them the server gives such a session up within about a minute
// (30 s idle, then 3 probes 10 s apart), releasing its locks. This side's socket probes a silent
// server too (after 30 s idle; the system's probe interval decides when it gives up).
const client = new pg.Client({ connectionString, keepAlive: true, keepAliveInitialDelayMillis: 30000 });
let ready = client.connect().then(() => client.query(
  "SET client_min_messages = warning; SET jit = off; SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3"));
let broken;
client.on('error', (e) => { broken = e; });
client.on('end', () => { if (!closing && !broken) broken = new Error('the server closed the connection'); });
function answer(a) {
  port.postMessage(a);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
// Server shutdown / terminated backend (57P0x), connection failures (08xxx), or the socket gone.
const LOST = /^(57P0[123]|08)/;
function failure(e) {
  const lost = Boolean(broken) || LOST.test(String(e && e.code || '')) || /Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(String(e && e.message || ''));
  return { ok: false, error: { message: String(e && e.message || e), code: e && e.code, detail: e && e.detail, hint: e && e.hint, lost } };
}
// One request at a time, in the order sent: the main thread may send several before it reads
// an answer (pipelined writes), and pg's own queue of several is deprecated.
let chain = Promise.resolve();
port.on('message', (req) => { chain = chain.then(() => serve(req)); });
async function serve(req) {
  try {
    await ready;
    if (broken) throw broken;
    if (req.op === 'close') { closing = true; await client.end(); answer({ ok: true }); port.close(); return; }
    if (req.op === 'copy') {
      const rowCount = await copyIn(req.sql, req.data);
      answer({ ok: true, fields: [], rows: [], rowCount, command: 'COPY' });
      return;
    }
    const q = req.params ? { text: req.sql, values: req.params, rowMode: 'array' } : { text: req.sql, rowMode: 'array' };
    const r = await client.query(q);
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    answer({ ok: true, fields: (last.fields || []).map((f) => f.name), rows: last.rows || [], rowCount: last.rowCount, command: last.command });
  } catch (e) {
    answer(failure(e));
  }
}
// COPY … FROM STDIN with the whole text in one message: a query object pg's Client runs like its
// own (submit, then the server's CopyInResponse asks for the data), as pg-copy-streams does.
function copyIn(sql, data) {
  return new Promise((resolve, reject) => {
    let rowCount = 0;
    client.query({
      submit(connection) { connection.query(sql); },
      handleCopyInResponse(connection) { connection.sendCopyFromChunk(Buffer.from(data.buffer, data.byteOffset, data.byteLength)); connection.endCopyFrom(); },
      handleCommandComplete(msg) { rowCount = Number(/\d+$/.exec(msg.text || '') || 0); },
      handleReadyForQuery() { resolve(rowCount); },
      handleError(e) { reject(e); },
      handleRowDescription() {}, handleDataRow() {}, handleEmptyQuery() {}, handleCopyData() {}, handlePortalSuspended() {},
    });
  });
}
`;

// The watcher: hears the pg worker's end on the lifeline and reports it (exit code, uncaught error)
// to the main thread, which may be blocked in Atomics.wait and so cannot see the event itself.
const WATCHER = String.raw`
const { workerData } = require('node:worker_threads');
const { lifeline, flag, death } = workerData;
let code;
let message;
lifeline.on('message', (m) => { if (m.code !== undefined) code = m.code; if (m.message !== undefined) message = m.message; });
lifeline.on('close', () => {
  // Its end closed with no word from it: it ran no JavaScript to the end (out of memory).
  death.postMessage(code === undefined && message === undefined ? { message: 'it stopped without a word, most likely out of memory' } : { code, message });
  Atomics.store(flag, 1, 1);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  death.close();
});
`;

export interface BridgeOptions {
  /** The `pg` module's path (the driver is a dependency: a test can give one that crashes). */
  pgPath?: string;
}

export class PgBridge {
  private readonly threads: Worker[];
  private readonly port: MessagePort;
  private readonly death: MessagePort;
  private readonly flag: Int32Array;
  private closed = false;
  private lost: string | undefined;

  constructor(connectionString: string, opts: BridgeOptions = {}) {
    const { port1, port2 } = new MessageChannel();
    const deathChannel = new MessageChannel();
    const lifeline = new MessageChannel();
    this.flag = new Int32Array(new SharedArrayBuffer(8));
    const pgPath = opts.pgPath ?? createRequire(import.meta.url).resolve('pg');
    this.threads = [
      new Worker(WATCHER, {
        eval: true,
        workerData: { lifeline: lifeline.port1, flag: this.flag, death: deathChannel.port2 },
        transferList: [lifeline.port1, deathChannel.port2],
      }),
      new Worker(WORKER, {
        eval: true,
        workerData: { port: port2, flag: this.flag, connectionString, pgPath, lifeline: lifeline.port2 },
        transferList: [port2, lifeline.port2],
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      }),
    ];
    // The threads never keep a finished command alive; closing the master ends them. Their 'error'
    // events come (if ever) after the watcher has told the main thread why: heard, not thrown again.
    for (const t of this.threads) { t.unref(); t.on('error', () => {}); }
    this.port = port1;
    this.death = deathChannel.port1;
  }

  /** One statement (or, without params, a script of several), answered before this returns. */
  query(sql: string, params?: unknown[]): PgAnswer {
    this.post({ op: 'query', sql, params });
    this.collectSent();
    return this.next();
  }

  /**
   * Sends without waiting (`COPY … FROM STDIN` when `copyData` is given): the server runs it while
   * this thread goes on, before anything sent later. Its answer is read by `sentAnswers()` or by
   * the next `query()` (which keeps it for `sentAnswers()`).
   */
  send(sql: string, params?: unknown[], copyData?: Uint8Array): void {
    if (copyData === undefined) this.post({ op: 'query', sql, params });
    else {
      // Moved to the worker, not copied (the caller gives it up): unless it shares its memory with something else.
      const whole = copyData.byteOffset === 0 && copyData.buffer instanceof ArrayBuffer;
      this.post({ op: 'copy', sql, data: copyData }, whole ? [copyData.buffer as ArrayBuffer] : []);
    }
    this.sent++;
  }

  /** The answers of everything sent so far, in the order sent (waits for those not yet in). */
  sentAnswers(): PgAnswer[] {
    this.collectSent();
    const a = this.answered;
    this.answered = [];
    return a;
  }

  /** The answer to the first statement sent (and read) since the answers were last taken, if any. */
  get firstSent(): PgAnswer | undefined { return this.answered[0]; }

  /** The first failed answer among those sent and read so far, if any. */
  get sentFailure(): PgAnswer | undefined { return this.answered.find((a) => !a.ok); }

  private sent = 0;
  private answered: PgAnswer[] = [];

  private post(req: { op: string; sql: string; params?: unknown[] | undefined; data?: Uint8Array }, transfer: ArrayBuffer[] = []): void {
    if (this.closed) throw new Error('The PostgreSQL connection is closed.');
    if (this.lost !== undefined) throw new ConnectionLost(this.lost);
    this.port.postMessage(req, transfer);
  }

  private collectSent(): void {
    for (; this.sent > 0; this.sent--) this.answered.push(this.next());
  }

  private next(): PgAnswer {
    const a = this.wait();
    if (!a.ok && a.error?.lost) this.lost = `the server ended the connection (${a.error.message})`;
    return a;
  }

  close(): void {
    if (this.closed) return;
    try {
      if (this.lost === undefined && Atomics.load(this.flag, DEAD) === 0) {
        this.collectSent();
        this.port.postMessage({ op: 'close' });
        this.wait();
      }
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
    } finally {
      this.closed = true;
      this.port.close();
      this.death.close();
      for (const t of this.threads) void t.terminate();
    }
  }

  get isClosed(): boolean { return this.closed; }

  /** Why the connection is gone, once it is (the thread ended or the server ended the session). */
  get lostReason(): string | undefined { return this.lost; }

  private wait(): PgAnswer {
    for (;;) {
      // Cleared before looking, so an answer posted after the look still wakes the wait below
      // (and one already read does not make it spin).
      Atomics.store(this.flag, ANSWERED, 0);
      const m = receiveMessageOnPort(this.port);
      if (m) return m.message as PgAnswer;
      if (Atomics.load(this.flag, DEAD) === 1) {
        // An answer posted just before the end still counts.
        const last = receiveMessageOnPort(this.port);
        if (last) return last.message as PgAnswer;
        const d = receiveMessageOnPort(this.death)?.message as { code?: number; message?: string } | undefined;
        const why = [d?.code !== undefined ? `exit code ${d.code}` : '', d?.message ?? ''].filter(Boolean).join(': ');
        this.lost = `its worker thread ended (${why || 'exit code ?'})`;
        throw new ConnectionLost(this.lost);
      }
      // Woken by an answer or by the watcher on the worker's end; the timeout is only a backstop.
      Atomics.wait(this.flag, ANSWERED, 0, 5000);
    }
  }
}
