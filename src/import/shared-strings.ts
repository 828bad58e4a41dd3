// A workbook's shared strings (the text of its cells, each stored once), held compactly: the
// strings' UTF-8 bytes one after another plus one offset per string, not a JavaScript string
// each. A 1M-row feed's titles are ~100 MB of text; past `memoryBytes` the bytes move to a
// temporary file (deleted when closed) and are read back through a small window, so memory
// stays the same whatever the row count. Sheets refer to their strings mostly in the order the
// strings were stored (Excel and other writers add them as they first appear), so the window
// reads the file forwards; a recently used string (a brand on every row) is kept decoded.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PAGE = 0x10000;
const CACHE = 1024; // decoded strings kept, by index modulo CACHE
const MIN_READ = 16 << 10;
const MAX_READ = 1 << 20;
const WRITE_BUFFER = 1 << 20;

export class SharedStrings {
  private bytes: Buffer = Buffer.allocUnsafe(64 << 10);
  private used = 0;
  /**
   * Where string i starts (in the buffer or file), in pages of 64 Ki offsets allocated as strings
   * come (no growing copies of one big array); offset(count) is the end of the last string.
   */
  private readonly pages: Uint32Array[] = [new Uint32Array(PAGE)];
  private n = 0;
  private fd: number | undefined;
  private dir: string | undefined;
  private written = 0;
  private window: Buffer | undefined;
  private windowStart = 0;
  private windowEnd = 0;
  private readSize = MIN_READ;
  private readonly cacheIndex = new Int32Array(CACHE).fill(-1);
  private readonly cacheText: string[] = new Array<string>(CACHE).fill('');

  constructor(private readonly memoryBytes = 16 << 20) {}

  get count(): number { return this.n; }

  add(s: string): void {
    const need = s.length * 3;
    if (this.used + need > this.bytes.length) this.makeRoom(need);
    this.used += this.bytes.write(s, this.used, 'utf8');
    const i = ++this.n;
    (this.pages[i >>> 16] ??= new Uint32Array(PAGE))[i & 0xffff] = this.written + this.used;
  }

  /** The string at index i, or undefined when there is none. */
  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.n)) return undefined;
    const slot = i % CACHE;
    if (this.cacheIndex[slot] === i) return this.cacheText[slot];
    const start = this.pages[i >>> 16]![i & 0xffff]!;
    const end = this.pages[(i + 1) >>> 16]![(i + 1) & 0xffff]!;
    let s: string;
    if (this.fd === undefined) s = this.bytes.toString('utf8', start, end);
    else {
      if (start < this.windowStart || end > this.windowEnd) this.slide(start, end);
      s = this.window!.toString('utf8', start - this.windowStart, end - this.windowStart);
    }
    this.cacheIndex[slot] = i;
    this.cacheText[slot] = s;
    return s;
  }

  /** Call when every string is added: the last bytes reach the file. */
  finish(): void {
    if (this.fd !== undefined && this.used > 0) this.spill();
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
    this.bytes = Buffer.alloc(0);
    this.window = undefined;
  }

  private makeRoom(need: number): void {
    if (this.fd === undefined && this.used + need <= this.memoryBytes) {
      const grown = Buffer.allocUnsafe(Math.min(this.memoryBytes, Math.max(this.bytes.length * 2, this.used + need)));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
      return;
    }
    if (this.fd === undefined) {
      this.dir = mkdtempSync(path.join(tmpdir(), 'omni-strings-'));
      this.fd = openSync(path.join(this.dir, 'strings'), 'w+');
    }
    this.spill();
    // From now on the buffer only gathers writes: a small one frees the memory budget's worth.
    if (this.bytes.length !== Math.max(need, WRITE_BUFFER)) this.bytes = Buffer.allocUnsafe(Math.max(need, WRITE_BUFFER));
  }

  private spill(): void {
    let at = 0;
    while (at < this.used) at += writeSync(this.fd!, this.bytes, at, this.used - at, this.written + at);
    this.written += this.used;
    this.used = 0;
  }

  /** Reads the file from `start`: more at a time while reads follow on, a little after a jump. */
  private slide(start: number, end: number): void {
    this.readSize = start === this.windowEnd ? Math.min(MAX_READ, this.readSize * 2) : MIN_READ;
    const size = Math.max(this.readSize, end - start);
    if (!this.window || this.window.length < size) this.window = Buffer.allocUnsafe(Math.max(size, MAX_READ));
    let got = 0;
    const want = Math.min(size, this.written - start);
    while (got < want) {
      const r = readSync(this.fd!, this.window, got, want - got, start + got);
      if (r === 0) break;
      got += r;
    }
    this.windowStart = start;
    this.windowEnd = start + got;
  }
}
