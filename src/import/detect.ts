// Guessing what a supplier's CSV is: its encoding (UTF-8 with or without BOM, else Excel's
// windows-1252) and its delimiter (, ; tab |). Pure functions over bytes and text.
import { isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'windows-1252';
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export function hasUtf8Bom(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

/**
 * Checks that a file is valid UTF-8, fed chunk by chunk (a sequence may straddle two chunks).
 * `isUtf8` is native and runs at memory speed, so scanning the whole file costs little.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  valid = true;

  push(chunk: Buffer): void {
    if (!this.valid) return;
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = incompleteTail(buf);
    this.carry = Buffer.from(buf.subarray(buf.length - cut));
    if (!isUtf8(buf.subarray(0, buf.length - cut))) this.valid = false;
  }

  end(): boolean {
    if (this.carry.length) this.valid = false;
    return this.valid;
  }
}

/** Bytes at the end that start a multi-byte sequence not yet complete (0–3). */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

// Node's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 controls; Excel means these.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** windows-1252 bytes → text (single-byte, so chunks can be decoded independently). */
export function decodeWindows1252(chunk: Buffer): string {
  const s = chunk.toString('latin1');
  return /[\u0080-\u009f]/.test(s) ? s.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : s;
}

/** The delimiter used most consistently over the first lines (outside quotes). */
export function detectDelimiter(sample: string): Delimiter {
  const lines = splitSampleLines(sample).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length === 0) return ',';
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0]!;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = first * consistent * consistent;
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

function splitSampleLines(sample: string): string[] {
  // Drop the last line: the sample may end in the middle of it.
  const lines = sample.split(/\r?\n/);
  if (lines.length > 1) lines.pop();
  return lines;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

// A number written with a decimal comma (12,50 · 1.234,50) or a decimal point (12.50 · 1,234.50):
// one or two decimals, so "1,234" (thousands or three decimals?) says nothing either way.
const COMMA_DECIMAL = /^[-+]?(\d{1,3}(\.\d{3})+|\d+),\d{1,2}$/;
const POINT_DECIMAL = /^[-+]?(\d{1,3}(,\d{3})+|\d+)\.\d{1,2}$/;

/**
 * Are decimals written with a comma? Judged from the cells themselves (money sign and spaces
 * aside): the mark most cells use wins, and every cell written the other way is then reported by
 * the caller; none, or as many of each → undefined (the caller's default). In a comma-delimited
 * file a comma cannot also be the decimal mark (a quoted "12,50" is refused, not guessed).
 */
export function detectDecimalComma(cells: Iterable<string>, delimiter?: string): boolean | undefined {
  if (delimiter === ',') return false;
  let comma = 0;
  let point = 0;
  for (const raw of cells) {
    const s = raw.replace(/[\s\u00a0€$£]|EUR|USD|GBP/g, '');
    if (COMMA_DECIMAL.test(s)) comma++;
    else if (POINT_DECIMAL.test(s)) point++;
  }
  if (comma === point) return undefined;
  return comma > point;
}
