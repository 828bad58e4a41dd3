// Hostile or broken input: each is exit 2 naming the file and row (or config line), with no stack,
// no partial write, and an error that does not echo megabytes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, copyFileSync, mkdirSync, openSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { omni, omniJson, workspace, cleanup, BASIC_CONFIG } from '../support/workspace.js';
import { screenSnapshot } from '../../src/core/snapshot-screen.js';
import { changeOutOfBounds } from '../../src/core/bounds.js';
import type { Change } from '../../src/core/connector.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const SUPPLIER = `suppliers:
  acme:
    columns: { sku: sku, cost: cost, quantity: stock, title: title }
`;

function rows(dir: string, sql: string): unknown[] {
  const db = new Database(path.join(dir, 'omni.sqlite'), { readonly: true });
  try { return db.prepare(sql).all(); } finally { db.close(); }
}

function refused(r: { code: number; stdout: string; stderr: string }, ...expected: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  for (const e of expected) expect(r.stderr).toContain(e);
  expect(r.stderr).not.toContain('omni hit a bug');
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
  expect(r.stderr.length).toBeLessThan(4000);
}

describe('hostile files and arguments', () => {
  const dir = workspace(BASIC_CONFIG + SUPPLIER); dirs.push(dir);
  const file = (name: string, text: string) => { writeFileSync(path.join(dir, name), text); return path.join(dir, name); };
  beforeAll(() => {
    expect(omni(dir, ['init']).code).toBe(0);
    expect(omni(dir, ['products', 'add', 'TEA-1', '-t', 'Tea']).code).toBe(0);
    expect(omni(dir, ['stock', 'count', 'TEA-1', '5', '-l', 'store']).code).toBe(0);
  });

  it('a supplier CSV with a giant cell or a quote never closed: exit 2 at row:column, nothing written', () => {
    const giant = file('giant.csv', `sku,cost,stock,title\nA-1,1.00,3,"${'x'.repeat(1_100_000)}"\n`);
    refused(omni(dir, ['import', 'supplier', 'acme', giant]), 'giant.csv:2:4:');
    const open = file('open.csv', `sku,cost,stock,title\nA-1,1.00,3,ok\nA-2,1.00,3,"never closed\n${'more text\n'.repeat(120_000)}`);
    refused(omni(dir, ['import', 'supplier', 'acme', open]), 'open.csv:3:4:', 'a closing " is probably missing');
    const oneLine = file('one-line.csv', `sku,cost,stock,title,${'x,'.repeat(2_200_000)}`);
    refused(omni(dir, ['import', 'supplier', 'acme', oneLine]), 'one-line.csv:1');
    expect(rows(dir, 'SELECT * FROM supplier_items')).toEqual([]);
  });

  it('control characters: a sku is refused everywhere it enters, text loses them', () => {
    refused(omni(dir, ['products', 'add', 'MUG\u0001', '-t', 'Mug']), 'MUG\\u0001', 'control character');
    refused(omni(dir, ['stock', 'adjust', 'TEA-1\u001b[2J', '1', '-l', 'store']), 'control character');
    refused(omni(dir, ['products', 'import', file('p.csv', 'sku,title\nNUL\u0000-2,Mug\nOK-1,Mu\u0000g\n')]), 'p.csv:2:sku', 'NUL');
    refused(omni(dir, ['stock', 'import', file('s.csv', 'sku,location,quantity\nTEA\u0000-1,store,3\n')]), 's.csv:2:sku', 'control character');
    refused(omni(dir, ['import', 'supplier', 'acme', file('nul.csv', 'sku,cost,stock,title\nSUP\u0000-1,1.00,3,ok\n')]), 'nul.csv:2:sku', 'control character');
    expect(rows(dir, "SELECT sku FROM products WHERE sku <> 'TEA-1'")).toEqual([]);
    // free text keeps tabs and newlines, loses NUL and escape sequences
    expect(omni(dir, ['products', 'import', file('ok.csv', 'sku,title\nOK-1,"Mu\u0000g\u001b[31m"\n')]).code).toBe(0);
    expect(rows(dir, "SELECT title FROM products WHERE sku = 'OK-1'")).toEqual([{ title: 'Mug[31m' }]);
  });

  it('numbers beyond sane bounds (and beyond 2^53) are refused wherever they enter', () => {
    const huge = '100000000000000000000';
    refused(omni(dir, ['stock', 'adjust', 'TEA-1', huge, '-l', 'store']), 'more than omni accepts');
    refused(omni(dir, ['stock', 'adjust', 'TEA-1', '9007199254740993', '-l', 'store']), 'more than omni accepts');
    refused(omni(dir, ['stock', 'count', 'TEA-1', huge, '-l', 'store']));
    refused(omni(dir, ['stock', 'import', file('big.csv', `sku,location,quantity\nTEA-1,store,${huge}\n`)]), 'big.csv:2:quantity');
    refused(omni(dir, ['products', 'add', 'TEA-1', '-p', huge]), 'is not a price');
    refused(omni(dir, ['products', 'import', file('bp.csv', `sku,title,price\nTEA-1,Tea,${huge}\n`)]), 'bp.csv:2:price');
    refused(omni(dir, ['import', 'supplier', 'acme', file('bs.csv', `sku,cost,stock,title\nS-1,${huge},3,ok\nS-2,1.00,${huge},ok\n`)]), 'bs.csv:2:cost', 'bs.csv:3:stock');
    // the master never saw them: the ledger still balances
    expect(omniJson<{ lines: { total: number }[] }>(dir, ['stock', 'TEA-1']).lines[0]!.total).toBe(5);
    const doctor = (JSON.parse(omni(dir, ['--json', 'doctor']).stdout) as { checks: { name: string; status: string }[] }).checks;
    expect(doctor.find((c) => c.name === 'stock ledger')?.status).toBe('pass');
    expect(rows(dir, "SELECT typeof(delta) AS t FROM stock_movements WHERE typeof(delta) <> 'integer'")).toEqual([]);
  });

  it('giant headers are not echoed in full', () => {
    const header = Array.from({ length: 50_000 }, (_, i) => `column-${i}`).join(',');
    refused(omni(dir, ['import', 'supplier', 'acme', file('wide.csv', `${header}\n1,2\n`)]), 'is not in the header row');
    refused(omni(dir, ['products', 'import', file('wide-p.csv', `sku,title,${header}\nA,B\n`)]), 'unknown column');
  });
});

describe('a YAML alias bomb', () => {
  it('is exit 2 with the line, not a bug', () => {
    const bomb = ['database: omni.sqlite', 'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`), 'locations:', '  - { code: store }', ''].join('\n');
    const dir = workspace(bomb); dirs.push(dir);
    refused(omni(dir, ['stock']), 'config.yaml uses YAML aliases that expand too far', 'config.yaml:3:');
    const doctor = omni(dir, ['doctor']);
    expect(doctor.code).toBe(2);
    expect(doctor.stdout).toContain('config.yaml:3:');
  });
});

describe('channel pulls are screened', () => {
  it('a listing or order line with a control character or an absurd number is left out with a warning', () => {
    const snap = screenSnapshot('shopify', {
      listings: [{ sku: 'XSS-1\u0000', quantity: 1 }, { sku: 'OK', quantity: 1e20 }, { sku: 'FINE', quantity: 3, priceMinor: 500 }],
      orders: [{ remoteId: '1', status: 'open', fulfilment: 'merchant', placedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', currency: 'EUR', totalMinor: 100,
        lines: [{ lineKey: 'a', sku: 'XSS-1\u0000', quantity: 1, unitPriceMinor: 100 }, { lineKey: 'b', sku: 'FINE', quantity: 2 ** 60, unitPriceMinor: 100 }, { lineKey: 'c', sku: 'FINE', quantity: 1, unitPriceMinor: 100 }] }],
      managedCounts: [{ location: 'fba', sku: 'FINE', quantity: Number.MAX_SAFE_INTEGER + 2 }], cursors: {}, warnings: [],
    });
    expect(snap.listings.map((l) => l.sku)).toEqual(['FINE']);
    expect([...snap.orders][0]!.lines.map((l) => l.lineKey)).toEqual(['c']);
    expect(snap.managedCounts).toEqual([]);
    expect(snap.warnings.join('\n')).toContain('sku "XSS-1NUL" contains a control character');
    expect(snap.warnings).toHaveLength(5);
  });
});

describe('a master that is not one', () => {
  const dir = workspace(); dirs.push(dir);
  const master = path.join(dir, 'omni.sqlite');
  const commands = [['stock'], ['status'], ['runs'], ['products', 'list'], ['stock', 'adjust', 'MUG', '1', '-l', 'store'], ['products', 'add', 'NEW', '-t', 'New']];
  beforeAll(() => {
    expect(omni(dir, ['init']).code).toBe(0);
    expect(omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']).code).toBe(0);
    const db = new Database(master);
    db.pragma('journal_mode = DELETE');
    const insert = db.prepare("INSERT INTO products (sku, title, currency, content_hash) VALUES (?, ?, 'EUR', 'x')");
    db.transaction(() => { for (let i = 0; i < 3000; i++) insert.run(`BULK-${i}`, 'A long enough title to fill many pages '.repeat(4)); })();
    db.close();
    mkdirSync(path.join(dir, 'backups'));
    copyFileSync(master, path.join(dir, 'backups', 'omni-2026-03-01.sqlite'));
  });

  it('--db at a file that is not SQLite: "not an omni database", from every command', () => {
    writeFileSync(path.join(dir, 'prices.sqlite'), 'sku,price\nA,1\n'.repeat(1000));
    for (const args of [...commands, ['doctor']]) {
      const r = omni(dir, ['--db', 'prices.sqlite', ...args]);
      expect(r.stderr + r.stdout, args.join(' ')).toContain(`${path.join(dir, 'prices.sqlite')} is not an omni database`);
      expect(r.code, args.join(' ')).toBe(args[0] === 'doctor' ? 1 : 2);
      expect(r.stderr).not.toContain('omni hit a bug');
    }
  });

  it('another program\'s SQLite file is not migrated into', () => {
    const other = new Database(path.join(dir, 'places.sqlite'));
    other.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)');
    other.close();
    refused(omni(dir, ['--db', 'places.sqlite', 'products', 'add', 'X', '-t', 'X']), 'is not an omni database', 'moz_places');
        const db = new Database(path.join(dir, 'places.sqlite'), { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['moz_places']);
    db.close();
  });

  it('a truncated or garbled master: "damaged", the newest backup named, from every command; doctor fails integrity', () => {
    const { size } = statSync(master);
    const truncated = path.join(dir, 'truncated.sqlite');
    copyFileSync(master, truncated);
    truncateSync(truncated, Math.floor(size / 2));
    const garbled = path.join(dir, 'garbled.sqlite');
    copyFileSync(master, garbled);
    const fd = openSync(garbled, 'r+');
    for (let page = 2; page * 4096 < size; page += 3) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, page * 4096 + 8);
    closeSync(fd);
    const lastPage = path.join(dir, 'last-page.sqlite');
    copyFileSync(master, lastPage);
    const lp = openSync(lastPage, 'r+');
    writeSync(lp, Buffer.alloc(4096, 0), 0, 4096, size - 4096);
    closeSync(lp);
    for (const bad of ['truncated.sqlite', 'garbled.sqlite', 'last-page.sqlite']) {
      // a command that never reads the bad page may still work; doctor's full check must find it
      for (const args of bad === 'last-page.sqlite' ? [] : commands) {
        const r = omni(dir, ['--db', bad, ...args]);
        const out = r.stderr + r.stdout;
        expect(out, `${bad} ${args.join(' ')}`).toContain(`${path.join(dir, bad)} is damaged`);
        expect(out).toContain(path.join(dir, 'backups', 'omni-2026-03-01.sqlite'));
        expect(r.code).toBe(2);
        expect(out).not.toContain('omni hit a bug');
      }
      const doctor = omni(dir, ['--db', bad, 'doctor']);
      expect(doctor.code, bad).toBe(1);
      expect(doctor.stdout).toMatch(/FAIL {2}database( integrity)?: /);
      expect(doctor.stdout).toContain(path.join(dir, 'backups', 'omni-2026-03-01.sqlite'));
      expect(doctor.stdout + doctor.stderr).not.toContain('omni hit a bug');
    }
  });
});

describe('what the engine sends', () => {
  it('a change beyond the bounds is failed by the engine, never handed to a connector or a POS import file', () => {
    const change = (action: Change['action'], after: number, desired?: Change['desired']): Change => ({ channel: 'pos', sku: 'A', channelSku: 'A', action, before: 1, after, key: 'k', reason: '', target: {}, ...(desired ? { desired } : {}) });
    expect(changeOutOfBounds(change('stock', 12))).toBeUndefined();
    expect(changeOutOfBounds(change('price', 1299))).toBeUndefined();
    expect(changeOutOfBounds(change('stock', 1e20))).toContain('more than omni accepts');
    expect(changeOutOfBounds(change('price', 2 ** 60))).toContain('more than omni accepts');
    expect(changeOutOfBounds(change('create', 3, { quantity: 3, priceMinor: 1e18 }))).toContain('price');
  });
});
