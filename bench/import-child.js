// Runs one supplier import in its own process so its peak RSS is its own. Prints JSON.
// Usage: node bench/import-child.js CONFIG_YAML FEED [--create-new]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../dist/src/config/load.js';
import { openDb, closeDb } from '../dist/src/db/open.js';
import { syncLocations } from '../dist/src/db/locations.js';
import { importSupplier } from '../dist/src/app/supplier-import.js';

const [configFile, feed, ...flags] = process.argv.slice(2);
const loaded = loadConfig(configFile);
const target = /^postgres(ql)?:\/\//.test(loaded.config.database) ? loaded.config.database : path.resolve(loaded.dir, loaded.config.database);
const db = openDb(target, { create: true });
syncLocations(db, loaded.config.locations);
const t = process.hrtime.bigint();
const s = await importSupplier({ db, config: loaded.config, configDir: loaded.dir }, { supplier: 'bench', source: feed, now: new Date(), createNew: flags.includes('--create-new') });
const ms = Number(process.hrtime.bigint() - t) / 1e6;
closeDb(db);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ ms, status: s.status, counts: s.counts, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null }));
