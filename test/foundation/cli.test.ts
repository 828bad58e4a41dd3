// The CLI as a user runs it: real processes, real temp folders, real SQLite files.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { omni, omniJson, workspace, withMaster, tempDir, cleanup, BASIC_CONFIG, BIN } from '../support/workspace.js';

const dirs: string[] = [];
// a workspace with its master (only init and demo create one)
const ws = (config?: string) => { const d = withMaster(workspace(config)); dirs.push(d); return d; };
afterAll(() => dirs.forEach(cleanup));

describe('omni --help / --version', () => {
  it('lists the commands with one-line descriptions', () => {
    const r = omni(process.cwd(), ['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'doctor', 'demo', 'products', 'stock', 'report']) expect(r.stdout).toMatch(new RegExp(`\\n  ${c}\\b`));
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 failed, 2 bad usage or config, 3 refused');
  });

  it('prints the version and rejects unknown commands with exit 2', () => {
    expect(omni(process.cwd(), ['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(omni(process.cwd(), ['frobnicate']).code).toBe(2);
  });
});

describe('omni init', () => {
  it('writes config.yaml and the database, and a second run changes nothing', () => {
    const dir = tempDir(); dirs.push(dir);
    const first = omni(dir, ['init']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Wrote');
    expect(existsSync(path.join(dir, 'config.yaml'))).toBe(true);
    expect(existsSync(path.join(dir, 'omni.sqlite'))).toBe(true);
    const before = readFileSync(path.join(dir, 'config.yaml'), 'utf8');
    const second = omni(dir, ['init']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to do');
    expect(readFileSync(path.join(dir, 'config.yaml'), 'utf8')).toBe(before);
  });

  it('creates the folder it is given, and the example config it writes is valid as written', () => {
    const dir = tempDir(); dirs.push(dir);
    const shop = path.join(dir, 'shop', 'main');
    expect(omni(dir, ['init', shop]).code).toBe(0);
    const doctor = omni(shop, ['doctor']);
    expect(doctor.stdout).toMatch(/config/i);
    expect(doctor.stdout).not.toMatch(/FAIL.*config/i);
  });
});

describe('bad config', () => {
  it('exits 2 naming file, line and key', () => {
    const dir = ws(BASIC_CONFIG.replace('buffer: 2', 'buffer: lots'));
    const r = omni(dir, ['stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml:\d+: channels\.shopify\.buffer:/);
  });

  it('a missing secret env var fails the channel that needs it, naming the line, and never prints a secret', () => {
    const dir = ws(BASIC_CONFIG.replace('buffer: 2', 'buffer: 2\n    access_token: ${OMNI_TEST_MISSING}').replace('allocation: "80%"', 'allocation: "80%"\n    client_secret: ${OMNI_TEST_SECRET}'));
    // the master is readable in a shell that does not hold the cron job's secrets
    expect(omni(dir, ['stock'], { OMNI_TEST_SECRET: 'very-secret-value-42' }).code).toBe(0);
    const r = omni(dir, ['sync', '--channel', 'shopify', '--dry-run'], { OMNI_TEST_SECRET: 'very-secret-value-42' });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/config\.yaml:\d+: channels\.shopify\.access_token: environment variable OMNI_TEST_MISSING is not set/);
    expect(r.stderr + r.stdout).not.toContain('very-secret-value-42');
    const doctor = omni(dir, ['doctor'], { OMNI_TEST_SECRET: 'very-secret-value-42' });
    expect(doctor.stdout).toMatch(/OMNI_TEST_MISSING is not set/);
    expect(doctor.stdout).not.toContain('very-secret-value-42');
  });

  it('says how to start when there is no config', () => {
    const dir = tempDir(); dirs.push(dir);
    const r = omni(dir, ['stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('omni init');
  });
});

describe('products and stock', () => {
  it('adds, lists, shows products and moves stock through the ledger', () => {
    const dir = ws();
    expect(omni(dir, ['products', 'add', 'MUG', '-t', 'Mug "Fjord"', '-p', '14.90', '--reorder-point', '10']).code).toBe(0);
    const list = omniJson<{ products: { sku: string; priceMinor: number }[] }>(dir, ['products', 'list']);
    expect(list).toMatchObject({ formatVersion: 1, products: [{ sku: 'MUG', priceMinor: 1490, currency: 'EUR', attributes: {} }] });

    expect(omni(dir, ['stock', 'count', 'MUG', '200', '-l', 'store']).code).toBe(0);
    expect(omni(dir, ['stock', 'count', 'MUG', '300', '-l', 'warehouse']).code).toBe(0);
    // amazon-fba is counted by Amazon: omni books Amazon's count there at every sync
    const fba = omni(dir, ['stock', 'count', 'MUG', '200', '-l', 'amazon-fba']);
    expect([fba.code, fba.stderr]).toEqual([2, expect.stringContaining('amazon-fba is counted by amazon')]);
    const [line] = omniJson<{ lines: { total: number; published: Record<string, number> }[] }>(dir, ['stock', 'MUG']).lines;
    expect(line).toMatchObject({ total: 500, published: { shopify: 498, amazon: 240 } });

    expect(omni(dir, ['stock', 'adjust', 'MUG', '-3', '-l', 'store', '-r', 'broken', '-k', 'b1']).code).toBe(0);
    const again = omni(dir, ['stock', 'adjust', 'MUG', '-3', '-l', 'store', '-r', 'broken', '-k', 'b1']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Already recorded');
    expect(omni(dir, ['stock', 'transfer', 'MUG', '50', '--from', 'warehouse', '--to', 'store']).code).toBe(0);
    const shown = omniJson<{ stock: { location: string; onHand: number }[] }>(dir, ['products', 'show', 'MUG']);
    expect(Object.fromEntries(shown.stock.map((s) => [s.location, s.onHand]))).toEqual({ store: 247, warehouse: 250 });
  });

  it('refuses bad stock commands with clear messages and the right exit codes', () => {
    const dir = ws();
    omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']);
    omni(dir, ['stock', 'count', 'MUG', '2', '-l', 'store']);
    const unknownSku = omni(dir, ['stock', 'adjust', 'NOPE', '1', '-l', 'store']);
    expect([unknownSku.code, unknownSku.stderr]).toEqual([2, expect.stringContaining('Unknown sku "NOPE"')]);
    const unknownLoc = omni(dir, ['stock', 'adjust', 'MUG', '1', '-l', 'attic']);
    expect([unknownLoc.code, unknownLoc.stderr]).toEqual([2, expect.stringContaining('Known locations: amazon-fba, store, warehouse')]);
    const negative = omni(dir, ['stock', 'adjust', 'MUG', '-5', '-l', 'store']);
    expect([negative.code, negative.stderr]).toEqual([3, expect.stringContaining('--allow-negative')]);
    expect(omni(dir, ['stock', 'adjust', 'MUG', '-5', '-l', 'store', '--allow-negative']).code).toBe(0);
    expect(omni(dir, ['stock', 'adjust', 'MUG', 'lots', '-l', 'store']).code).toBe(2);
    expect(omni(dir, ['stock', 'count', 'MUG', '-1', '-l', 'store']).code).toBe(2);
  });

  it('imports a products CSV all-or-nothing, listing every bad cell', () => {
    const dir = ws();
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'sku,title,price,colour\nA,Alpha,1.00,red\n,Nameless,2.00,blue\nA,Again,x,green\n');
    const r = omni(dir, ['products', 'import', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv:1:4: unknown column "colour"');
    writeFileSync(bad, 'sku,title,price\nA,Alpha,1.00\n,Nameless,2.00\nA,Again,x\n');
    const r2 = omni(dir, ['products', 'import', bad]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('bad.csv:3:sku: empty sku');
    expect(r2.stderr).toContain('bad.csv:4:sku: duplicate sku "A" (first on row 2)');
    expect(r2.stderr).toContain('bad.csv:4:price: "x" is not a price');
    expect(omniJson<{ products: unknown[] }>(dir, ['products', 'list']).products).toEqual([]);

    const good = path.join(dir, 'good.csv');
    writeFileSync(good, '\uFEFFsku,title,price,reorder_point\nA,Alpha,1.00,3\nB,"Beta, large",2.50,\n');
    expect(omniJson(dir, ['products', 'import', good])).toMatchObject({ rows: 2, created: 2 });
    expect(omniJson(dir, ['products', 'import', good])).toMatchObject({ rows: 2, created: 0, unchanged: 2 });
    expect(omniJson(dir, ['products', 'import', '--dry-run', good])).toMatchObject({ dryRun: true, unchanged: 2 });
  });

  it('refuses a decimal comma instead of pricing 100 times too high', () => {
    const dir = ws();
    const r = omni(dir, ['products', 'add', 'K', '-t', 'Kettle', '-p', '49,00']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('"49,00" is not a price')]);
    const csv = path.join(dir, 'comma.csv');
    writeFileSync(csv, 'sku,title,price\nX-1,Foo,"12,50"\nX-2,Bar,12,50\n');
    const c = omni(dir, ['products', 'import', csv]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('comma.csv:2:price: "12,50" is not a price');
    expect(c.stderr).toContain('comma.csv:3: 4 cells but 3 columns');
    expect(omniJson<{ products: unknown[] }>(dir, ['products', 'list']).products).toEqual([]);
  });

  it('reads a German Excel export as it is: ; between cells, 12,50 and 1.234,50 as prices, windows-1252', () => {
    const dir = ws();
    const csv = path.join(dir, 'artikel.csv');
    writeFileSync(csv, Buffer.from('sku;title;price;cost\r\nK;Wasserkocher Größe L;1.234,50;12,5\r\nT;Tee;7,50;\r\n', 'latin1'));
    const r = omni(dir, ['--json', 'products', 'import', csv]);
    expect(r.code, r.stderr).toBe(0);
    const { products } = omniJson<{ products: { sku: string; title: string; priceMinor: number; costMinor: number | null }[] }>(dir, ['products', 'list']);
    expect(products.map((p) => [p.sku, p.title, p.priceMinor, p.costMinor])).toEqual([['K', 'Wasserkocher Größe L', 123450, 1250], ['T', 'Tee', 750, null]]);
    // the same detection for opening stock
    const stock = path.join(dir, 'bestand.csv');
    writeFileSync(stock, 'sku;location;quantity\nK;store;3\n');
    expect(omniJson(dir, ['stock', 'import', stock])).toMatchObject({ rows: 1, changed: 1 });
    // one file, one decimal mark: a point among comma decimals is named
    writeFileSync(csv, 'sku;title;price\nA;Alpha;7,50\nB;Beta;7.50\nC;Gamma;2,90\n');
    const mixed = omni(dir, ['products', 'import', csv]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('artikel.csv:3:price: "7.50" is not a price (this file writes prices like 12,50)');
  });

  it('updating a product keeps every field not given', () => {
    const dir = ws();
    expect(omni(dir, ['products', 'add', 'K', '-t', 'Kettle', '-p', '52.00', '--cost', '20.00', '--barcode', '4006381333931', '--brand', 'Brühwerk']).code).toBe(0);
    expect(omni(dir, ['products', 'add', 'K', '-p', '49.00']).code).toBe(0);
    const csv = path.join(dir, 'titles.csv');
    writeFileSync(csv, 'sku,title\nK,Gooseneck kettle\n');
    expect(omni(dir, ['products', 'import', csv]).code).toBe(0);
    const k = omniJson<Record<string, unknown>>(dir, ['products', 'show', 'K']);
    expect(k).toMatchObject({ title: 'Gooseneck kettle', priceMinor: 4900, costMinor: 2000, brand: 'Brühwerk', barcode: '4006381333931' });
    const fresh = omni(dir, ['products', 'add', 'NEW', '-p', '1.00']);
    expect([fresh.code, fresh.stderr]).toEqual([2, expect.stringContaining('NEW is a new product: give it a title')]);
  });
});

describe('onboarding a shop in bulk', () => {
  it('stock import books counts all or nothing, once per file; a bundle publishes what its components allow', () => {
    const dir = ws();
    for (const [sku, title] of [['TEA', 'Tea'], ['POT', 'Pot'], ['GIFT', 'Gift set']]) expect(omni(dir, ['products', 'add', sku!, '-t', title!]).code).toBe(0);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'sku,location,quantity\nTEA,attic,2\nNOPE,store,x\n');
    const r = omni(dir, ['stock', 'import', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv:2:location: unknown location "attic"');
    expect(r.stderr).toContain('bad.csv:3:quantity: "x" is not a whole number');
    const good = path.join(dir, 'opening.csv');
    writeFileSync(good, 'sku,location,quantity\nTEA,store,20\nTEA,warehouse,30\nPOT,warehouse,4\n');
    expect(omniJson(dir, ['stock', 'import', good])).toMatchObject({ rows: 3, changed: 3 });
    expect(omni(dir, ['stock', 'adjust', 'TEA', '-1', '-l', 'store']).code).toBe(0); // a sale since
    expect(omniJson(dir, ['stock', 'import', good])).toMatchObject({ rows: 3, changed: 0 });
    expect(omniJson<{ lines: { total: number }[] }>(dir, ['stock', 'TEA']).lines[0]!.total).toBe(49);

    expect(omni(dir, ['products', 'bundle', 'GIFT', 'TEA:2', 'POT:1']).code).toBe(0);
    const [gift] = omniJson<{ lines: { published: Record<string, number> }[] }>(dir, ['stock', 'GIFT']).lines;
    // shopify sells warehouse + store less 2: TEA 49 - 2 = 47 → 23 sets; POT 4 - 2 = 2 → 2 sets
    expect(gift!.published.shopify).toBe(2);
    expect(omni(dir, ['products', 'bundle', 'GIFT', 'TEA-2']).code).toBe(2);
  });
});

describe('names the user types', () => {
  it('an unknown channel is bad usage (exit 2): nothing is journalled, no report is written', () => {
    const dir = ws();
    const r = omni(dir, ['sync', '--channel', 'shopfy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No channel named "shopfy"');
    expect(r.stderr).toContain('Channels: shopify, amazon');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
    const o = omni(dir, ['orders', 'list', '--channel', 'ebay']);
    expect([o.code, o.stderr]).toEqual([2, expect.stringContaining('No channel named "ebay"')]);
  });
});

describe('files the user names', () => {
  it('a --db path that does not exist is an error for a reading command, not an empty shop', () => {
    const dir = ws();
    omni(dir, ['init']);
    const r = omni(dir, ['--db', path.join(dir, 'omni.sqlte'), 'stock']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('No omni database at')]);
    expect(existsSync(path.join(dir, 'omni.sqlte'))).toBe(false);
  });

  it('a folder that does not exist is a clear usage error (exit 2), not a bug', () => {
    const dir = ws();
    const r = omni(dir, ['report', 'low-stock', '-f', 'csv', '-o', path.join(dir, 'nope', 'low.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
    expect(r.stderr).not.toContain('hit a bug');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('report low-stock', () => {
  it('lists products at or below their reorder point as table, JSON and CSV', () => {
    const dir = ws();
    omni(dir, ['products', 'add', 'LOW', '-t', '=cmd|calc', '--reorder-point', '10']);
    omni(dir, ['products', 'add', 'OK', '-t', 'Fine']);
    omni(dir, ['stock', 'count', 'LOW', '4', '-l', 'store']);
    omni(dir, ['stock', 'count', 'OK', '50', '-l', 'store']);
    expect(omniJson(dir, ['report', 'low-stock'])).toEqual({ formatVersion: 1, products: [{ sku: 'LOW', title: '=cmd|calc', total: 4, reorderPoint: 10, reorderQty: null }] });
    const csv = omni(dir, ['report', 'low-stock', '-f', 'csv']).stdout;
    expect(csv).toBe("sku,title,total,reorder_point,reorder_qty\r\nLOW,'=cmd|calc,4,10,\r\n");
    expect(omni(dir, ['report', 'low-stock']).stdout).toMatch(/LOW\s+=cmd\|calc\s+4\s+10/);
  });
});

describe('omni doctor', () => {
  it('passes on a fresh workspace and fails with a hint when the database is missing', () => {
    const dir = workspace(BASIC_CONFIG.slice(0, BASIC_CONFIG.indexOf('channels:'))); dirs.push(dir);
    const missing = omni(dir, ['doctor']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/FAIL\s+database: .* does not exist/);
    omni(dir, ['init']);
    const ok = omni(dir, ['doctor']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/PASS\s+database integrity: ok/);
    expect(ok.stdout).toMatch(/PASS\s+stock ledger/);
  });

  it('fails a channel whose connector keys are missing, naming them', () => {
    const dir = ws();
    omni(dir, ['init']);
    const r = omni(dir, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+channel shopify: .*not set up right[\s\S]*channels\.shopify\.shop: required/);
    expect(r.stdout).toMatch(/channels\.amazon\.seller_id: required/);
  });

  it('exits 2 when the config itself is bad', () => {
    const dir = ws(BASIC_CONFIG.replace('buffer: 2', 'bufer: 2'));
    const r = omni(dir, ['doctor']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/FAIL\s+config: [\s\S]*channels\.shopify\.bufer: unknown key \(did you mean buffer\?\)/);
  });
});

describe('omni demo', () => {
  it('seeds the 200 + 300 + 200 = 700 example and shows it; the commands it prints work as printed from there', () => {
    const dir = tempDir(); dirs.push(dir);
    // run from a folder outside the package, with no omni on the PATH (as after `npm ci && npx omni demo` elsewhere)
    const r = omni(dir, ['demo', '--dir', 'demo']);
    expect(r.code).toBe(0);
    const printed = r.stdout.slice(r.stdout.indexOf('To keep trying, from here:')).split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
    expect(printed).toContain(`node ${BIN} -c demo/config.yaml stock MUG-STONE-350`);
    for (const line of printed) {
      const sh = spawnSync('/bin/sh', ['-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(sh.status, `${line}\n${sh.stderr}`).toBe(0);
    }
    // the sandboxes' credentials are in omni.env (private), config.yaml only names them
    const config = readFileSync(path.join(dir, 'demo', 'config.yaml'), 'utf8');
    expect(config).toContain('access_token: ${SHOPIFY_ACCESS_TOKEN}');
    expect(config).toContain('refresh_token: ${AMAZON_REFRESH_TOKEN}');
    expect(config).not.toMatch(/shpat_|Atzr\|/);
    const envFile = path.join(dir, 'demo', 'omni.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, 'utf8')).toMatch(/^SHOPIFY_ACCESS_TOKEN=\S+$/m);
    expect(r.stdout).toMatch(/MUG-STONE-350\s+200\s+300\s+200\s+700/);
    const [mug] = omniJson<{ lines: { total: number }[] }>(path.join(dir, 'demo'), ['stock', 'MUG-STONE-350']).lines;
    // after the sales the demo makes, `omni stock` agrees with the demo's last table
    const last = [...r.stdout.matchAll(/MUG-STONE-350\s+\d+\s+\d+\s+\d+\s+(\d+)/g)].at(-1)!;
    expect(mug!.total).toBe(Number(last[1]));
    expect(mug!.total).toBeLessThan(700);
  });

  it('syncs every channel against the sandboxes: sales come in once, nothing is refused', () => {
    const dir = tempDir(); dirs.push(dir);
    const r = omni(process.cwd(), ['demo', '--dir', path.join(dir, 'demo'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    type Line = { sku: string; locations: Record<string, number> };
    type Round = { channels: { channel: string; status: string }[] };
    type Bundle = { sku: string; components: { sku: string; before: Record<string, number | null>; after: Record<string, number | null> }[] };
    const out = JSON.parse(r.stdout) as { sync: { first: Round; second: Round; before: Line[]; after: Line[]; bundle: Bundle } };
    for (const run of [...out.sync.first.channels, ...out.sync.second.channels]) expect(run, run.channel).toMatchObject({ status: 'ok' });
    const at = (lines: Line[], sku: string) => lines.find((l) => l.sku === sku)!.locations;
    expect(at(out.sync.after, 'TEA-EARL-100')['amazon-fba']).toBe(at(out.sync.before, 'TEA-EARL-100')['amazon-fba']! - 3);
    expect(at(out.sync.after, 'KETTLE-GOOSE').warehouse).toBe(at(out.sync.before, 'KETTLE-GOOSE').warehouse! - 1);
    expect(at(out.sync.after, 'MUG-STONE-350').warehouse).toBe(at(out.sync.before, 'MUG-STONE-350').warehouse! - 2);
    // the gift set sold on Shopify took each of its parts off the warehouse, and the channels selling from there publish one fewer
    for (const part of ['POT-GLASS-1L', 'TEA-SENCHA-100']) expect(at(out.sync.after, part).warehouse, part).toBe(at(out.sync.before, part).warehouse! - 1);
    expect(at(out.sync.after, 'TEA-EARL-100').warehouse).toBe(at(out.sync.before, 'TEA-EARL-100').warehouse! - 1);
    const pot = out.sync.bundle.components.find((c) => c.sku === 'POT-GLASS-1L')!;
    expect([pot.after.shopify, pot.after.amazon]).toEqual([pot.before.shopify! - 1, pot.before.amazon! - 1]);
    expect(at(out.sync.after, 'GIFT-TEA-SET')).toEqual({});
  });

  it('--no-sync only seeds', () => {
    const dir = tempDir(); dirs.push(dir);
    const r = omni(process.cwd(), ['demo', '--dir', path.join(dir, 'demo'), '--no-sync']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('First sync');
    const [mug] = omniJson<{ lines: { total: number }[] }>(path.join(dir, 'demo'), ['stock', 'MUG-STONE-350']).lines;
    expect(mug!.total).toBe(700 - 2 - 1 + 1);
  });
});
