// The command handler: report files under reports_dir, exit codes, and the problem list.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { supplier } from '../../src/cli/commands/import.js';
import { ACME, fixture, setup, type TestWs } from './helpers.js';

let ws: TestWs | undefined;
afterEach(() => { ws?.close(); ws = undefined; vi.restoreAllMocks(); });

function quiet(): string[] {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
  return out;
}

describe('omni import supplier (handler)', () => {
  it('a dry run prints Markdown and writes the md, json, csv and html reports', async () => {
    ws = setup(ACME);
    const g = { config: path.join(ws.dir, 'config.yaml') };
    quiet();
    expect(await supplier(['acme', fixture('acme.csv')], {}, g)).toBe(0);
    const out = quiet();
    const code = await supplier(['acme', fixture('acme-next.csv')], { dryRun: true, report: 'md,json,csv,html' }, g);
    expect(code).toBe(0);
    expect(out.join('')).toContain('# Dry run: supplier import acme — acme-next.csv');
    expect(out.join('')).toContain('| AC-101 |  | 3.60 EUR | 3.96 EUR | +10% |');
    const files = readdirSync(path.join(ws.dir, 'reports')).filter((f) => f.includes('dry-run')).sort();
    expect(files.map((f) => path.extname(f))).toEqual(['.csv', '.html', '.json', '.md']);
    const json = JSON.parse(readFileSync(path.join(ws.dir, 'reports', files[2]!), 'utf8')) as { formatVersion: number; counts: { missing: number } };
    expect(json).toMatchObject({ formatVersion: 1, counts: { missing: 1 } });
    const csv = readFileSync(path.join(ws.dir, 'reports', files[0]!), 'utf8');
    expect(csv).toContain('cost,AC-101,,3.60,3.96,EUR,10\r\n');
    expect(csv).toContain('missing,AC-103,,,,,"Tea towel, linen (2-pack)"');
    const html = readFileSync(path.join(ws.dir, 'reports', files[1]!), 'utf8');
    expect(html).toMatch(/<meta name="viewport"/);
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it('bad rows: exit 2 with every problem, the report still written; --skip-invalid exits 3', async () => {
    ws = setup(ACME);
    const g = { config: path.join(ws.dir, 'config.yaml') };
    quiet();
    const err = await supplier(['acme', fixture('bad-rows.csv')], { report: 'json' }, g).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2, message: 'bad-rows.csv: 6 bad rows; nothing was imported.' });
    expect((err as { details: string[] }).details[0]).toBe('bad-rows.csv:3:Unit Cost: "abc" is not a price (like 12.50)');
    expect(await supplier(['acme', fixture('bad-rows.csv')], { skipInvalid: true, report: 'csv' }, g)).toBe(3);
    const rejects = readdirSync(path.join(ws.dir, 'reports')).filter((f) => f.endsWith('-rejects.csv'));
    expect(rejects).toHaveLength(1);
    const reportCsv = readdirSync(path.join(ws.dir, 'reports')).find((f) => f.endsWith('.csv') && !f.endsWith('-rejects.csv'))!;
    expect(readFileSync(path.join(ws.dir, 'reports', reportCsv), 'utf8')).toContain('problem,,,5,Item No,,empty sku');
    const rejectsCsv = readFileSync(path.join(ws.dir, 'reports', rejects[0]!), 'utf8');
    expect(rejectsCsv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('says how to name the file when neither the command nor the config does', async () => {
    ws = setup(ACME);
    await expect(supplier(['acme'], {}, { config: path.join(ws.dir, 'config.yaml') })).rejects.toMatchObject({ exitCode: 2, message: 'Name the file to import for acme.' });
  });
});
