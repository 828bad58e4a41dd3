// The engines a test runs on: SQLite always, PostgreSQL when the run started a server
// (pg-global-setup.ts). `freshMaster` makes an empty master on either: a temp file, or a new
// database in the test server.
import { inject } from 'vitest';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PgDatabase } from '../../src/db/pg/client.js';
import { openDb, closeDb } from '../../src/db/open.js';

export type Engine = 'sqlite' | 'postgres';

export function pgServerUrl(): string {
  return inject('pgUrl');
}

export const ENGINES: Engine[] = pgServerUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

/** A new, empty PostgreSQL database in the test server (as a DBA would make for omni); its URL. */
export function emptyPgDatabase(prefix = 'omni_t', template?: string): string {
  const server = pgServerUrl();
  if (!server) throw new Error('No test PostgreSQL server in this run.');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new PgDatabase(server, 'test server');
  try { admin.native(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`); } finally { admin.close(); }
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

let template: string | undefined;

/**
 * A new PostgreSQL database holding a migrated, empty master: a copy of one migrated once per
 * test file (CREATE DATABASE … TEMPLATE), which is much cheaper than migrating each time.
 */
export function pgDatabase(): string {
  if (!template) {
    const url = emptyPgDatabase('omni_tpl');
    closeDb(openDb(url, { create: true }));
    template = new URL(url).pathname.slice(1);
  }
  return emptyPgDatabase('omni_t', template);
}

/** Where an engine's master lives for one test: a SQLite file in `dir`, or a fresh PG database. */
export function masterTarget(engine: Engine, dir: string, file = 'omni.sqlite'): string {
  return engine === 'sqlite' ? path.join(dir, file) : pgDatabase();
}
