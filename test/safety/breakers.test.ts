// Feed circuit breakers: a supplier file that shrank, changed its header or would zero most of
// the stock is quarantined beside the master, alerted, not applied (exit 3) — until --accept.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, omni, omniJson, withMaster, workspace, ROOT } from '../support/workspace.js';
import { ACME, fixture } from '../import/helpers.js';

let dir = '';
afterEach(() => { if (dir) cleanup(dir); dir = ''; });

const config = (extra = '') => `database: data/omni.sqlite
currency: EUR
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
suppliers:
${ACME}alerts:
  command: node -e "require('fs').appendFileSync('alerts.txt', process.env.OMNI_ALERT_CONDITION + ' ' + process.env.OMNI_ALERT_MESSAGE + '\\\\n')"
${extra}`;

const ACME_CSV = readFileSync(fixture('acme.csv'), 'utf8');
const lines = ACME_CSV.trimEnd().split('\n');

function setup(extra = ''): void {
  dir = workspace(config(extra));
  withMaster(dir, 'data/omni.sqlite');
  const first = omni(dir, ['import', 'supplier', 'acme', fixture('acme.csv')]);
  expect(first.code, first.stdout + first.stderr).toBe(0);
}
const write = (name: string, text: string) => { writeFileSync(path.join(dir, name), text); return name; };
const quarantined = () => (existsSync(path.join(dir, 'data', 'quarantine')) ? readdirSync(path.join(dir, 'data', 'quarantine')) : []);
const lastRun = () => omniJson<{ runs: { job: string; status: string; error: string | null }[] }>(dir, ['runs']).runs[0]!;

describe('feed circuit breakers', () => {
  it('a file with far fewer rows: quarantined beside the master, alerted, not applied; --accept applies it', () => {
    setup();
    const file = write('acme-short.csv', [lines[0], lines[1], lines[2]].join('\n') + '\n');
    const r = omni(dir, ['import', 'supplier', 'acme', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('acme-short.csv: 2 row(s), down from 5 at the last import');
    expect(r.stderr).toContain('more than breakers.max_row_drop (50%)');
    expect(existsSync(path.join(dir, file))).toBe(false); // moved, so the next run does not read it again
    const [q] = quarantined();
    expect(q).toMatch(/^acme-short-\d{4}-\d\d-\d\dT[\d-]+Z\.csv$/);
    expect(readFileSync(path.join(dir, 'alerts.txt'), 'utf8')).toMatch(/^breaker:supplier:acme acme-short\.csv not imported, moved to .*quarantine/);
    expect(lastRun()).toMatchObject({ job: 'import:acme', status: 'refused' });
    // nothing of the file was written: the same short file is still a drop from 5
    const again = omni(dir, ['--json', 'import', 'supplier', 'acme', path.join('data', 'quarantine', q!), '--dry-run']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).breaker.reasons[0]).toContain('down from 5');
    const accepted = omni(dir, ['import', 'supplier', 'acme', path.join('data', 'quarantine', q!), '--accept']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(lastRun()).toMatchObject({ job: 'import:acme', status: 'ok' });
    // the accepted file is the new baseline
    expect(omni(dir, ['import', 'supplier', 'acme', write('acme-short2.csv', [lines[0], lines[1], lines[2]].join('\n') + '\n')]).code).toBe(0);
  });

  it('a changed header stops the file', () => {
    setup();
    const file = write('acme-new-header.csv', ACME_CSV.replace('Lead Time (days)', 'Lead Time (days),Note'));
    const r = omni(dir, ['import', 'supplier', 'acme', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the header changed since the last import');
  });

  it('a file that would zero most of the stock stops; the limit is configurable', () => {
    setup();
    const zeroed = lines.map((l, i) => (i === 0 ? l : l.replace(/,(\d+),(\d+),(\d+),([\d]*)\r?$/, ',0,$2,$3,$4'))).join('\n') + '\n';
    expect(zeroed).not.toBe(ACME_CSV);
    const file = write('acme-zero.csv', zeroed);
    const r = omni(dir, ['import', 'supplier', 'acme', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/it would set 4 of 4 item\(s\) in stock to zero \(100%\), more than breakers.max_zeroed \(50%\)/);
    cleanup(dir);
    setup('breakers: { max_zeroed: 100% }\n');
    expect(omni(dir, ['import', 'supplier', 'acme', write('acme-zero.csv', zeroed)]).code).toBe(0);
  });

  it('counts the items in stock before the file, whatever the file itself adds or restocks', () => {
    setup();
    // Before: AC-100, 101, 103, 104 in stock (4). The file zeroes 100, 101, 103, restocks 102
    // (0 → 50) and adds five new items in stock: 3 of the 4, not of the 7 in stock after it.
    const stock = (l: string, q: number) => l.replace(/,(\d+),(\d+),(\d+),([\d]*)\r?$/, `,${q},$2,$3,$4`);
    const rows = [lines[0]!, stock(lines[1]!, 0), stock(lines[2]!, 0), stock(lines[3]!, 50), stock(lines[4]!, 0), lines[5]!,
      ...[5, 6, 7, 8, 9].map((i) => stock(lines[5]!.replace('AC-104', `AC-10${i}`).replace('4006381333979', ''), 10))];
    const r = omni(dir, ['import', 'supplier', 'acme', write('acme-restock.csv', rows.join('\n') + '\n')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/it would set 3 of 4 item\(s\) in stock to zero \(75%\)/);
  });
});

describe('feed circuit breakers on a POS count export', () => {
  const POS = `database: data/omni.sqlite
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
channels:
  till:
    type: pos-file
    stock_from: [store]
    counts_file: exports/stocktake-*.csv
    import_file: to-pos/pos-{date}.csv
    push: { stock: true, price: false }
    guards: { max_zeroed_share: 100% }   # this test is about the breaker, not the push guard
alerts:
  command: node -e "require('fs').appendFileSync('alerts.txt', process.env.OMNI_ALERT_CONDITION + '\\n')"
`;
  let tick = Date.now() / 1000;
  const stocktake = (name: string, rows: string[], header = 'sku,counted') => {
    const file = path.join(dir, 'exports', name);
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    tick += 5;
    utimesSync(file, tick, tick);
    return file;
  };
  const store = (sku: string) => omniJson<{ lines: { locations: Record<string, number> }[] }>(dir, ['stock', sku]).lines[0]!.locations.store ?? 0;
  const SKUS = ['MUG-STONE-350', 'TEA-EARL-100', 'KETTLE-GOOSE', 'FILTER-V60-100'];

  it('an export that zeroes most of the shop is quarantined and not applied; put back with --accept it is', () => {
    dir = workspace(POS);
    withMaster(dir, 'data/omni.sqlite');
    mkdirSync(path.join(dir, 'exports'));
    expect(omni(dir, ['products', 'import', path.join(ROOT, 'fixtures/demo/products.csv')]).code).toBe(0);
    for (const sku of SKUS) expect(omni(dir, ['stock', 'count', sku, '10', '-l', 'store']).code).toBe(0);
    tick = Date.now() / 1000 + 1;
    stocktake('stocktake-1.csv', SKUS.map((s) => `${s},9`));
    const first = omni(dir, ['sync', '--channel', 'till']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(store('MUG-STONE-350')).toBe(9);

    const zero = stocktake('stocktake-2.csv', SKUS.map((s) => `${s},0`));
    const r = omni(dir, ['sync', '--channel', 'till']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/it would set 4 of 4 item\(s\) in stock to zero/);
    expect(existsSync(zero)).toBe(false);
    const [q] = readdirSync(path.join(dir, 'data', 'quarantine'));
    expect(q).toMatch(/^stocktake-2-.*\.csv$/);
    expect(store('MUG-STONE-350')).toBe(9);
    expect(readFileSync(path.join(dir, 'alerts.txt'), 'utf8')).toContain('breaker:till');
    expect(omniJson<{ runs: { job: string; status: string }[] }>(dir, ['runs']).runs[0]).toMatchObject({ job: 'till', status: 'refused' });

    const short = stocktake('stocktake-3.csv', ['MUG-STONE-350,8']);
    const drop = omni(dir, ['sync', '--channel', 'till']);
    expect(drop.code).toBe(3);
    expect(drop.stderr).toContain('1 row(s), down from 4 at the last import');
    expect(existsSync(short)).toBe(false);

    copyFileSync(path.join(dir, 'data', 'quarantine', q!), zero);
    tick += 5;
    utimesSync(zero, tick, tick);
    const accepted = omni(dir, ['sync', '--channel', 'till', '--accept']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(store('MUG-STONE-350')).toBe(0);
  });
});
