// Runs one omni command in this process so its peak RSS is the command's own, then prints JSON
// as the last line: { ms, code, peakRssMb }. Usage: node bench/cli-child.js DIR ARGS...
import { readFileSync } from 'node:fs';
import { main } from '../dist/src/cli/main.js';

const [dir, ...args] = process.argv.slice(2);
process.chdir(dir);
const t = process.hrtime.bigint();
const code = await main(['node', 'omni', ...args]);
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(`\n${JSON.stringify({ ms, code, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null })}`);
