// The synchronous PostgreSQL client never hangs its caller on a dead connection: when the worker
// thread that talks to the server dies, or the server ends the session while a statement waits,
// the waiting call ends with a person's error, and so does every later one. No sleeps: each case
// is driven by the event itself (a thread's exit, a backend seen waiting in pg_stat_activity).
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PgDatabase, PgConnectionLost } from '../../src/db/pg/client.js';
import { ENGINES, pgDatabase } from '../support/postgres.js';
import { isUserError } from '../../src/core/errors.js';

const CRASHING_PG = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'crashing-pg.cjs');
const PG = createRequire(import.meta.url).resolve('pg');

const open: PgDatabase[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  delete process.env.CRASH;
});

function lostError(fn: () => unknown): PgConnectionLost {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(PgConnectionLost);
    return e as PgConnectionLost;
  }
  throw new Error('expected the call to fail');
}

describe('PostgreSQL client: the worker thread dies', () => {
  it('an uncaught error in the worker ends the waiting call with a clear error, and every later call at once', () => {
    const db = new PgDatabase('postgres://omni@127.0.0.1:1/omni', 'postgres://omni@127.0.0.1:1/omni', { pgPath: CRASHING_PG });
    open.push(db);
    const e = lostError(() => db.native('SELECT 1'));
    expect(isUserError(e)).toBe(true); // a message and a hint, no stack
    expect(e.message).toBe('The connection to the PostgreSQL master postgres://omni@127.0.0.1:1/omni was lost: its worker thread ended (exit code 1: driver bug: boom).');
    expect(e.hint).toContain('run the command again');
    expect(db.lost).toBe(true);
    expect(lostError(() => db.prepare('SELECT 2').all()).message).toContain('driver bug: boom');
    db.close(); // does not wait for an answer that cannot come
    expect(db.open).toBe(false);
  });

  it('a worker that exits (process.exit) inside a transaction: the closure stops, nothing is re-run or rolled back on the dead session', () => {
    process.env.CRASH = 'exit';
    const db = new PgDatabase('postgres://omni@127.0.0.1:1/omni', 'test master', { pgPath: CRASHING_PG });
    open.push(db);
    let runs = 0;
    // BEGIN is the first statement after set-up: it is the one that meets the dead thread.
    const e = lostError(() => db.transaction(() => { runs++; })());
    expect(e.message).toContain('its worker thread ended (exit code 3)');
    expect(runs).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('a worker that ends without a word (as out of memory does) is reported as such, not waited for', () => {
    process.env.CRASH = 'silent';
    const db = new PgDatabase('postgres://omni@127.0.0.1:1/omni', 'test master', { pgPath: CRASHING_PG });
    open.push(db);
    expect(lostError(() => db.native('SELECT 1')).message).toContain('its worker thread ended (it stopped without a word, most likely out of memory)');
  });

  it('a driver that cannot be loaded ends the first call with its error', () => {
    process.env.CRASH = 'load';
    const db = new PgDatabase('postgres://omni@127.0.0.1:1/omni', 'test master', { pgPath: CRASHING_PG });
    open.push(db);
    expect(lostError(() => db.native('SELECT 1')).message).toContain('its worker thread ended (exit code 1: cannot load the driver)');
  });
});

const onPg = ENGINES.includes('postgres') ? describe : describe.skip;

onPg('PostgreSQL client: the server ends the session', () => {
  it('a statement waiting on a lock when its backend is terminated ends with a clear error; later calls fail at once', async () => {
    const url = pgDatabase();
    // Another process holds an advisory lock, waits until our session is seen waiting for it, then
    // terminates our backend (as a DBA, a server restart or a failover would end it).
    const script = `
      const { Client } = require(${JSON.stringify(PG)});
      (async () => {
        const c = new Client({ connectionString: process.argv[1] });
        await c.connect();
        await c.query('SELECT pg_advisory_lock(4711)');
        process.stdout.write('held\\n');
        for (;;) {
          const r = await c.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'omni-victim' AND wait_event_type = 'Lock'");
          if (r.rows.length) { await c.query('SELECT pg_terminate_backend($1)', [r.rows[0].pid]); break; }
          await new Promise((res) => setTimeout(res, 20));
        }
        await c.end();
      })().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
    const killer = spawn(process.execPath, ['-e', script, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = new Promise<number | null>((r) => killer.on('close', (code) => r(code)));
    await new Promise<void>((r) => killer.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('held')) r(); }));
    const db = new PgDatabase(url, 'test master');
    open.push(db);
    db.native("SELECT set_config('application_name', 'omni-victim', false)");
    const e = lostError(() => db.transaction(() => db.native('SELECT pg_advisory_lock(4711)'))());
    expect(e.message).toMatch(/^The connection to the PostgreSQL master test master was lost: the server ended the connection \(terminating connection due to administrator command\)\.$/);
    expect(db.inTransaction).toBe(false);
    expect(lostError(() => db.native('SELECT 1')).message).toBe(e.message);
    expect(await done).toBe(0);
  });

  it('asks the server to give up a silent session within about a minute, so a powered-off runner does not hold its locks for hours', () => {
    const db = new PgDatabase(pgDatabase(), 'test master');
    open.push(db);
    // What the server applies to this session's socket (0 would mean the system's two-hour default).
    const setting = (name: string) => db.native(`SELECT setting FROM pg_settings WHERE name = '${name}'`).rows![0]![0];
    expect([setting('tcp_keepalives_idle'), setting('tcp_keepalives_interval'), setting('tcp_keepalives_count')]).toEqual(['30', '10', '3']);
  });
});
