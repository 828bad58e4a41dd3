// The products and stock imports of bench/catalog.js on either engine, each in its own process:
// a first import into an empty master, then the same file again (nothing to change). For
// iterating on the PostgreSQL path without the POS export:
// `BENCH_ROWS=100000 BENCH_ENGINES=postgres,sqlite node bench/catalog-pg.js`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalog } from './generate-catalog.js';
import { benchPgServer } from './pg-server.js';
import { openDb, closeDb } from '../dist/src/db/open.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const lastJson = (out) => JSON.parse(out.toString().trim().split('\n').at(-1));

export async function benchCatalogEngines(rows = Number(process.env.BENCH_ROWS ?? 100_000), engines = (process.env.BENCH_ENGINES ?? 'postgres,sqlite').split(',')) {
  const data = path.join(here, '.data');
  mkdirSync(data, { recursive: true });
  if (!existsSync(path.join(data, `stock-${rows}.csv`))) await generateCatalog(data, rows);
  const out = [];
  for (const engine of engines) {
    const dir = path.join(data, `cat-${engine}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let database = 'omni.sqlite';
    if (engine === 'postgres') {
      const pg = await benchPgServer();
      if (!pg) continue;
      database = pg.createDatabase('bench_catalog');
    }
    // Only `omni init` creates a master; the bench makes the empty one it would.
    closeDb(openDb(engine === 'postgres' ? database : path.join(dir, database), { create: true }));
    writeFileSync(path.join(dir, 'config.yaml'), `database: ${database}\nreports_dir: reports\nlocations:\n  - { code: store, kind: store }\n  - { code: warehouse, kind: warehouse }\n`);
    const cli = (...args) => lastJson(execFileSync(process.execPath, [path.join(here, 'cli-child.js'), dir, ...args], { maxBuffer: 1 << 26 }));
    for (const [bench, args] of [
      ['products import', ['products', 'import', path.join(data, `products-${rows}.csv`)]],
      ['products again', ['products', 'import', path.join(data, `products-${rows}.csv`)]],
      ['stock import', ['stock', 'import', path.join(data, `stock-${rows}.csv`)]],
      ['stock again', ['stock', 'import', path.join(data, `stock-${rows}.csv`)]],
    ]) {
      const r = cli(...args);
      out.push({ engine, bench, rows, ms: Math.round(r.ms), exit: r.code, peakRssMb: Math.round(r.peakRssMb) });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchCatalogEngines(process.argv[2] ? Number(process.argv[2]) : undefined));
