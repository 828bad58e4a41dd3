// Issue #13: hostile CSV input must be refused in bounded time and memory. Two 50 MB supplier
// feeds through the real `omni import supplier` (in its own process, so its peak RSS is its own):
// one line with no newline at all, and one quote that is never closed. Before the fix the
// splitter rescanned its buffer on every 64 KB chunk: 98–120 s and 634 MB. Goal: exit 2 with the
// row, in about the time of reading the file, RSS flat.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const MB = 1 << 20;

async function writeBig(file, head, piece, bytes) {
  const out = createWriteStream(file);
  out.write(head);
  const chunk = piece.repeat(Math.ceil(MB / piece.length));
  for (let n = head.length; n < bytes; n += chunk.length) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function run(dir, args) {
  const out = execFileSync(process.execPath, [path.join(here, 'hostile-child.js'), dir, ...args], { maxBuffer: 1 << 20, cwd: path.join(here, '..') });
  return JSON.parse(out.toString());
}

export async function benchHostile(sizeMb = 50) {
  const dir = path.join(here, '.data', 'hostile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'config.yaml'), 'database: omni.sqlite\nlocations:\n  - { code: warehouse }\nsuppliers:\n  bench:\n    columns: { sku: sku, cost: cost }\n');
  execFileSync(process.execPath, [path.join(here, '..', 'bin', 'omni.js'), 'init'], { cwd: dir });
  const oneLine = path.join(dir, 'one-line.csv');
  const unclosed = path.join(dir, 'unclosed-quote.csv');
  await writeBig(oneLine, 'sku,cost,', 'SKU-1,12.50,', sizeMb * MB);
  await writeBig(unclosed, 'sku,cost\nA-1,1.00\n"B-2,', 'never closed, twelve words of text on a line\n', sizeMb * MB);
  const out = [];
  for (const [name, file] of [['one line, no newline', oneLine], ['one unclosed quote', unclosed]]) {
    const r = run(dir, ['import', 'supplier', 'bench', file]);
    out.push({ bench: `${sizeMb} MB ${name}`, exit: r.code, ms: Math.round(r.ms), peakRssMb: Math.round(r.peakRssMb), stderrBytes: r.stderrBytes, message: r.stderr.split('\n')[0].slice(0, 110) });
  }
  return out;
}
