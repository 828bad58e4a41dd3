// The JSON-lines log (rotation by size, redaction) and the alert decision (one per condition per
// interval, cleared on recovery).
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLog } from '../../src/app/log.js';
import { redactor } from '../../src/config/redact.js';
import { decideAlerts, type ScheduleState } from '../../src/app/schedule/state.js';
import { conditionsOf } from '../../src/app/schedule/conditions.js';
import { splitArgs } from '../../src/app/schedule/args.js';
import { tempDir, cleanup } from '../support/workspace.js';

let dir = '';
afterEach(() => { if (dir) cleanup(dir); dir = ''; });

describe('log', () => {
  it('writes JSON lines with the run id and rotates by size, keeping N files', () => {
    dir = tempDir();
    const file = path.join(dir, 'logs', 'omni.log');
    const log = createLog({ file, maxBytes: 1000, keep: 2, level: 'info', human: null });
    const run = log.with({ job: 'sync-all', runId: 42 });
    for (let i = 0; i < 40; i++) run.info(`line ${i} ${'x'.repeat(40)}`);
    log.debug('not written at level info');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ level: 'info', job: 'sync-all', runId: 42, msg: expect.stringContaining('line 39') });
    expect(readFileSync(file).length).toBeLessThanOrEqual(1000);
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    const all = [file, `${file}.1`, `${file}.2`].map((f) => readFileSync(f, 'utf8')).join('');
    expect(all).not.toContain('not written');
  });

  it('redacts secrets in every line, in the file and on the terminal', () => {
    dir = tempDir();
    const file = path.join(dir, 'omni.log');
    redactor.add('shpat_super_secret_token_123');
    let human = '';
    const log = createLog({ file, maxBytes: 1e6, keep: 1, level: 'info', human: { write: (s: string) => { human += s; return true; } } as NodeJS.WritableStream });
    log.error('request failed with token shpat_super_secret_token_123', { job: 'x', header: 'Bearer shpat_super_secret_token_123' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('shpat_super_secret_token_123');
    expect(text).toContain('[REDACTED]');
    expect(human).not.toContain('shpat_super_secret_token_123');
    expect(human).toMatch(/error {1,2}\[x\] request failed/);
  });
});

describe('alert decisions', () => {
  const H = 3_600_000;
  const fail = { condition: 'failed:shopify', job: 'sync', message: 'shopify: unreachable' };
  it('alerts once per condition per interval, then again after it', () => {
    const s: ScheduleState = { version: 1, conditions: {} };
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(decideAlerts(s, { job: 'sync', host: 'till-1', found: [fail], lowStockChecked: false }, t0, H).send).toEqual([fail]);
    const again = decideAlerts(s, { job: 'sync', host: 'till-1', found: [fail], lowStockChecked: false }, new Date(t0.getTime() + 30 * 60_000), H);
    expect(again.send).toEqual([]);
    expect(again.suppressed).toEqual([fail]);
    expect(decideAlerts(s, { job: 'sync', host: 'till-1', found: [fail], lowStockChecked: false }, new Date(t0.getTime() + H), H).send).toEqual([fail]);
  });

  it('a recovery clears the condition (one recovered message) and resets the interval', () => {
    const s: ScheduleState = { version: 1, conditions: {} };
    const t0 = new Date('2026-01-01T00:00:00Z');
    decideAlerts(s, { job: 'sync', host: 'till-1', found: [fail], lowStockChecked: false }, t0, H);
    const other = decideAlerts(s, { job: 'report', host: 'till-1', found: [], lowStockChecked: false }, t0, H);
    expect(other.recovered).toEqual([]); // another job's run says nothing about this one
    const ok = decideAlerts(s, { job: 'sync', host: 'till-1', found: [], lowStockChecked: false }, t0, H);
    expect(ok.recovered.map((r) => r.condition)).toEqual(['failed:shopify']);
    expect(decideAlerts(s, { job: 'sync', host: 'till-1', found: [fail], lowStockChecked: false }, t0, H).send).toEqual([fail]);
  });

  it('low stock is shared by every job and cleared only by a run that checked it', () => {
    const s: ScheduleState = { version: 1, conditions: {} };
    const low = { condition: 'low-stock', job: '*', message: '2 products' };
    const t = new Date('2026-01-01T00:00:00Z');
    expect(decideAlerts(s, { job: 'a', host: 'till-1', found: [low], lowStockChecked: true }, t, H).send).toEqual([low]);
    expect(decideAlerts(s, { job: 'b', host: 'till-1', found: [low], lowStockChecked: true }, t, H).suppressed).toEqual([low]);
    expect(decideAlerts(s, { job: 'b', host: 'till-1', found: [], lowStockChecked: false }, t, H).recovered).toEqual([]);
    expect(decideAlerts(s, { job: 'b', host: 'till-1', found: [], lowStockChecked: true }, t, H).recovered.map((r) => r.condition)).toEqual(['low-stock']);
  });

  it('conditions come from the sync report per channel, else from the exit code', () => {
    const report = { channels: [
      { channel: 'shopify', runId: 1, status: 'failed', error: 'shopify productVariants: no response: connect ECONNREFUSED', guard: null },
      { channel: 'amazon', runId: 2, status: 'refused', error: null, guard: { ok: false, reasons: ['would zero 40% of listings'] } },
      { channel: 'pos', runId: 3, status: 'ok', error: null, guard: null },
    ] };
    expect(conditionsOf({ job: 'sync', exitCode: 1, error: 'x' }, report, 'sync --all').map((c) => c.condition)).toEqual(['failed:shopify', 'guard:amazon']);
    expect(conditionsOf({ job: 'nightly', exitCode: 2, error: 'config.yaml has 1 problem' }, undefined, 'report low-stock')).toEqual([
      { condition: 'failed:nightly', job: 'nightly', message: 'job nightly (omni report low-stock) failed: config.yaml has 1 problem' }]);
    expect(conditionsOf({ job: 'ok', exitCode: 0, error: null }, undefined, 'sync --all')).toEqual([]);
  });
});

describe('job command lines', () => {
  it.each([
    ['sync --all', ['sync', '--all']],
    ["report low-stock -o 'low stock.csv'", ['report', 'low-stock', '-o', 'low stock.csv']],
    ['import supplier acme "in box/prices.xlsx"', ['import', 'supplier', 'acme', 'in box/prices.xlsx']],
  ])('%s', (line, argv) => expect(splitArgs(line)).toEqual(argv));
  it('refuses shell syntax', () => {
    expect(() => splitArgs('sync --all && rm -rf /')).toThrow(/not a shell line/);
    expect(() => splitArgs('sync "--all')).toThrow(/quote/);
  });
});
