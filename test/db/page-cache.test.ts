// withPageCache: SQLite's page cache at the size asked while the work runs, and as it was after,
// also when the work throws; on PostgreSQL (the server's cache) the work just runs.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { withPageCache } from '../../src/db/page-cache.js';
import { cleanup, tempDir } from '../support/workspace.js';
import { ENGINES, masterTarget } from '../support/postgres.js';

let db: Db | undefined;
let dir: string | undefined;
afterEach(() => { if (db) closeDb(db); if (dir) cleanup(dir); db = undefined; dir = undefined; });

describe.each(ENGINES)('withPageCache on %s', (engine) => {
  it('sets the cache for the work only, and puts it back when the work throws', () => {
    dir = tempDir('omni-cache-');
    db = openDb(masterTarget(engine, dir), { create: true });
    const d = db;
    const cache = () => (engine === 'sqlite' ? d.$client.pragma('cache_size', { simple: true }) : 'the server\'s');
    const before = cache();
    expect(withPageCache(d, 4096, () => [cache(), 42])).toEqual([engine === 'sqlite' ? -4096 : before, 42]);
    expect(cache()).toBe(before);
    expect(() => withPageCache(d, 2048, () => { throw new Error('boom'); })).toThrow('boom');
    expect(cache()).toBe(before);
    if (engine === 'sqlite') expect(before).toBe(-16000); // better-sqlite3's default: what the work is spared
  });
});
