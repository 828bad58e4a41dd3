// The scheduler in real processes: the built runner (fixtures/scheduler.mjs), real omni jobs as
// its children, a real writer-lock holder, a webhook on 127.0.0.1 and a channel that is down.
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { workspace, withMaster, cleanup, omniJson } from '../support/workspace.js';
import { SCHEDULER, HOLD_LOCK, start, logLines, waitFor, type Proc } from './helpers.js';

interface RunRow { id: number; job: string; status: string; error: string | null; finishedAt: string | null; summary: Record<string, unknown> }

const base = (lockTimeout: number, schedules: string) => `database: omni.sqlite
lock_timeout_seconds: ${lockTimeout}
locations:
  - { code: store, kind: store }
schedules:
${schedules}`;

let dir = '';
const procs: Proc[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  if (dir) cleanup(dir);
  dir = '';
});

async function holdLock(db: string): Promise<Proc> {
  const p = start(HOLD_LOCK, [db], dir);
  procs.push(p);
  await waitFor('the lock holder', () => p.stdout().includes('held'));
  return p;
}

function scheduler(args: string[]): Proc {
  const p = start(SCHEDULER, [path.join(dir, 'config.yaml'), ...args], dir);
  procs.push(p);
  return p;
}

const logOf = () => logLines(path.join(dir, 'logs', 'omni.log'));

/** The command lines (argv) of the processes whose parent is `pid`, from Linux's /proc. */
function childCommandLines(pid: number): string[][] {
  const out: string[][] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      out.push(readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean));
    } catch { /* the process ended meanwhile */ }
  }
  return out;
}
const runs = () => omniJson<{ runs: RunRow[] }>(dir, ['runs']).runs;

describe('omni schedule run', () => {
  it('skips and logs a job whose previous run is still going; SIGTERM lets it finish, journals it, exits 0', async () => {
    dir = withMaster(workspace(base(3, '  slow:\n    cron: "* * * * * *"\n    command: "sync --all"\n')));
    await holdLock(path.join(dir, 'omni.sqlite'));
    const s = scheduler(['forever']);
    await waitFor('a skipped run', () => logOf().find((l) => l.job === 'slow' && /^skipped: its previous run \(run \d+/.test(l.msg)));
    const started = logOf().find((l) => /^started/.test(l.msg))!;
    expect(started.runId).toBeTypeOf('number');
    s.child.kill('SIGTERM');
    const exit = await s.exit;
    expect(exit).toEqual({ code: 0, signal: null });
    const lines = logOf();
    // the child's own lines carry the run id; it waited for the lock, then gave up naming the holder
    expect(lines.some((l) => l.runId === started.runId && /Waiting for another omni process/.test(l.msg))).toBe(true);
    expect(lines.findIndex((l) => /^SIGTERM: waiting/.test(l.msg))).toBeLessThan(lines.findIndex((l) => /^finished: failed/.test(l.msg)));
    expect(lines.at(-1)!.msg).toBe('SIGTERM: stopped');
    const journal = runs().filter((r) => r.job === 'schedule:slow');
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ id: started.runId, status: 'failed', error: expect.stringContaining('Another omni process is writing') });
    expect(journal[0]!.finishedAt).not.toBeNull();
    expect(journal[0]!.summary).toMatchObject({ command: 'sync --all', exitCode: 1 });
  });

  it('on SIGTERM a job that outlives its grace period is stopped, journalled, and the scheduler exits 0', async () => {
    dir = withMaster(workspace(base(60, '  slow:\n    cron: "* * * * * *"\n    command: "sync --all"\n    grace_seconds: 1\n')));
    await holdLock(path.join(dir, 'omni.sqlite'));
    const s = scheduler(['forever']);
    await waitFor('the job to start', () => logOf().find((l) => /Waiting for another omni process/.test(l.msg)));
    // the job's node (waiting for the lock) runs with the jobs' memory flags (watch/node-flags.ts)
    const jobs = childCommandLines(s.child.pid!).filter((c) => c.includes('sync'));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.slice(1, 3)).toEqual(['--max-semi-space-size=4', expect.stringMatching(/bin\/omni\.js$/)]);
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(logOf().some((l) => /still running after 1 s: sending it SIGTERM/.test(l.msg))).toBe(true);
    const [run] = runs().filter((r) => r.job === 'schedule:slow');
    expect(run).toMatchObject({ status: 'failed', error: 'stopped by SIGTERM' });
  });

  it('catches up a missed run at start (missed: catch-up), and only logs it with missed: skip', async () => {
    dir = withMaster(workspace(base(3, [
      '  yearly:\n    cron: "0 0 1 1 *"\n    command: "report low-stock"\n    missed: catch-up',
      '  never:\n    cron: "0 0 1 1 *"\n    command: "report low-stock"\n',
    ].join('\n'))));
    const s = scheduler(['forever']);
    await waitFor('the catch-up run to finish', () => logOf().find((l) => l.job === 'yearly' && /^finished: ok/.test(l.msg)));
    s.child.kill('SIGINT');
    expect((await s.exit).code).toBe(0);
    expect(logOf().find((l) => l.job === 'yearly' && /^started/.test(l.msg))!.msg).toMatch(/catch-up: the run due at \d{4}-01-01 00:00 was missed/);
    expect(runs().map((r) => [r.job, r.status])).toEqual([['schedule:yearly', 'ok']]);
  });

  it('an unreachable channel fails alone, alerts once within the interval, and recovers', async () => {
    const hooks: Record<string, unknown>[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { hooks.push({ path: req.url, ...(JSON.parse(body) as Record<string, unknown>) }); res.end('ok'); });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const shopify = (req: http.IncomingMessage, res: http.ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        // a shop with no products: just enough of the Admin GraphQL API for a pull
        res.end(JSON.stringify(body.includes('productVariantsCount') ? { data: { productVariantsCount: { count: 0 } } }
          : body.includes('productVariants') ? { data: { productVariants: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } }
          : body.includes('orders(') ? { data: { orders: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } }
          : body.includes('locations(') ? { data: { locations: { edges: [{ node: { id: 'gid://shopify/Location/1', name: 'Store', isActive: true } }] } } }
          : { data: { shop: { name: 'test' } } }));
      });
    };
    const up = http.createServer(shopify);
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', r));
    // a port nobody listens on (yet): the "down" shop
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const downPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const down = http.createServer(shopify);
    try {
      const channel = (name: string, port: number) => `  ${name}:
    type: shopify
    shop: ${name}
    access_token: shpat_test_token_${name}_0123456789
    endpoint: http://127.0.0.1:${port}
    stock_from: [store]
    location_map: { store: "gid://shopify/Location/1" }
`;
      dir = withMaster(workspace(`database: omni.sqlite
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
channels:
${channel('shop-up', (up.address() as AddressInfo).port)}${channel('shop-down', downPort)}schedules:
  sync:
    cron: "*/15 * * * *"
    command: "sync --all"
`));
      const webhook = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/secret-hook-token-987`;
      const settings = JSON.stringify({ alerts: { webhook, interval_minutes: 60, low_stock: true } });
      const once = async () => { const p = scheduler(['once', 'sync', settings]); return { ...(await p.exit), stderr: p.stderr() }; };

      const first = await once();
      expect(first.code).toBe(1);
      await waitFor('the alert', () => hooks.length >= 1);
      expect(hooks.map((h) => h.condition), JSON.stringify(hooks)).toEqual(['failed:shop-down']);
      expect(hooks[0]).toMatchObject({ path: '/hooks/secret-hook-token-987', condition: 'failed:shop-down', kind: 'alert', job: 'sync', report: expect.stringMatching(/reports\/sync-.*\.md$/) });
      expect(String(hooks[0]!.message)).toMatch(/shop-down: sync failed: .*no response/);

      expect((await once()).code).toBe(1);
      expect(hooks, JSON.stringify(hooks)).toHaveLength(1); // within the interval: no second alert
      expect(logOf().some((l) => /^alert failed:shop-down not sent again/.test(l.msg))).toBe(true);

      await new Promise<void>((r) => down.listen(downPort, '127.0.0.1', r)); // the shop comes back
      expect((await once()).code).toBe(0);
      await waitFor('the recovery message', () => hooks.length >= 2);
      expect(hooks[1]).toMatchObject({ condition: 'failed:shop-down', kind: 'recovered' });

      const journal = runs();
      expect(journal.filter((r) => r.job === 'shop-up').map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
      expect(journal.filter((r) => r.job === 'shop-down').map((r) => r.status)).toEqual(['ok', 'failed', 'failed']);
      expect(journal.filter((r) => r.job === 'schedule:sync').map((r) => r.status)).toEqual(['ok', 'failed', 'failed']);
      // no credential in the log: neither the channel's token nor the webhook's
      const text = JSON.stringify(logOf());
      expect(text).not.toContain('shpat_test_token');
      expect(text).not.toContain('secret-hook-token-987');
    } finally {
      for (const srv of [hook, up, down]) srv.close();
    }
  }, 120_000);
});
