// A chain on one PostgreSQL master, everything at once: four runners (two store POS channels,
// Shopify, Amazon) and a person at a terminal, real processes (the built CLI) against real sandboxes
// over loopback, orders arriving on every channel each round, and runners killed -9 mid-run. Which
// runners die is seeded; when is an event (Shopify receiving its push, Amazon its orders read, a POS
// runner seen holding its channel's lock), never a timer. Then the runners come back. Afterwards no movement is
// lost or doubled, on-hand equals the ledger, and every channel converges: a final sync of each
// plans nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { amazonQuantity, channelsWorld, type ChannelsWorld } from '../support/channels-workspace.js';
import { cleanup, omniAsync, ROOT } from '../support/workspace.js';
import { ENGINES } from '../support/postgres.js';
import { openDb, closeDb, pgClient, type Db } from '../../src/db/open.js';
import { applyMovement } from '../../src/db/ledger.js';
import { allLevels, ledgerMismatches } from '../../src/db/stock.js';

const WAREHOUSE = 'gid://shopify/Location/71234567001';
const ROUNDS = 3;
const STORES = ['north', 'south'] as const;
const RUNNERS = ['pos-north', 'pos-south', 'shopify', 'amazon'] as const;
type Runner = (typeof RUNNERS)[number];

// What arrives each round, and what the terminal does (keyed: a re-run books nothing twice).
const SHOPIFY_ORDER = [{ sku: 'MUG-STONE-350', quantity: 1 }, { sku: 'TEA-SENCHA-100', quantity: 1 }];
const AMAZON_ORDER = [{ sku: 'TEA-SENCHA-100', quantity: 1 }]; // merchant-fulfilled, from the warehouse
const POS_RECEIPT: Record<(typeof STORES)[number], { sku: string; quantity: number }[]> = {
  north: [{ sku: 'MUG-STONE-350', quantity: 1 }, { sku: 'TEA-EARL-100', quantity: 2 }],
  south: [{ sku: 'MUG-STONE-350', quantity: 2 }],
};
const TERMINAL = [{ sku: 'MUG-STONE-350', delta: 2 }, { sku: 'KETTLE-GOOSE', delta: -1 }];

const posChannel = (store: string) => `  pos-${store}:
    type: pos-file
    preset: square
    stock_from: [${store}]
    fulfil_from: [${store}]
    sales_file: exports-${store}/items-*.csv
    timezone: Europe/Berlin
    pos_location: High Street
    import_file: to-pos-${store}/square-{date}.csv
`;

/**
 * Which runners die in which round: a seeded order of the four, two per round in turn, so every
 * runner is killed at least once (the same runs every time; change the seed for other ones).
 */
function victims(rounds: number): Set<Runner>[] {
  let seed = 20_261_202;
  const rnd = (k: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  const pool: Runner[] = [...RUNNERS];
  const order: Runner[] = [];
  while (pool.length) order.push(pool.splice(rnd(pool.length), 1)[0]!);
  return Array.from({ length: rounds }, (_, r) => new Set([order[(2 * r) % 4]!, order[(2 * r + 1) % 4]!]));
}

/** A Square item export holding one receipt, built from a fixture row (the columns Square writes). */
function squareExport(receipt: string, lines: { sku: string; quantity: number }[], day: number): string {
  const [header, row] = readFileSync(path.join(ROOT, 'fixtures/pos/square/items-2026-06-01-2026-06-03.csv'), 'utf8').split(/\r?\n/);
  const cols = header!.split(',');
  const at = (name: string) => cols.indexOf(name);
  const out = lines.map((l, i) => {
    const f = row!.split(',');
    f[at('Date')] = `2026-06-${String(10 + day).padStart(2, '0')}`;
    f[at('Time')] = `10:00:0${i}`;
    f[at('SKU')] = l.sku;
    f[at('Qty')] = `${l.quantity}.0`;
    f[at('Transaction ID')] = receipt;
    f[at('Payment ID')] = `${receipt}P`;
    return f.join(',');
  });
  return [header, ...out].join('\r\n') + '\r\n';
}

describe.runIf(ENGINES.includes('postgres'))('a chain on one PostgreSQL master: four runners and a terminal at once, some killed -9', () => {
  let w: ChannelsWorld;
  let db: Db;
  let mtime = Date.now() / 1000 - 10_000;
  beforeAll(async () => {
    w = await channelsWorld({ engine: 'postgres', channels: STORES.map(posChannel).join('') });
    const config = path.join(w.dir, 'config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('locations:\n', `locations:\n${STORES.map((s) => `  - { code: ${s}, kind: store }\n`).join('')}`));
    for (const s of STORES) mkdirSync(path.join(w.dir, `exports-${s}`));
    db = openDb(w.master);
  }, 120_000);
  afterAll(async () => { closeDb(db); await w.close(); cleanup(w.dir); });

  const env = () => w.env;
  const drop = (store: string, name: string, content: string) => {
    const to = path.join(w.dir, `exports-${store}`, name);
    writeFileSync(to, content);
    mtime += 10;
    utimesSync(to, mtime, mtime);
  };
  const run = (args: string[]) => w.run(args);
  const levels = () => new Map(allLevels(db).map((r) => [`${r.sku}@${r.location}`, r.onHand]));
  const orderCounts = () => Object.fromEntries((pgClient(db)!.native('SELECT channel, count(*) FROM orders GROUP BY channel').rows ?? []).map((r) => [String(r[0]), Number(r[1])]));

  it('books every sale and adjustment exactly once, keeps on-hand equal to the ledger, and every channel converges', async () => {
    // The stores' opening stock, then one clean sync of everything: the baseline each channel
    // starts from (a POS channel's first sync reads only its newest export).
    expect((await run(['stock'])).code).toBe(0); // the config's new locations reach the master
    for (const s of STORES) for (const sku of ['MUG-STONE-350', 'TEA-EARL-100']) applyMovement(db, { sku, location: s, delta: 40, kind: 'receipt', idempotencyKey: `open-${s}-${sku}` });
    for (const s of STORES) drop(s, 'items-0.csv', squareExport(`R0${s}`, POS_RECEIPT[s], 0));
    const first = await run(['sync', '--all']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const start = levels();
    const ordersAtStart = orderCounts();

    // The kill switches. Shopify: the moment its stock mutation reaches the shop (it is applied
    // there; omni never hears back). Amazon: the moment its orders read reaches it (every run reads
    // orders; a push is not certain: a change Amazon accepted and has not applied yet is held back).
    const armed: Partial<Record<Runner, ChildProcess>> = {};
    const killed: string[] = [];
    const kill = (r: Runner) => {
      const c = armed[r];
      if (!c) return;
      delete armed[r];
      killed.push(r);
      c.kill('SIGKILL');
    };
    let shopifyHook = false;
    const armShopify = () => {
      if (shopifyHook) return;
      shopifyHook = true;
      w.shopify.beforeRequest('inventorySetQuantities', () => { shopifyHook = false; kill('shopify'); });
    };
    w.amazon.injectFault({ operation: 'searchOrders', kind: 'slow', count: 1_000_000, hold: () => { kill('amazon'); return Promise.resolve(); } });
    // A POS runner: once the server shows its process holding its channel's lock (it is mid-run).
    const probe = openDb(w.master);
    const holdsLock = (pid: number) => Number(pgClient(probe)!.native(`SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE $1`, [`omni pid ${pid} %`]).rows?.[0]?.[0]) > 0;
    const killWhenLocked = (r: Runner, child: ChildProcess, exited: () => boolean) => {
      const look = () => {
        if (exited() || !armed[r]) return;
        if (holdsLock(child.pid!)) kill(r);
        else setTimeout(look, 25);
      };
      look();
    };

    const plan = victims(ROUNDS);
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        // Orders on every channel.
        w.shopify.createOrder({ lineItems: SHOPIFY_ORDER, locationId: WAREHOUSE });
        w.amazon.createOrder({ fulfilledBy: 'MERCHANT', lines: AMAZON_ORDER });
        for (const s of STORES) drop(s, `items-${round}.csv`, squareExport(`R${round}${s}`, POS_RECEIPT[s], round));
        // Four runners and the terminal, all at once.
        const started = [
          ...RUNNERS.map((r) => ({ r, child: omniAsync(w.dir, ['sync', '--channel', r], env()) })),
          ...TERMINAL.map((t, i) => ({ r: 'terminal' as const, child: omniAsync(w.dir, ['stock', 'adjust', t.sku, String(t.delta), '-l', 'warehouse', '-k', `terminal-${round}-${i}`, '--allow-negative'], env()) })),
        ];
        const results = started.map(({ r, child }) => {
          let out = '';
          child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
          child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
          let done = false;
          const exit = new Promise<{ r: string; code: number | null; out: () => string }>((resolve) => child.on('close', (code) => { done = true; resolve({ r, code, out: () => out }); }));
          if (r !== 'terminal' && plan[round - 1]!.has(r)) {
            armed[r] = child;
            if (r === 'shopify') armShopify();
            if (r.startsWith('pos-')) killWhenLocked(r, child, () => done);
          }
          return exit;
        });
        for (const x of await Promise.all(results)) {
          // null: killed. A runner that lived finished its run; 3 is a run the channel moved under
          // (a killed runner's push landed after all): the next run converges.
          if (x.code !== null) expect([0, 3], `${x.r} (round ${round}): ${x.out()}`).toContain(x.code);
        }
        for (const r of RUNNERS) delete armed[r];
      }
    } finally {
      closeDb(probe);
    }
    // The chaos happened: every armed runner reached its kill point and died there.
    expect(killed.sort()).toEqual(plan.flatMap((p) => [...p]).sort());

    // The runners come back: each channel synced until a run completes (every order is then
    // booked), then each once more, so every channel also gets what the others booked after it.
    for (const r of RUNNERS) {
      let code = -1;
      for (let i = 0; i < 3 && code !== 0; i++) code = (await run(['sync', '--channel', r])).code;
      expect(code, r).toBe(0);
    }
    for (const r of RUNNERS) {
      const again = await run(['sync', '--channel', r]);
      expect(again.code, `${r}: ${again.stdout}${again.stderr}`).toBe(0);
    }

    // No movement lost or doubled: every location is exactly the baseline minus what was sold,
    // plus what the terminal adjusted, and every order is in the master once.
    const expected = new Map(start);
    const add = (sku: string, location: string, d: number) => expected.set(`${sku}@${location}`, expected.get(`${sku}@${location}`)! + d);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const l of [...SHOPIFY_ORDER, ...AMAZON_ORDER]) add(l.sku, 'warehouse', -l.quantity);
      for (const s of STORES) for (const l of POS_RECEIPT[s]) add(l.sku, s, -l.quantity);
      for (const t of TERMINAL) add(t.sku, 'warehouse', t.delta);
    }
    expect(levels()).toEqual(expected);
    expect(ledgerMismatches(db)).toEqual([]);
    const orders = orderCounts();
    for (const r of RUNNERS) expect(orders[r], r).toBe((ordersAtStart[r] ?? 0) + ROUNDS);

    // Every channel converged: a final sync of each plans nothing, and the shops show the master.
    for (const r of RUNNERS) {
      const dry = await w.json<{ changes: { sku: string; outcome: string }[] }>(['sync', '--channel', r, '--dry-run']);
      expect(dry.changes.filter((c) => c.outcome !== 'unchanged'), r).toEqual([]);
    }
    const stock = await w.json<{ lines: { sku: string; published: Record<string, number> }[] }>(['stock']);
    for (const l of stock.lines) {
      if (l.published.shopify !== undefined) expect(w.shopify.quantity(l.sku, 'Warehouse'), l.sku).toBe(l.published.shopify);
      if (l.published.amazon !== undefined && amazonQuantity(w.amazon, l.sku) !== undefined) expect(amazonQuantity(w.amazon, l.sku), l.sku).toBe(l.published.amazon);
    }
    // Each store's POS was told its new stock in its import file.
    for (const s of STORES) {
      const files = readdirSync(path.join(w.dir, `to-pos-${s}`)).sort();
      const last = readFileSync(path.join(w.dir, `to-pos-${s}`, files.at(-1)!), 'utf8');
      expect(last, s).toContain(`MUG-STONE-350,14.90,,${expected.get(`MUG-STONE-350@${s}`)}`);
    }
  }, 600_000);
});
