// Reads a POS sales export into the master in this process (the pull and apply steps of a sync,
// without the plan), so its peak RSS is the POS import path's own. Prints JSON.
// Usage: node bench/pos-child.js CONFIG_YAML CHANNEL
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../dist/src/config/load.js';
import { openDb, closeDb } from '../dist/src/db/open.js';
import { createConnector } from '../dist/src/app/connectors.js';
import { applySnapshot } from '../dist/src/app/apply-snapshot.js';
import { readCursors } from '../dist/src/db/cursors.js';
import { knownListings } from '../dist/src/db/listings.js';

const [configFile, channel] = process.argv.slice(2);
const loaded = loadConfig(configFile);
const db = openDb(path.resolve(loaded.dir, loaded.config.database));
const log = { debug() {}, info() {}, warn() {}, error() {} };
const t = process.hrtime.bigint();
const connector = await createConnector(loaded.config, loaded.dir, channel, log);
const snap = await connector.pull({ cursors: readCursors(db, channel), known: knownListings(db, channel), now: () => new Date(), log });
const applied = db.transaction(() => applySnapshot(db, channel, loaded.config.channels[channel], snap, new Date(), 'bench'));
const ms = Number(process.hrtime.bigint() - t) / 1e6;
closeDb(db);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ ms, orders: applied.ordersPulled, sales: applied.saleMovements, refunds: applied.returnMovements, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null }));
