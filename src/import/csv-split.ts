// A streaming CSV splitter: text in (chunk by chunk), records out with their row numbers.
// RFC 4180 quoting ("a ""b"", c"), CRLF or LF, quoted newlines; lenient about stray quotes
// inside unquoted cells (12" screen). Hand-rolled on indexOf because parsing dominated the
// import's time with csv-parse (see bench/). Row numbers count every record, blank ones too,
// so they match the row numbers a spreadsheet shows.

export class CsvSyntaxError extends Error {
  constructor(message: string, readonly row: number) { super(message); }
}

export type RowSink = (cells: string[], row: number) => void;

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvSplitter {
  private buf = '';
  private row = 0;

  constructor(private readonly delimiter: string, private readonly onRow: RowSink) {}

  push(text: string): void {
    const s = this.buf.length ? this.buf + text : text;
    const used = this.parse(s, false);
    this.buf = used < s.length ? s.slice(used) : '';
  }

  end(): void {
    if (this.buf.length) this.parse(this.buf, true);
    this.buf = '';
  }

  /** Records read so far. */
  get rows(): number { return this.row; }

  /** Parses complete records from s; returns how far it got. */
  private parse(s: string, final: boolean): number {
    const n = s.length;
    const d = this.delimiter;
    let pos = 0;
    let nl = -1;
    let q = -1;
    while (pos < n) {
      if (nl < pos) nl = s.indexOf('\n', pos);
      if (nl === -1 && !final) return pos;
      const lineEnd = nl === -1 ? n : nl;
      if (q !== -2 && q < pos) { q = s.indexOf('"', pos); if (q === -1) q = -2; }
      if (q === -2 || q > lineEnd) {
        let end = lineEnd;
        if (end > pos && s.charCodeAt(end - 1) === CR) end--;
        this.row++;
        if (end > pos) this.onRow(s.slice(pos, end).split(d), this.row);
        pos = lineEnd + 1;
        continue;
      }
      const next = this.quotedRecord(s, pos, final);
      if (next < 0) return pos;
      pos = next;
    }
    return pos;
  }

  /** One record that has a quote somewhere; returns the position after it, or -1 if incomplete. */
  private quotedRecord(s: string, start: number, final: boolean): number {
    const n = s.length;
    const d = this.delimiter;
    const cells: string[] = [];
    let i = start;
    let dc = -1;
    let lc = -1;
    const nextStop = (from: number): number => {
      if (dc !== -2 && dc < from) { dc = s.indexOf(d, from); if (dc === -1) dc = -2; }
      if (lc !== -2 && lc < from) { lc = s.indexOf('\n', from); if (lc === -1) lc = -2; }
      if (dc === -2) return lc === -2 ? -1 : lc;
      if (lc === -2) return dc;
      return dc < lc ? dc : lc;
    };
    for (;;) {
      let value: string;
      if (s.charCodeAt(i) === QUOTE) {
        value = '';
        let j = i + 1;
        for (;;) {
          const k = s.indexOf('"', j);
          if (k === -1) {
            if (final) throw new CsvSyntaxError('a quoted cell is never closed (a " is missing)', this.row + 1);
            return -1;
          }
          if (k + 1 >= n && !final) return -1;
          if (s.charCodeAt(k + 1) === QUOTE) { value += s.slice(j, k + 1); j = k + 2; continue; }
          value += s.slice(j, k);
          i = k + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept as it is.
        const stop = nextStop(i);
        if (stop === -1 && !final) return -1;
        const end = stop === -1 ? n : stop;
        if (end > i) value += trimCr(s, i, end);
        i = end;
      } else {
        const stop = nextStop(i);
        if (stop === -1 && !final) return -1;
        const end = stop === -1 ? n : stop;
        value = trimCr(s, i, end);
        i = end;
      }
      cells.push(value);
      if (i >= n) { this.row++; this.onRow(cells, this.row); return n; }
      if (s.charCodeAt(i) === LF) { this.row++; this.onRow(cells, this.row); return i + 1; }
      i += d.length; // a delimiter
    }
  }
}

function trimCr(s: string, from: number, to: number): string {
  return to > from && s.charCodeAt(to - 1) === CR && (to === s.length || s.charCodeAt(to) === LF) ? s.slice(from, to - 1) : s.slice(from, to);
}
