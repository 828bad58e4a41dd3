// PostgreSQL, called synchronously. omni's data layer is synchronous (better-sqlite3's shape, which
// drizzle's SQLite session drives); PostgreSQL's client is asynchronous. Rather than make every
// function above src/db async for one engine, the `pg` driver runs in a worker thread and the main
// thread waits for each answer: the request goes over a MessageChannel, the worker wakes the main
// thread through a SharedArrayBuffer (Atomics.wait/notify), and the answer is read off the port with
// receiveMessageOnPort. One connection per opened master, so one session: transactions, savepoints
// and advisory locks behave as they would on a plain connection.
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** What the worker sends back for one request. */
export interface PgAnswer {
  ok: boolean;
  fields?: string[];
  rows?: unknown[][];
  rowCount?: number | null;
  command?: string;
  error?: { message: string; code?: string; detail?: string; hint?: string };
}

// The worker is a CommonJS script evaluated from this string, so it runs the same under the built
// CLI and under vitest (which transforms TypeScript only on the main thread). `pg` is loaded by
// the absolute path the main thread resolved: an eval'd worker would resolve it from the cwd.
const WORKER = String.raw`
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { port, flag, connectionString } = workerData;
const types = pg.types;
// Integers are bounded far below 2^53 (core/bounds.ts): bigint columns read as plain numbers.
types.setTypeParser(20, (v) => Number(v));
types.setTypeParser(1700, (v) => Number(v));
// SQLite answers comparisons with 1/0; so does this session, so the code reads one shape.
types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
const client = new pg.Client({ connectionString });
// JIT off: omni's statements are short, and compiling the plan's one big query took longer
// (1.4 s of 2.8 s at 100k listings) than running it.
let ready = client.connect().then(() => client.query("SET client_min_messages = warning; SET jit = off"));
let broken;
client.on('error', (e) => { broken = e; });
function answer(a) {
  port.postMessage(a);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function failure(e) {
  return { ok: false, error: { message: String(e && e.message || e), code: e && e.code, detail: e && e.detail, hint: e && e.hint } };
}
port.on('message', async (req) => {
  try {
    await ready;
    if (broken) throw broken;
    if (req.op === 'close') { await client.end(); answer({ ok: true }); port.close(); return; }
    const q = req.params ? { text: req.sql, values: req.params, rowMode: 'array' } : { text: req.sql, rowMode: 'array' };
    const r = await client.query(q);
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    answer({ ok: true, fields: (last.fields || []).map((f) => f.name), rows: last.rows || [], rowCount: last.rowCount, command: last.command });
  } catch (e) {
    answer(failure(e));
  }
});
`;

export class PgBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private closed = false;

  constructor(connectionString: string) {
    const { port1, port2 } = new MessageChannel();
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { port: port2, flag: this.flag, connectionString, pgPath },
      transferList: [port2],
    });
    // The worker never keeps a finished command alive; closing the master ends it.
    this.worker.unref();
    this.port = port1;
  }

  /** One statement (or, without params, a script of several), answered before this returns. */
  query(sql: string, params?: unknown[]): PgAnswer {
    if (this.closed) throw new Error('The PostgreSQL connection is closed.');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ op: 'query', sql, params });
    return this.wait();
  }

  close(): void {
    if (this.closed) return;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ op: 'close' });
    try { this.wait(); } finally {
      this.closed = true;
      this.port.close();
      void this.worker.terminate();
    }
  }

  get isClosed(): boolean { return this.closed; }

  private wait(): PgAnswer {
    for (;;) {
      // Woken by the worker; the timeout only lets a dead worker be noticed rather than hang.
      Atomics.wait(this.flag, 0, 0, 1000);
      const m = receiveMessageOnPort(this.port);
      if (m) return m.message as PgAnswer;
      if (Atomics.load(this.flag, 0) === 1) continue;
    }
  }
}
