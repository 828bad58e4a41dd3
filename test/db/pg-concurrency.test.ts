// Several omni processes writing one PostgreSQL master at once — terminals adjusting and
// transferring stock, each movement with its own key, as runners re-run what they did not finish —
// with some processes killed (-9) mid-command. Whatever moment each died at, re-running the
// killed commands with the same keys books every movement exactly once: the totals are exactly
// the sum of the intended movements, and on-hand equals the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDb, closeDb, type Db } from '../../src/db/open.js';
import { upsertProduct } from '../../src/db/products.js';
import { applyMovement } from '../../src/db/ledger.js';
import { ledgerMismatches, allLevels } from '../../src/db/stock.js';
import { cleanup, omniAsync, omniRun, tempDir } from '../support/workspace.js';
import { ENGINES, pgDatabase } from '../support/postgres.js';

const SKUS = ['A', 'B', 'C'];
const LOCS = ['store', 'warehouse', 'web'];

interface Job { args: string[]; sku: string; deltas: Record<string, number> }

/** A seeded sequence of keyed commands (adjustments and transfers), and what each should move. */
function jobs(n: number): Job[] {
  let seed = 16;
  const rnd = (k: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  const out: Job[] = [];
  for (let i = 0; i < n; i++) {
    const sku = SKUS[rnd(SKUS.length)]!;
    const from = LOCS[rnd(LOCS.length)]!;
    if (rnd(3) === 0) {
      const to = LOCS.filter((l) => l !== from)[rnd(2)]!;
      const q = 1 + rnd(3);
      out.push({ sku, args: ['stock', 'transfer', sku, String(q), '--from', from, '--to', to, '-k', `job-${i}`], deltas: { [from]: -q, [to]: q } });
    } else {
      const d = rnd(2) === 0 ? 1 + rnd(5) : -(1 + rnd(3));
      out.push({ sku, args: ['stock', 'adjust', sku, String(d), '-l', from, '-k', `job-${i}`, '--allow-negative'], deltas: { [from]: d } });
    }
  }
  return out;
}

describe.runIf(ENGINES.includes('postgres'))('many writers on one PostgreSQL master', () => {
  let dir: string;
  let url: string;
  let db: Db;
  beforeAll(() => {
    dir = tempDir();
    url = pgDatabase();
    writeFileSync(path.join(dir, 'config.yaml'), `database: omni.sqlite\nlock_timeout_seconds: 120\nlocations:\n${LOCS.map((l) => `  - { code: ${l}, kind: store }`).join('\n')}\n`);
    db = openDb(url);
    for (const sku of SKUS) upsertProduct(db, { sku, title: sku, currency: 'EUR' });
  });
  afterAll(() => { closeDb(db); cleanup(dir); });

  it('books every keyed movement exactly once, with killed writers re-run', async () => {
    const env = { OMNI_DATABASE_URL: url };
    // The locations come with the first command's config; the stock starts at 50 everywhere.
    expect((await omniRun(dir, ['stock'], env)).code).toBe(0);
    for (const sku of SKUS) for (const l of LOCS) applyMovement(db, { sku, location: l, delta: 50, kind: 'receipt', idempotencyKey: `seed-${sku}-${l}` });
    const all = jobs(16);
    // Four writers at a time; every third one is killed -9, at a moment that varies (before it
    // reached the database, waiting for the lock, inside its transaction, after its commit). The
    // assertions hold whichever it was: that is the point.
    const killed: Job[] = [];
    for (let i = 0; i < all.length; i += 4) {
      const batch = all.slice(i, i + 4).map((job, k) => {
        const child = omniAsync(dir, job.args, env);
        const done = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        if ((i + k) % 3 === 0) {
          killed.push(job);
          const after = ((i + k) * 137) % 1200;
          setTimeout(() => child.kill('SIGKILL'), after);
        }
        return done;
      });
      const codes = await Promise.all(batch);
      expect(codes.filter((c) => c !== null && c !== 0)).toEqual([]); // null: killed
    }
    // The runners come back and do again what they may not have finished; keys make it safe.
    for (const job of killed) {
      const r = await omniRun(dir, job.args, env);
      expect(r.code, r.stderr).toBe(0);
    }
    // And everything once more: nothing may be booked twice.
    for (const job of all.slice(0, 3)) expect((await omniRun(dir, job.args, env)).code).toBe(0);

    const expected = new Map<string, number>();
    for (const sku of SKUS) for (const l of LOCS) expected.set(`${sku}@${l}`, 50);
    for (const job of all) for (const [l, d] of Object.entries(job.deltas)) expected.set(`${job.sku}@${l}`, expected.get(`${job.sku}@${l}`)! + d);
    const levels = new Map(allLevels(db).map((r) => [`${r.sku}@${r.location}`, r.onHand]));
    expect(levels).toEqual(expected);
    expect(ledgerMismatches(db)).toEqual([]);
    const movements = db.$client.prepare(`SELECT count(*) FROM stock_movements WHERE idempotency_key NOT LIKE 'seed-%'`).pluck().get() as number;
    expect(movements).toBe(all.reduce((n, j) => n + Object.keys(j.deltas).length, 0));
  }, 600_000);
});
