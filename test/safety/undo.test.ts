// `omni runs undo ID`: a local run's bookings reversed with compensating movements (once, however
// often it is asked), what cannot be undone named, channel syncs refused.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, omni, omniJson, withMaster, workspace, ROOT } from '../support/workspace.js';
import { ACME, fixture } from '../import/helpers.js';

let dir = '';
afterEach(() => { if (dir) cleanup(dir); dir = ''; });

const CONFIG = `database: omni.sqlite
currency: EUR
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
  - { code: acme-drop, kind: supplier, managed_by: acme }
channels:
  shopify:
    type: shopify
    shop: nowhere.myshopify.com
    endpoint: http://127.0.0.1:9/
    access_token: not-a-token
    stock_from: [store]
  pos:
    type: pos-file
    preset: square
    stock_from: [store]
    fulfil_from: [store]
    sales_file: exports/items-*.csv
    timezone: Europe/Berlin
    pos_location: High Street
    import_file: to-pos/square-import-{date}.csv
suppliers:
${ACME.replace('    columns:', '    dropship_location: acme-drop\n    create_new: true\n    columns:')}`;

const run = (...args: string[]) => omni(dir, args);
const ok = (...args: string[]) => { const r = run(...args); expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0); return r; };
const at = (sku: string, loc: string) => omniJson<{ lines: { locations: Record<string, number> }[] }>(dir, ['stock', sku]).lines[0]?.locations[loc] ?? 0;
const lastRun = (job: string) => omniJson<{ runs: { id: number; job: string; status: string }[] }>(dir, ['runs']).runs.find((r) => r.job === job)!;
interface Undo { counts: { reversed: number; alreadyUndone: number; superseded: number; productsRestored: number }; cannotUndo: { sku: string | null; why: string }[]; undoRunId: number | null }
const undo = (id: number, ...flags: string[]) => { const r = run('--json', 'runs', 'undo', String(id), ...flags); return { code: r.code, stderr: r.stderr, s: r.code <= 3 && r.stdout ? JSON.parse(r.stdout) as Undo : undefined }; };

function setup(): void {
  dir = withMaster(workspace(CONFIG));
  ok('products', 'import', path.join(ROOT, 'fixtures/demo/products.csv'));
}

describe('omni runs undo', () => {
  it('a stock import: reversed with later sales kept; a second undo books nothing; --dry-run books nothing', () => {
    setup();
    ok('stock', 'count', 'MUG-STONE-350', '5', '-l', 'store');
    writeFileSync(path.join(dir, 'counts.csv'), 'sku,location,quantity\nMUG-STONE-350,store,10\nTOWEL-LINEN,warehouse,8\n');
    ok('stock', 'import', 'counts.csv');
    expect(at('MUG-STONE-350', 'store')).toBe(10);
    ok('stock', 'adjust', 'MUG-STONE-350', '-3', '-l', 'store', '-r', 'sold');
    const imp = lastRun('import:stock');
    expect(imp.status).toBe('ok');

    const dry = undo(imp.id, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.s!.counts.reversed).toBe(2);
    expect(dry.s!.undoRunId).toBeNull();
    expect(at('MUG-STONE-350', 'store')).toBe(7);

    const first = undo(imp.id);
    expect(first.code, first.stderr).toBe(0);
    expect(first.s!.counts).toMatchObject({ reversed: 2, alreadyUndone: 0 });
    expect(at('MUG-STONE-350', 'store')).toBe(2); // 5 counted before, 3 sold since: the sale is kept
    expect(at('TOWEL-LINEN', 'warehouse')).toBe(0);
    expect(first.s!.cannotUndo.map((c) => c.why).join('\n')).toContain('the next sync corrects them');
    expect(lastRun(`undo:${imp.id}`).status).toBe('ok');

    const again = undo(imp.id);
    expect(again.code).toBe(0);
    expect(again.s!.counts).toMatchObject({ reversed: 0, alreadyUndone: 2 });
    expect(at('MUG-STONE-350', 'store')).toBe(2);
  });

  it('a movement a later count superseded is not undone, and says so (exit 3)', () => {
    setup();
    writeFileSync(path.join(dir, 'counts.csv'), 'sku,location,quantity\nMUG-STONE-350,store,10\nTOWEL-LINEN,store,8\n');
    ok('stock', 'import', 'counts.csv', '--as-of', '2020-01-01T00:00:00Z');
    ok('stock', 'count', 'MUG-STONE-350', '4', '-l', 'store');
    const r = undo(lastRun('import:stock').id);
    expect(r.code).toBe(3);
    expect(r.s!.counts).toMatchObject({ reversed: 1, superseded: 1 });
    expect(r.s!.cannotUndo.find((c) => c.sku === 'MUG-STONE-350')!.why).toMatch(/a later count \(movement #\d+, as of .*\) set MUG-STONE-350 at store since; that count stands/);
    expect(at('MUG-STONE-350', 'store')).toBe(4);
    expect(at('TOWEL-LINEN', 'store')).toBe(0);
  });

  it('a products import: prices put back, products it created archived', () => {
    setup();
    writeFileSync(path.join(dir, 'p.csv'), 'sku,title,price\nMUG-STONE-350,Stoneware mug,99.00\nNEW-THING,A new thing,5.00\n');
    const before = omniJson<{ priceMinor: number; title: string }>(dir, ['products', 'show', 'MUG-STONE-350']);
    ok('products', 'import', 'p.csv');
    expect(omniJson<{ priceMinor: number }>(dir, ['products', 'show', 'MUG-STONE-350']).priceMinor).toBe(9900);
    const r = undo(lastRun('import:products').id);
    expect(r.code, r.stderr).toBe(0);
    expect(r.s!.counts.productsRestored).toBe(2);
    const after = omniJson<{ priceMinor: number; title: string }>(dir, ['products', 'show', 'MUG-STONE-350']);
    expect(after).toMatchObject({ priceMinor: before.priceMinor, title: before.title });
    expect(omniJson<{ archived: boolean }>(dir, ['products', 'show', 'NEW-THING']).archived).toBe(true);
  });

  it('a supplier feed: its dropship counts taken back; costs and created products stay, said so', () => {
    setup();
    ok('import', 'supplier', 'acme', fixture('acme.csv'));
    expect(at('AC-100', 'acme-drop')).toBe(120);
    const r = undo(lastRun('import:acme').id);
    expect(r.code, r.stderr).toBe(0);
    expect(r.s!.counts.reversed).toBe(4);
    expect(at('AC-100', 'acme-drop')).toBe(0);
    expect(r.s!.cannotUndo.map((c) => c.why).join('\n')).toContain('product(s) the import created stay');
  });

  it('a POS file sync: its sales put back; the import file it wrote is left to the next sync', () => {
    setup();
    ok('stock', 'count', 'MUG-STONE-350', '200', '-l', 'store');
    mkdirSync(path.join(dir, 'exports'));
    const to = path.join(dir, 'exports', 'items-2026-06-01-2026-06-03.csv');
    copyFileSync(path.join(ROOT, 'fixtures/pos/square/items-2026-06-01-2026-06-03.csv'), to);
    const t = Date.now() / 1000 - 100;
    utimesSync(to, t, t);
    ok('sync', '--channel', 'pos');
    expect(at('MUG-STONE-350', 'store')).toBe(197);
    const r = undo(lastRun('pos').id);
    expect(r.code, r.stderr).toBe(0);
    expect(at('MUG-STONE-350', 'store')).toBe(200);
    expect(r.s!.cannotUndo.map((c) => c.why).join('\n')).toMatch(/change\(s\) this run sent to pos: the next sync corrects them/);
  });

  it('a channel sync, an undo run and an unknown run are refused (exit 2), no stack', () => {
    setup();
    expect(run('sync', '--channel', 'shopify').code).toBe(1); // unreachable, but journalled
    const sync = undo(lastRun('shopify').id);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain('is a sync with shopify; omni does not undo a channel sync');
    expect(sync.stderr).toContain('the next sync corrects the channel');
    writeFileSync(path.join(dir, 'counts.csv'), 'sku,location,quantity\nMUG-STONE-350,store,10\n');
    ok('stock', 'import', 'counts.csv');
    const imp = lastRun('import:stock');
    expect(undo(imp.id).code).toBe(0);
    const ofUndo = undo(lastRun(`undo:${imp.id}`).id);
    expect(ofUndo.code).toBe(2);
    expect(ofUndo.stderr).toContain('is itself an undo');
    const none = undo(9999);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No run 9999');
    expect(none.stderr + sync.stderr).not.toContain('    at ');
  });
});
