// A test's master on the engine it runs on: seeded as SQLite (the demo's own path), then, for
// PostgreSQL, copied whole into a fresh database with the same code as `omni db copy`.
import path from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { openDb, closeDb, pgClient } from '../../src/db/open.js';
import { copyTables, tablesInCopyOrder } from '../../src/db/copy.js';
import { pgDatabase, type Engine } from './postgres.js';
import { isPostgresUrl } from '../../src/db/pg/url.js';

/** The master's location for this engine: `dir`/omni.sqlite, or the URL it was copied to. */
export function moveMasterTo(engine: Engine, dir: string, file = 'omni.sqlite'): string {
  const sqlite = path.join(dir, file);
  if (engine === 'sqlite') return sqlite;
  const url = pgDatabase();
  const from = openDb(sqlite);
  const to = openDb(url);
  try { copyTables(from, to); } finally { closeDb(from); closeDb(to); }
  // Nothing may keep using the SQLite file by mistake.
  for (const f of [sqlite, `${sqlite}-wal`, `${sqlite}-shm`]) rmSync(f, { force: true });
  return url;
}

export function masterContains(master: string, text: string): boolean {
  if (!isPostgresUrl(master)) return readFileSync(master).includes(text);
  const db = openDb(master);
  try {
    const c = pgClient(db)!;
    return tablesInCopyOrder().some((t) => (c.native(`SELECT count(*) FROM "${t.name}" r WHERE strpos(r::text, $1) > 0`, [text]).rows?.[0]?.[0] as number) > 0);
  } finally { closeDb(db); }
}
