// Feed circuit breakers: a supplier file that shrank, changed its header or would zero most of
// the stock is quarantined beside the master, alerted, not applied (exit 3) — until --accept.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, omni, omniJson, withMaster, workspace } from '../support/workspace.js';
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
  expect(first.code, first.stderr).toBe(0);
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
});
