// Every --json output (and -f json report) checked against its documented shape in docs/json/,
// from the real CLI on a real workspace (the demo shop, synced with the sandboxes). Each output
// carries its shape's formatVersion; every field is documented (the schemas list them all).
// Adding a command with --json: see src/cli/json-formats.ts, and add a case below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSON_FORMATS, type JsonFormat } from '../../src/cli/json-formats.js';
import { loadSchemas, SchemaChecker } from '../support/json-schema.js';
import { omni, tempDir, cleanup, ROOT } from '../support/workspace.js';

const SCHEMAS = path.join(ROOT, 'docs', 'json');
const checker = new SchemaChecker(loadSchemas(SCHEMAS));
const covered = new Set<JsonFormat>();
const dump = process.env.OMNI_JSON_DUMP;

let dir = '';
let demo = '';
const dirs: string[] = [];

/** Runs `omni --json ARGS` in the demo shop and checks the output against FORMAT's schema. */
function shape(format: JsonFormat, args: string[], opts: { codes?: number[]; cwd?: string } = {}): Record<string, unknown> {
  const r = omni(opts.cwd ?? demo, ['--json', ...args]);
  expect(opts.codes ?? [0], `omni ${args.join(' ')}: ${r.stderr}`).toContain(r.code);
  return checked(format, r.stdout, `omni ${args.join(' ')}`);
}

function checked(format: JsonFormat, text: string, what: string): Record<string, unknown> {
  const data = JSON.parse(text) as Record<string, unknown>;
  if (dump) { mkdirSync(dump, { recursive: true }); writeFileSync(path.join(dump, `${format}-${covered.size}-${Math.random().toString(36).slice(2, 6)}.json`), text); }
  expect(Object.keys(data)[0], what).toBe('formatVersion');
  expect(data.formatVersion, what).toBe(JSON_FORMATS[format]);
  expect(checker.check(`${format}.schema.json`, data), what).toEqual([]);
  covered.add(format);
  return data;
}

beforeAll(() => {
  dir = tempDir('omni-json-');
  dirs.push(dir);
  demo = path.join(dir, 'demo');
  const r = omni(dir, ['--json', 'demo', '--dir', 'demo']);
  expect(r.code, r.stderr).toBe(0);
  checked('demo', r.stdout, 'omni demo');
  appendFileSync(path.join(demo, 'config.yaml'), 'schedules:\n  nightly: { cron: "0 6 * * *", command: "report low-stock" }\n');
}, 180_000);
afterAll(() => dirs.forEach(cleanup));

describe('documented JSON shapes', () => {
  it('every schema is well-formed, and every registered shape has one', () => {
    const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'));
    for (const f of Object.keys(JSON_FORMATS)) expect(files, f).toContain(`${f}.schema.json`);
    for (const f of files.filter((x) => x !== 'common.schema.json')) {
      const s = JSON.parse(readFileSync(path.join(SCHEMAS, f), 'utf8')) as { $id: string; properties: { formatVersion: { const: number } } };
      const name = f.replace('.schema.json', '') as JsonFormat;
      expect(JSON_FORMATS[name], `${f} is not in src/cli/json-formats.ts`).toBeDefined();
      expect(s.properties.formatVersion.const, f).toBe(JSON_FORMATS[name]);
      expect(s.$id, f).toBe(`https://omni-inventory.github.io/omni/json/${f}`);
    }
  });

  it('init and doctor', () => {
    const fresh = tempDir('omni-json-init-');
    dirs.push(fresh);
    shape('init', ['init', fresh], { cwd: fresh });
    shape('doctor', ['doctor'], { cwd: fresh, codes: [0, 1] });
    shape('backup', ['backup', '--keep', '1'], { cwd: fresh });
    const copy = shape('db-copy', ['db', 'copy', '--to', path.join(fresh, 'copy.sqlite')], { cwd: fresh });
    expect(copy.verified).toEqual({ counts: true, ledger: true });
  });

  it('products', () => {
    const list = shape('products-list', ['products', 'list']);
    expect((list.products as { attributes: unknown }[])[0]!.attributes).toEqual({});
    shape('products-show', ['products', 'show', 'MUG-STONE-350']);
    shape('products-add', ['products', 'add', 'NEW-1', '-t', 'New thing', '-p', '1.00']);
    const csv = path.join(demo, 'new-products.csv');
    writeFileSync(csv, 'sku,title,price\nNEW-2,Another,2.50\n');
    shape('products-import', ['products', 'import', csv]);
    shape('products-bundle', ['products', 'bundle', 'GIFT-TEA-SET', 'TEA-EARL-100:2', 'POT-GLASS-1L:1']);
  });

  it('stock', () => {
    shape('stock', ['stock']);
    shape('stock-move', ['stock', 'adjust', 'MUG-STONE-350', '-1', '-l', 'store']);
    shape('stock-move', ['stock', 'count', 'MUG-STONE-350', '190', '-l', 'store']);
    shape('stock-move', ['stock', 'transfer', 'MUG-STONE-350', '5', '--from', 'warehouse', '--to', 'store']);
    const csv = path.join(demo, 'counts.csv');
    writeFileSync(csv, 'sku,location,quantity\nKETTLE-GOOSE,store,2\n');
    shape('stock-import', ['stock', 'import', csv]);
    const runs = shape('runs', ['runs']);
    const imported = (runs.runs as { id: number; job: string }[]).find((r) => r.job === 'import:stock')!;
    shape('runs-undo', ['runs', 'undo', String(imported.id), '--dry-run']);
    shape('runs-undo', ['runs', 'undo', String(imported.id)]);
  });

  it('reports, printed and written', () => {
    shape('report-low-stock', ['report', 'low-stock']);
    const sales = shape('report-sales', ['report', 'sales']);
    expect((sales.totals as { netMinor: number }).netMinor).toBeGreaterThan(0);
    shape('report-sales', ['report', 'sales', '--by', 'product']);
    shape('report-best-sellers', ['report', 'best-sellers']);
    shape('report-stock-by-location', ['report', 'stock-by-location']);
    shape('report-journal', ['report', 'journal']);
    shape('report-written', ['report', 'sales', '-f', 'html', '-o', path.join(demo, 'sales.html')]);
    const file = path.join(demo, 'sales.json');
    shape('report-written', ['report', 'sales', '-o', file]);
    checked('report-sales', readFileSync(file, 'utf8'), 'report sales -o sales.json');
  });

  it('sync (printed and its .json report), runs and status', () => {
    const sync = shape('sync', ['sync', '--channel', 'pos', '--dry-run']);
    const json = (sync.files as string[]).find((f) => f.endsWith('.json'))!;
    checked('sync', readFileSync(json, 'utf8'), json);
    const runs = shape('runs', ['runs']);
    shape('runs-show', ['runs', 'show', String((runs.runs as { id: number }[]).at(-1)!.id)]);
    shape('status', ['status']);
    const plan = path.join(demo, 'plan.json');
    shape('sync', ['sync', '--channel', 'pos', '--plan-out', plan]);
    checked('plan', readFileSync(plan, 'utf8'), 'sync --plan-out plan.json');
    shape('sync', ['apply', plan]);
  });

  it('listings and explain', () => {
    shape('listings-list', ['listings', 'list']);
    shape('listings-unmatched', ['listings', 'unmatched']);
    shape('listings-map', ['listings', 'map', 'amazon', 'AMZ-MUG-FBA', 'MUG-STONE-350']);
    shape('listings-unmap', ['listings', 'unmap', 'amazon', 'AMZ-MUG-FBA']);
    const csv = path.join(demo, 'map.csv');
    writeFileSync(csv, 'channel,channel_sku,sku\namazon,AMZ-TOWEL,TOWEL-LINEN\n');
    shape('listings-import', ['listings', 'import', csv]);
    for (const sku of ['MUG-STONE-350', 'GIFT-TEA-SET', 'KETTLE-GOOSE']) shape('explain', ['explain', sku]);
    shape('explain', ['explain', 'MUG-STONE-350', '--channel', 'amazon']);
  });

  it('supplier import (printed and its .json report)', () => {
    const r = shape('import-supplier', ['import', 'supplier', 'acme', '--dry-run']);
    const json = (r.files as string[]).find((f) => f.endsWith('.json'))!;
    checked('import-supplier', readFileSync(json, 'utf8'), json);
  });

  it('schedule', () => {
    shape('schedule-list', ['schedule', 'list']);
    shape('schedule-install', ['schedule', 'install', '--cron']);
    shape('schedule-install', ['schedule', 'install', '--systemd', '--user', '--dir', path.join(demo, 'units')]);
    shape('schedule-uninstall', ['schedule', 'uninstall']);
    shape('schedule-uninstall', ['schedule', 'uninstall']);
  });

  it('customers, orders and returns', () => {
    const customers = shape('customers-list', ['customers', 'list']);
    const ids = (customers.customers as { id: number }[]).map((c) => c.id);
    shape('customers-show', ['customers', 'show', String(ids[0])]);
    shape('customers-merge', ['customers', 'merge', String(ids[1]), '--into', String(ids[0])]);
    shape('customers-split', ['customers', 'split', String(ids[1])]);
    const orders = shape('orders-list', ['orders', 'list', '--channel', 'shopify']);
    const o = (orders.orders as { channel: string; remoteId: string; skus: string[] }[])[0]!;
    shape('orders-show', ['orders', 'show', `${o.channel}:${o.remoteId}`]);
    shape('returns-add', ['returns', 'add', '--order', `${o.channel}:${o.remoteId}`, '--sku', o.skus[0]!, '--qty', '1', '--to', 'store']);
  });

  it('purchasing and suppliers', () => {
    shape('po-suggest', ['po', 'suggest']);
    const created = shape('po-create', ['po', 'create', '--supplier', 'nordkeramik', '--line', 'MUG-STONE-350:12']);
    const number = created.number as string;
    shape('po-suggest', ['po', 'suggest', '--create']);
    shape('po-list', ['po', 'list']);
    shape('po-show', ['po', 'show', number]);
    shape('po-export', ['po', 'export', number, '-o', path.join(demo, 'po.csv')]);
    const delivery = path.join(demo, 'delivery.csv');
    writeFileSync(delivery, 'sku,quantity\nMUG-STONE-350,10\nNO-SUCH-CODE,1\n');
    shape('po-receive', ['po', 'receive', number, '--file', delivery, '--to', 'warehouse', '--skip-unknown'], { codes: [3] });
    const invoice = path.join(demo, 'invoice.csv');
    writeFileSync(invoice, 'sku,quantity,unit_price\nMUG-STONE-350,12,5.20\n');
    shape('po-check-invoice', ['po', 'check-invoice', number, invoice], { codes: [0, 1] });
    shape('suppliers-map', ['suppliers', 'map', 'nordkeramik', 'NO-SUCH-CODE', 'MUG-STONE-350']);
  });

  it('status after omni watch: its channels, reads and latencies', () => {
    const moved = omni(demo, ['stock', 'adjust', 'MUG-STONE-350', '-1', '-l', 'store']);
    expect(moved.code, moved.stderr).toBe(0);
    const r = omni(demo, ['watch', '--channel', 'pos', '--once']);
    expect(r.code, r.stderr).toBe(0);
    const st = shape('status', ['status']);
    const pos = (st.watch as { channels: { channel: string; readsLastHour: number; rateLimitShare: number | null }[] }).channels.find((c) => c.channel === 'pos');
    expect(pos?.readsLastHour).toBeGreaterThan(0);
    expect(pos?.rateLimitShare).toBeNull();
  });

  it('every registered shape was checked against real output', () => {
    expect([...Object.keys(JSON_FORMATS)].filter((f) => !covered.has(f as JsonFormat))).toEqual([]);
    expect(existsSync(SCHEMAS)).toBe(true);
  });
});
