// Runs one omni command in this process (the built CLI's main) and prints its exit code, wall time,
// peak RSS and the first lines of what it wrote to stderr, as JSON.
// Usage: node bench/hostile-child.js DIR ARG...
import { readFileSync } from 'node:fs';
import { main } from '../dist/src/cli/main.js';

const [dir, ...args] = process.argv.slice(2);
process.chdir(dir);
let stderr = '';
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => { if (stderr.length < 4096) stderr += String(chunk); void write; void rest; return true; };
const print = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
const t = process.hrtime.bigint();
const code = await main([process.argv[0], 'omni', ...args]);
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
print(JSON.stringify({ code, ms, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null, stderrBytes: stderr.length, stderr: stderr.slice(0, 300) }) + '\n');
