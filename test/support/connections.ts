// Several connections to one fresh master, as several machines or runners would hold them, closed
// (an open transaction rolled back) and the master's folder removed after each test.
import { afterEach } from 'vitest';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { masterTarget, type Engine } from './postgres.js';
import { tempDir, cleanup } from './workspace.js';

export function masterConnections() {
  let dir = '';
  const open: Db[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) {
      try { if (db.$client.inTransaction) db.$client.exec('ROLLBACK'); } catch { /* the connection is gone */ }
      closeDb(db);
    }
    if (dir) cleanup(dir);
    dir = '';
  });
  return {
    /** `n` connections to a new master on `engine` (the first creates it). */
    connect(engine: Engine, n: number): Db[] {
      dir = tempDir();
      const target = masterTarget(engine, dir);
      const dbs = [openDb(target, { create: true })];
      while (dbs.length < n) dbs.push(openDb(target));
      open.push(...dbs);
      return dbs;
    },
    /** Closes `db` and removes `folder` after the test, like the connections made here. */
    adopt(folder: string, db: Db): Db { dir = folder; open.push(db); return db; },
    /** The master's folder (SQLite's file is `omni.sqlite` in it). */
    get dir(): string { return dir; },
  };
}
