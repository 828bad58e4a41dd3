// The alert state lives in the master, shared by every machine on it (a chain's store PCs and the
// online server): each lists the others' conditions, a condition two machines see alerts once per
// interval, a machine's clean run clears only its own job's conditions, and an earlier version's
// per-machine file is taken in once. On both engines.
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDb, type Db } from '../../src/db/open.js';
import { decideAlerts, readAlertState, updateAlertState } from '../../src/app/schedule/state.js';
import { ENGINES } from '../support/postgres.js';
import { masterConnections } from '../support/connections.js';
import { workspace, withMaster, omni, omniJson } from '../support/workspace.js';
import { hostname } from 'node:os';

const H = 3_600_000;
const t0 = new Date('2026-03-01T08:00:00Z');
const later = (min: number) => new Date(t0.getTime() + min * 60_000);
const failed = (ch: string) => ({ condition: `failed:${ch}`, job: 'sync', message: `${ch}: unreachable` });
const low = { condition: 'low-stock', job: '*', message: '3 products' };

const masters = masterConnections();

describe.each(ENGINES)('shared alert state (%s)', (engine) => {
  /** Two connections to one master: the store PC and the online server. */
  const twoMachines = () => masters.connect(engine, 2) as [Db, Db];
  /** One scheduled run of `job` on `host` that found `found`; what it decided to send. */
  const run = (db: Db, host: string, job: string, found: ReturnType<typeof failed>[], now: Date, lowStockChecked = false) =>
    updateAlertState(db, host, undefined, (s) => decideAlerts(s, { job, host, found, lowStockChecked }, now, H));

  it("each machine lists the other's conditions, and a clean run clears only its own machine's", () => {
    const [store, online] = twoMachines();
    expect(run(store, 'till-1', 'sync', [failed('pos-store1')], t0).send.map((s) => s.condition)).toEqual(['failed:pos-store1']);
    expect(readAlertState(online).conditions['failed:pos-store1']).toMatchObject({ host: 'till-1', job: 'sync', since: t0.toISOString() });
    // The online server's own job of the same name runs clean: it says nothing about the till's.
    expect(run(online, 'server', 'sync', [], later(5)).recovered).toEqual([]);
    expect(Object.keys(readAlertState(online).conditions)).toEqual(['failed:pos-store1']);
    // The till's next clean run recovers it, seen from both.
    expect(run(store, 'till-1', 'sync', [], later(10)).recovered.map((r) => r.condition)).toEqual(['failed:pos-store1']);
    expect(readAlertState(online).conditions).toEqual({});
    expect(readAlertState(store).conditions).toEqual({});
  });

  it('a condition both machines find alerts once per interval, whichever finds it', () => {
    const [store, online] = twoMachines();
    expect(run(store, 'till-1', 'report', [low], t0, true).send).toEqual([low]);
    const second = run(online, 'server', 'sync', [low], later(20), true);
    expect(second.send).toEqual([]);
    expect(second.suppressed).toEqual([low]);
    expect(run(online, 'server', 'sync', [low], later(61), true).send).toEqual([low]);
    // Low stock belongs to no machine: any run that checked it and found none clears it.
    expect(run(store, 'till-1', 'report', [], later(70), true).recovered.map((r) => r.condition)).toEqual(['low-stock']);
  });

  it("an earlier version's per-machine file is taken in once, then renamed", () => {
    const [store] = twoMachines();
    const file = path.join(masters.dir, 'omni.sqlite.schedule.json');
    writeFileSync(file, JSON.stringify({ version: 1, conditions: { 'guard:amazon': { job: 'sync', since: t0.toISOString(), lastAlertAt: t0.toISOString(), message: 'amazon: refused' } } }));
    expect(Object.keys(readAlertState(store, file).conditions)).toEqual(['guard:amazon']);
    // Within the interval: taken in as this machine's, not alerted again.
    const d = updateAlertState(store, 'till-1', file, (s) => decideAlerts(s, { job: 'sync', host: 'till-1', found: [{ condition: 'guard:amazon', job: 'sync', message: 'amazon: refused' }], lowStockChecked: false }, later(5), H));
    expect(d.suppressed.map((s) => s.condition)).toEqual(['guard:amazon']);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.imported`)).toBe(true);
    expect(readAlertState(store).conditions['guard:amazon']).toMatchObject({ host: 'till-1', since: t0.toISOString() });
  });
});

describe('omni status', () => {
  it("lists another machine's alert, naming the machine; its own without a name", () => {
    const dir = withMaster(workspace());
    const db = masters.adopt(dir, openDb(path.join(dir, 'omni.sqlite')));
    updateAlertState(db, 'till-1', undefined, (s) => decideAlerts(s, { job: 'sync', host: 'till-1', found: [failed('pos-store1')], lowStockChecked: false }, t0, H));
    updateAlertState(db, hostname(), undefined, (s) => decideAlerts(s, { job: 'report', host: hostname(), found: [low], lowStockChecked: true }, t0, H));
    const text = omni(dir, ['status']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/failed:pos-store1 since .* \(on till-1\): pos-store1: unreachable/);
    expect(text.stdout).toMatch(/low-stock since [^(\n]*: 3 products/);
    const json = omniJson<{ alerts: { condition: string; host: string }[] }>(dir, ['status']);
    expect(json.alerts.map((a) => [a.condition, a.host])).toEqual([['failed:pos-store1', 'till-1'], ['low-stock', hostname()]]);
  });
});
