// Issues #3 and #14: a supplier feed of N rows in the realistic shape (sku, long title, cost,
// quantity, EAN: generate-supplier-feed.js) against the sqlite3 CLI's `.import` of the same CSV
// into a table with a primary key, measured in the same run:
//   first import into a fresh master          goal ≤ 2.0× .import, ≤ 200 MB
//   the same with --create-new (seeding)      goal ≤ 3.0× .import, ≤ 200 MB
//   re-import with 1% of rows changed         goal ≤ 0.4× the first import
//   the same feed as .xlsx (as Excel writes)  goal ≤ 3× the CSV import, ≤ 200 MB
// and, when PostgreSQL is installed, the same feed into a PostgreSQL master on a throwaway server
// (bench/pg-server.js) against PostgreSQL's own `COPY … FROM STDIN` (psql) into an equivalent
// table with a primary key: first import goal ≤ 2.0× COPY; re-import and --create-new as above.
// Floor rows: the rows the seed wrote (both engines) and PostgreSQL's import wrote, loaded by the
// engine's own bulk tool (.import, COPY) into the master's own tables (their indexes and foreign
// keys), no omni code running: the cost of those tables, which no client can go under.
// Every timing is the best of two runs (the reference's too: this machine is shared and noisy);
// peak RSS is the worst. `BENCH_ROWS=100000 npm run bench -- import` for a quick look.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSupplierFeed, FEED_COLUMNS } from './generate-supplier-feed.js';
import { generateXlsx } from './generate-xlsx.js';
import { benchPgServer } from './pg-server.js';
import { openDb, closeDb } from '../dist/src/db/open.js';
import { SEED_ASIDE } from '../dist/src/app/supplier-import.js';
import { PRODUCT_INSERT_TOUCH } from '../dist/src/db/plan-marks.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function freshDb(file) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

function sqliteImportMs(dir, feed) {
  const file = path.join(dir, 'sqlite-import.sqlite');
  freshDb(file);
  execFileSync('sqlite3', [file, 'PRAGMA journal_mode=WAL;', 'CREATE TABLE feed (sku TEXT PRIMARY KEY, title TEXT, cost TEXT, quantity TEXT, ean TEXT);']);
  const t = process.hrtime.bigint();
  execFileSync('sqlite3', [file, '.mode csv', `.import --skip 1 ${feed} feed`]);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * The floor under the seed on SQLite: sqlite3's own `.import` of the very rows omni's seed wrote
 * (dumped from its master as CSV) into a fresh master's tables, in one transaction, with omni's
 * settings (WAL, foreign keys on, the import's 16 MB page cache) and what its seed does to be
 * cheaper (SEED_ASIDE's indexes built at the end, the new-product touch trigger dropped). No
 * omni code runs: this is what the master's own tables cost SQLite.
 */
function sqliteOwnTablesImportMs(dir, seeded, tables) {
  const dumps = tables.map((t) => path.join(dir, `floor-${t}.csv`));
  tables.forEach((t, i) => execFileSync('sqlite3', ['-csv', seeded, `.once ${dumps[i]}`, `SELECT * FROM ${t}`]));
  const file = path.join(dir, 'floor.sqlite');
  const indexes = execFileSync('sqlite3', [seeded, `SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND name IN (${SEED_ASIDE.map((n) => `'${n}'`).join(', ')})`]).toString().trim().split('\n');
  const times = [];
  for (let run = 0; run < 2; run++) {
    freshDb(file);
    closeDb(openDb(file, { create: true }));
    execFileSync('sqlite3', [file, `ATTACH '${seeded}' AS seeded`, 'INSERT INTO suppliers SELECT * FROM seeded.suppliers']);
    const t = process.hrtime.bigint();
    execFileSync('sqlite3', [file, 'PRAGMA foreign_keys = ON', 'PRAGMA cache_size = -16384', 'BEGIN',
      `DROP TRIGGER ${PRODUCT_INSERT_TOUCH}`, ...SEED_ASIDE.map((n) => `DROP INDEX ${n}`),
      ...tables.map((t, i) => `.import --csv ${dumps[i]} ${t}`), ...indexes, 'COMMIT']);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  freshDb(file);
  dumps.forEach((d) => rmSync(d, { force: true }));
  return Math.min(...times);
}

function runImport(config, feed, ...flags) {
  const out = execFileSync(process.execPath, [path.join(here, 'import-child.js'), config, feed, ...flags], { maxBuffer: 1 << 20 });
  return JSON.parse(out.toString());
}

/** A config.yaml for a fresh master: a SQLite file in `dir`, or a new database on `pg` (the bench server). */
function workspace(dir, name, pg) {
  let database;
  if (pg) database = pg.createDatabase(`bench_${name.replace(/\W/g, '_')}`);
  else {
    const db = path.join(dir, `${name}.sqlite`);
    freshDb(db);
    database = path.basename(db);
  }
  const config = path.join(dir, `${name}.yaml`);
  const columns = Object.entries(FEED_COLUMNS).map(([k, v]) => `      ${k}: "${v}"`).join('\n');
  writeFileSync(config, `database: ${database}\nreports_dir: reports\nlocations:\n  - { code: warehouse }\nsuppliers:\n  bench:\n    columns:\n${columns}\n`);
  return config;
}

/** PostgreSQL's own bulk load of the feed: COPY FROM STDIN through psql into a table with a primary key. */
function pgCopyMs(pg, feed) {
  const url = pg.createDatabase('bench_copy');
  pg.psql(url, 'CREATE TABLE feed (sku text PRIMARY KEY, title text, cost text, quantity text, ean text)');
  const t = process.hrtime.bigint();
  pg.psql(url, 'COPY feed FROM STDIN (FORMAT csv, HEADER true)', feed);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  pg.psql(pg.url, 'DROP DATABASE bench_copy');
  return ms;
}

/**
 * The floor of omni's own writes: psql's COPY of the very rows an import wrote (dumped from its
 * master) into copies of the master's tables, with their indexes and foreign keys, in the same
 * database, one table after the other. No omni code runs: this is what the master's tables cost the server.
 */
function pgOwnTablesCopyMs(pg, url, dir, tables) {
  const dumps = tables.map((t) => path.join(dir, `pg-${t}.copy`));
  tables.forEach((t, i) => pg.psql(url, `\\copy ${t} TO '${dumps[i]}'`));
  const foreignKeys = tables.map((t) => pg.psql(url, `SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '${t}'::regclass AND contype = 'f'`).trim().split('\n').filter(Boolean));
  const drop = () => pg.psql(url, `DROP TABLE IF EXISTS ${tables.map((t) => `floor_${t}`).join(', ')}`);
  const times = [];
  for (let run = 0; run < 2; run++) {
    drop();
    tables.forEach((t, i) => {
      pg.psql(url, `CREATE TABLE floor_${t} (LIKE ${t} INCLUDING DEFAULTS INCLUDING INDEXES)`);
      if (foreignKeys[i].length > 0) pg.psql(url, `ALTER TABLE floor_${t} ${foreignKeys[i].map((fk) => `ADD ${fk}`).join(', ')}`);
    });
    const t = process.hrtime.bigint();
    tables.forEach((table, i) => pg.psql(url, `COPY floor_${table} FROM STDIN`, dumps[i]));
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  drop();
  dumps.forEach((d) => rmSync(d, { force: true }));
  return Math.min(...times);
}

/** The CSV import, re-import and --create-new on a PostgreSQL master, against COPY. */
export function benchImportPg(pg, dir, rows, feed, changed) {
  const out = [];
  const ref = Math.min(pgCopyMs(pg, feed), pgCopyMs(pg, feed));
  let config;
  const firsts = [];
  for (let i = 0; i < 2; i++) { config = workspace(dir, 'pg-import', pg); firsts.push(runImport(config, feed)); }
  const first = best(firsts);
  out.push({ bench: 'pg import csv', rows, ms: Math.round(first), ref: `COPY ${Math.round(ref)} ms`, ratio: `${ratio(first, ref)}×`, peakRssMb: worstRss(firsts), goal: '≤ 2.0× COPY' });
  const own = pgOwnTablesCopyMs(pg, databaseUrl(pg, 'bench_pg_import'), dir, ['supplier_items']);
  out.push({ bench: 'pg floor: COPY of those rows into supplier_items', rows, ms: Math.round(own), ref: `COPY ${Math.round(ref)} ms`, ratio: `${ratio(own, ref)}×`, goal: `omni's import is ${ratio(first, own)}× it` });
  const agains = [runImport(config, changed), runImport(config, feed)];
  out.push({ bench: 'pg reimport 1% changed', rows, ms: Math.round(best(agains)), ref: `first ${Math.round(first)} ms`, ratio: `${ratio(best(agains), first)}×`, peakRssMb: worstRss(agains), written: agains.map((r) => r.counts.changedItems).join(' / '), goal: '≤ 0.4× first' });
  const seed = runImport(workspace(dir, 'pg-seed', pg), feed, '--create-new');
  out.push({ bench: 'pg import --create-new', rows, ms: Math.round(seed.ms), ref: `COPY ${Math.round(ref)} ms`, ratio: `${ratio(seed.ms, ref)}×`, peakRssMb: Math.round(seed.peakRssMb), written: seed.counts.newProducts, goal: '≤ 3.0×' });
  const seedOwn = pgOwnTablesCopyMs(pg, databaseUrl(pg, 'bench_pg_seed'), dir, ['products', 'sku_aliases', 'supplier_items']);
  out.push({ bench: 'pg floor: COPY of those rows into products, sku_aliases, supplier_items', rows, ms: Math.round(seedOwn), ref: `COPY ${Math.round(ref)} ms`, ratio: `${ratio(seedOwn, ref)}×`, goal: `omni's seed is ${ratio(seed.ms, seedOwn)}× it` });
  for (const name of ['bench_pg_import', 'bench_pg_seed']) pg.psql(pg.url, `DROP DATABASE IF EXISTS ${name}`);
  return out;
}

const databaseUrl = (pg, name) => pg.url.replace(/\/postgres$/, `/${name}`);
const best = (runs) => Math.min(...runs.map((r) => r.ms));
const worstRss = (runs) => Math.round(Math.max(...runs.map((r) => r.peakRssMb)));
const ratio = (a, b) => (a / b).toFixed(2);

export async function benchImport(rows = Number(process.env.BENCH_ROWS ?? 1_000_000)) {
  if (spawnSync('sqlite3', ['--version']).status !== 0) {
    return [{ bench: 'import', note: 'sqlite3 CLI not found: apt-get install -y sqlite3' }];
  }
  const dir = path.join(here, '.data');
  mkdirSync(dir, { recursive: true });
  const feed = path.join(dir, `feed-${rows}.csv`);
  const changed = path.join(dir, `feed-${rows}-changed.csv`);
  const xlsx = path.join(dir, `feed-${rows}.xlsx`);
  if (!existsSync(feed)) await generateSupplierFeed(feed, { rows });
  if (!existsSync(changed)) await generateSupplierFeed(changed, { rows, changedShare: 0.01 });
  if (!existsSync(xlsx)) await generateXlsx(xlsx, { rows });
  const out = [];

  sqliteImportMs(dir, feed); // warm the page cache
  const ref = Math.min(sqliteImportMs(dir, feed), sqliteImportMs(dir, feed));
  let config;
  const firsts = [];
  for (let i = 0; i < 2; i++) { config = workspace(dir, 'import'); firsts.push(runImport(config, feed)); }
  const first = best(firsts);
  out.push({ bench: 'import csv', rows, ms: Math.round(first), ref: `.import ${Math.round(ref)} ms`, ratio: `${ratio(first, ref)}×`, peakRssMb: worstRss(firsts), goal: '≤ 2.0×, ≤ 200 MB' });

  // 1% changed, twice: the changed feed over the first import's rows, then the original feed
  // over those (1% changed back). Both must write exactly the changed rows.
  const agains = [runImport(config, changed), runImport(config, feed)];
  out.push({ bench: 'reimport 1% changed', rows, ms: Math.round(best(agains)), ref: `first ${Math.round(first)} ms`, ratio: `${ratio(best(agains), first)}×`, peakRssMb: worstRss(agains), written: agains.map((r) => r.counts.changedItems).join(' / '), goal: '≤ 0.4× first' });
  const same = runImport(config, feed);
  out.push({ bench: 'reimport unchanged', rows, ms: Math.round(same.ms), ref: `first ${Math.round(first)} ms`, ratio: `${ratio(same.ms, first)}×`, peakRssMb: Math.round(same.peakRssMb), written: same.counts.changedItems + same.counts.newItems, goal: 'writes nothing' });

  const seeds = [];
  for (let i = 0; i < 2; i++) seeds.push(runImport(workspace(dir, 'seed'), feed, '--create-new'));
  out.push({ bench: 'import --create-new', rows, ms: Math.round(best(seeds)), ref: `.import ${Math.round(ref)} ms`, ratio: `${ratio(best(seeds), ref)}×`, peakRssMb: worstRss(seeds), written: seeds[0].counts.newProducts, goal: '≤ 3.0×, ≤ 200 MB' });

  const books = [];
  for (let i = 0; i < 2; i++) books.push(runImport(workspace(dir, 'import-xlsx'), xlsx));
  out.push({ bench: 'import xlsx', rows, ms: Math.round(best(books)), ref: `csv ${Math.round(first)} ms`, ratio: `${ratio(best(books), first)}×`, peakRssMb: worstRss(books), written: books[0].counts.newItems, goal: '≤ 3× csv, ≤ 200 MB' });
  // Last of the SQLite rows: its writes (twice the seeded master) would still be flushing under the next row.
  const seedFloor = sqliteOwnTablesImportMs(dir, path.join(dir, 'seed.sqlite'), ['products', 'sku_aliases', 'supplier_items']);
  out.splice(out.findIndex((r) => r.bench === 'import --create-new') + 1, 0, { bench: 'floor: .import of those rows into products, sku_aliases, supplier_items', rows, ms: Math.round(seedFloor), ref: `.import ${Math.round(ref)} ms`, ratio: `${ratio(seedFloor, ref)}×`, goal: `omni's seed is ${ratio(best(seeds), seedFloor)}× it` });

  const pg = await benchPgServer();
  if (pg) out.push(...benchImportPg(pg, dir, rows, feed, changed));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchImport(process.argv[2] ? Number(process.argv[2]) : undefined));
