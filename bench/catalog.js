// Issue #14: every other import path at full size, one after the other into one master: a
// products CSV (a whole catalog), the stocktake of it at two locations, and a POS sales export
// of as many sale lines plus a refund of every tenth receipt at its end (the pull and apply of a
// sync), the POS read both as a scheduled job runs it and as a sync typed by hand. Each runs in
// its own process; the figure that matters is its peak RSS. Goal: ≤ 200 MB each at 1M rows.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalog, posSalesFile } from './generate-catalog.js';
import { openDb, closeDb } from '../dist/src/db/open.js';
import { JOB_NODE_FLAGS } from '../dist/src/app/watch/node-flags.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const lastJson = (out) => JSON.parse(out.toString().trim().split('\n').at(-1));

// The POS export reads far slower than the others today (orders are booked row by row through
// the ORM): BENCH_POS_ROWS=100000 keeps a run short.
export async function benchCatalog(rows = Number(process.env.BENCH_ROWS ?? 1_000_000), posRows = Number(process.env.BENCH_POS_ROWS ?? rows)) {
  const data = path.join(here, '.data');
  mkdirSync(data, { recursive: true });
  if (!existsSync(path.join(data, posSalesFile(rows)))) await generateCatalog(data, rows);
  if (!existsSync(path.join(data, posSalesFile(posRows)))) await generateCatalog(data, posRows);
  const dir = path.join(data, 'catalog');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'exports'), { recursive: true });
  writeFileSync(path.join(dir, 'config.yaml'), `database: omni.sqlite
reports_dir: reports
timezone: Europe/Berlin
locations:
  - { code: store, kind: store }
  - { code: warehouse, kind: warehouse }
channels:
  pos:
    type: pos-file
    preset: square
    stock_from: [store]
    sales_file: ${path.join(data, posSalesFile(posRows))}
    pos_location: High Street
    import_file: to-pos/import-{date}.csv
`);
  // Only `omni init` creates a master; the bench makes the empty one it would.
  closeDb(openDb(path.join(dir, 'omni.sqlite'), { create: true }));
  const cli = (...args) => lastJson(execFileSync(process.execPath, [path.join(here, 'cli-child.js'), dir, ...args], { maxBuffer: 1 << 26 }));
  const out = [];
  const products = cli('products', 'import', path.join(data, `products-${rows}.csv`));
  out.push({ bench: 'products import', rows, ms: Math.round(products.ms), exit: products.code, peakRssMb: Math.round(products.peakRssMb), goal: '≤ 200 MB' });
  const stock = cli('stock', 'import', path.join(data, `stock-${rows}.csv`));
  out.push({ bench: 'stock import', rows, ms: Math.round(stock.ms), exit: stock.code, peakRssMb: Math.round(stock.peakRssMb), goal: '≤ 200 MB' });
  // The POS read twice from the same master: with the node flags of a scheduled job (omni
  // schedule run, cron, the systemd timers: each job is its own node process) and with node's
  // defaults (a sync typed by hand).
  copyFileSync(path.join(dir, 'omni.sqlite'), path.join(dir, 'before-pos.sqlite'));
  for (const [how, flags] of [['scheduled job', JOB_NODE_FLAGS], ['by hand', []]]) {
    for (const f of ['omni.sqlite-wal', 'omni.sqlite-shm']) rmSync(path.join(dir, f), { force: true });
    copyFileSync(path.join(dir, 'before-pos.sqlite'), path.join(dir, 'omni.sqlite'));
    const bench = `POS sales export (${how})`;
    try {
      const pos = JSON.parse(execFileSync(process.execPath, [...flags, path.join(here, 'pos-child.js'), path.join(dir, 'config.yaml'), 'pos'], { maxBuffer: 1 << 26 }).toString());
      out.push({ bench, rows: posRows, ms: Math.round(pos.ms), orders: pos.orders, refunds: pos.refunds, peakRssMb: Math.round(pos.peakRssMb), goal: '≤ 200 MB' });
    } catch (e) {
      out.push({ bench, rows: posRows, note: `failed: ${String(e.message).split('\n')[0]}`, goal: '≤ 200 MB' });
    }
  }
  rmSync(path.join(dir, 'before-pos.sqlite'), { force: true });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchCatalog(process.argv[2] ? Number(process.argv[2]) : undefined));
