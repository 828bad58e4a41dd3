// The PostgreSQL half of bench/import.js alone (issue 16), for iterating on the PostgreSQL import
// without the SQLite runs: `BENCH_ROWS=100000 node bench/import-pg.js`. Same feeds, same server,
// same COPY reference, ratios measured in the same run.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSupplierFeed } from './generate-supplier-feed.js';
import { benchPgServer } from './pg-server.js';
import { benchImportPg } from './import.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.join(here, '.data');
mkdirSync(dir, { recursive: true });
const feed = path.join(dir, `feed-${rows}.csv`);
const changed = path.join(dir, `feed-${rows}-changed.csv`);
if (!existsSync(feed)) await generateSupplierFeed(feed, { rows });
if (!existsSync(changed)) await generateSupplierFeed(changed, { rows, changedShare: 0.01 });
const pg = await benchPgServer();
if (!pg) process.exit(0);
console.table(benchImportPg(pg, dir, rows, feed, changed));
