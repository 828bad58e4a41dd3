// A PostgreSQL master through the real CLI: `database: postgres://…` with the password from omni.env
// (or OMNI_DATABASE_URL), migrations applied by init, the same commands and outputs as on SQLite,
// the password in no output or error; and one writer per scope, held by advisory locks that the
// server frees when a holder is killed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDb, closeDb, pgClient, type Db } from '../../src/db/open.js';
import { acquireScopeLocks } from '../../src/db/pg/scope-lock.js';
import { PgDatabase } from '../../src/db/pg/client.js';
import { UserError } from '../../src/core/errors.js';
import { ROOT, cleanup, omni, tempDir } from '../support/workspace.js';
import { ENGINES, emptyPgDatabase, pgDatabase } from '../support/postgres.js';

const PASSWORD = 'pg-secret-Zq81-not-for-logs';

/** The URL with a password (the test server trusts loopback, so any password is accepted). */
function withPassword(url: string, pw = '${OMNI_PG_PASSWORD}'): string {
  return url.replace('postgres://omni@', `postgres://omni:${pw}@`);
}

function config(url: string, extra = ''): string {
  return `database: ${url}\ncurrency: EUR\nlock_timeout_seconds: 1\nlocations:\n  - { code: store, kind: store }\n  - { code: warehouse, kind: warehouse }\n${extra}`;
}

describe.runIf(ENGINES.includes('postgres'))('a PostgreSQL master', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => { cleanup(dir); });

  it('is created by init and used by the same commands, the password never shown', () => {
    const url = emptyPgDatabase();
    writeFileSync(path.join(dir, 'config.yaml'), config(withPassword(url)));
    writeFileSync(path.join(dir, 'omni.env'), `OMNI_PG_PASSWORD=${PASSWORD}\n`);
    const runs = [
      omni(dir, ['init', '.']),
      omni(dir, ['products', 'add', 'A', '--title', 'Alpha']),
      omni(dir, ['stock', 'adjust', 'A', '7', '-l', 'store', '--reason', 'delivery']),
      omni(dir, ['stock', 'adjust', 'A', '-9', '-l', 'store']),
      omni(dir, ['--json', 'stock']),
      omni(dir, ['doctor']),
    ];
    expect(runs[0]!.code).toBe(0);
    expect(runs[0]!.stdout).toMatch(/Created the database postgres:\/\/omni:\*\*\*@/);
    expect(runs[1]!.code).toBe(0);
    expect(runs[2]!.code).toBe(0);
    expect(runs[3]!.code).toBe(3); // refused: would go negative, exactly as on SQLite
    expect(JSON.parse(runs[4]!.stdout).lines[0]).toMatchObject({ sku: 'A', locations: { store: 7 }, total: 7 });
    expect(runs[5]!.stdout).toMatch(/PASS\s+stock ledger/);
    for (const r of runs) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('says which database cannot be reached, without the password', () => {
    const url = withPassword(pgDatabase(), PASSWORD).replace(/\/[^/]+$/, '/no_such_database');
    writeFileSync(path.join(dir, 'config.yaml'), config('omni.sqlite'));
    const r = omni(dir, ['stock'], { OMNI_DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot reach the PostgreSQL database postgres:\/\/omni:\*\*\*@127\.0\.0\.1:\d+\/no_such_database/);
    expect(r.stderr).toMatch(/no_such_database" does not exist/);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('refuses an empty database outside init, and a database of another program', () => {
    writeFileSync(path.join(dir, 'config.yaml'), config('omni.sqlite'));
    const empty = omni(dir, ['stock'], { OMNI_DATABASE_URL: emptyPgDatabase() });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/is empty: it is not an omni master yet/);
    const other = emptyPgDatabase();
    // A plain client: openDb would (rightly) refuse this database.
    const foreign = new PgDatabase(other, 'another program');
    try { foreign.native('CREATE TABLE invoices (id int)'); } finally { foreign.close(); }
    const r = omni(dir, ['init', '.'], { OMNI_DATABASE_URL: other });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds other tables \(invoices\), not omni's/);
  });
});


describe.runIf(ENGINES.includes('postgres'))('writer locks per scope on PostgreSQL', () => {
  let url: string;
  let db: Db;
  let child: ChildProcess | undefined;
  let tmp: string;
  beforeEach(() => { url = pgDatabase(); db = openDb(url); tmp = tempDir(); });
  afterEach(() => { child?.kill('SIGKILL'); closeDb(db); cleanup(tmp); });

  /** Another process holding `scope`, until killed. */
  async function holder(scope: string): Promise<ChildProcess> {
    const script = `
      const { openDb } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/db/open.js'))});
      const { pgClient } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/db/open.js'))});
      const { acquireScopeLocks } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/db/pg/scope-lock.js'))});
      const db = openDb(process.env.URL);
      await acquireScopeLocks(pgClient(db), [process.env.SCOPE], { timeoutMs: 0, command: 'omni sync --channel shopify' });
      console.log('held');
      setInterval(() => {}, 1 << 30);`;
    const file = path.join(tmp, `holder-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, script);
    const p = spawn(process.execPath, [file], { env: { ...process.env, URL: url, SCOPE: scope }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    await new Promise<void>((resolve, reject) => {
      p.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('held')) resolve(); });
      p.once('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)));
    });
    return p;
  }

  it('makes a second writer of the same scope wait, names the holder, and lets other scopes through', async () => {
    child = await holder('channel:shopify');
    const client = pgClient(db)!;
    const err = await acquireScopeLocks(client, ['channel:shopify'], { timeoutMs: 0, command: 'omni sync --channel shopify' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(new RegExp(`writing channel shopify: \`omni sync --channel shopify\` \\(omni pid ${child.pid} on `));
    // The terminal and the Amazon runner are other scopes: they go ahead at once.
    const other = await acquireScopeLocks(client, ['master', 'channel:amazon'], { timeoutMs: 0, command: 'omni stock adjust' });
    other.release();
  });

  it('is freed by the server when the holder is killed (kill -9)', async () => {
    child = await holder('channel:shopify');
    const client = pgClient(db)!;
    await expect(acquireScopeLocks(client, ['channel:shopify'], { timeoutMs: 0, command: 'x' })).rejects.toThrow(/Another omni process/);
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    // The server notices the closed connection on its own; a generous wait, never a fixed sleep.
    const lock = await acquireScopeLocks(client, ['channel:shopify'], { timeoutMs: 60_000, pollMs: 50, command: 'omni sync --channel shopify' });
    lock.release();
  });
});
