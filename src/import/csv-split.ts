// A streaming CSV splitter: text in (chunk by chunk), records out with their row numbers.
// RFC 4180 quoting ("a ""b"", c"), CRLF or LF, quoted newlines; lenient about stray quotes
// inside unquoted cells (12" screen). Hand-rolled on indexOf because parsing dominated the
// import's time with csv-parse (see bench/). Row numbers count every record, blank ones too,
// so they match the row numbers a spreadsheet shows.
//
// Linear whatever the input: each chunk is scanned once and a record cut by a chunk boundary
// carries its state (the cells so far, whether it is inside quotes) into the next chunk, instead
// of being re-parsed from its start on every chunk. A 50 MB file on one line, or one quote never
// closed, used to be rescanned per 64 KB chunk (quadratic: 100 s, 630 MB). Cells and records are
// capped, so such a file is refused with its row as soon as the cap is passed.

export class CsvSyntaxError extends Error {
  constructor(message: string, readonly row: number, readonly column?: number) { super(message); }
}

/**
 * A record's cells and row number; `text`: the record's own text (without its line end) when it
 * lay whole in one chunk, undefined when it ran across chunks (a reader that hashes whole records,
 * like the supplier import, then looks at the cells instead).
 */
export type RowSink = (cells: string[], row: number, text?: string) => void;

export interface CsvLimits {
  /** Characters in one cell. */
  maxField: number;
  /** Characters in one record (all its cells). */
  maxRecord: number;
}

/** Far beyond any real feed's cell (a long HTML description is ~100 KB), small enough to refuse fast. */
export const CSV_LIMITS: CsvLimits = { maxField: 1 << 20, maxRecord: 4 << 20 };

const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum Mode { RecordStart, CellStart, Unquoted, Quoted, QuoteInQuoted, AfterQuoted }

export class CsvSplitter {
  private row = 0;
  private mode = Mode.RecordStart;
  /** The current record's finished cells, and the text of the cell being read. */
  private cells: string[] = [];
  private cell = '';
  /** Characters of `cell` read outside quotes at its end: only those lose a CR before the newline. */
  private tail = 0;
  private quoted = false;
  /** Characters of the current record consumed in earlier chunks. */
  private carried = 0;

  constructor(private readonly delimiter: string, private readonly onRow: RowSink, private readonly limits: CsvLimits = CSV_LIMITS) {}

  /** Records read so far. */
  get rows(): number { return this.row; }

  push(s: string): void {
    const n = s.length;
    const d = this.delimiter;
    const { maxField, maxRecord } = this.limits;
    // Next newline, quote and delimiter at or after the cursor: each found once per chunk.
    let nl = -1, q = -1, dl = -1;
    let i = 0;
    let recordFrom = 0; // where the current record's text in this chunk begins
    while (i < n) {
      switch (this.mode) {
        case Mode.RecordStart: {
          if (nl !== -2 && nl < i) { nl = s.indexOf('\n', i); if (nl === -1) nl = -2; }
          if (q !== -2 && q < i) { q = s.indexOf('"', i); if (q === -1) q = -2; }
          if (nl >= 0 && (q === -2 || q > nl)) {
            // The common case: a whole line in this chunk with no quote in it.
            let end = nl;
            if (end > i && s.charCodeAt(end - 1) === CR) end--;
            this.row++;
            if (end - i > maxRecord) throw this.tooLong('row', maxRecord, this.row);
            if (end > i) {
              const line = s.slice(i, end);
              const cells = line.split(d);
              if (end - i > maxField) this.checkCells(cells);
              this.onRow(cells, this.row, line);
            }
            i = nl + 1;
            continue;
          }
          if (nl >= 0) {
            // A line with quotes, whole in this chunk: read it in one go.
            const next = this.wholeQuotedRecord(s, i);
            if (next >= 0) { i = next; continue; }
          }
          // The record runs past this chunk: read it cell by cell, carrying the state over.
          this.mode = Mode.CellStart;
          recordFrom = i;
          continue;
        }
        case Mode.CellStart:
          if (s.charCodeAt(i) === QUOTE) { this.mode = Mode.Quoted; this.quoted = true; i++; } else this.mode = Mode.Unquoted;
          continue;
        case Mode.Unquoted:
        case Mode.AfterQuoted: {
          if (dl !== -2 && dl < i) { dl = s.indexOf(d, i); if (dl === -1) dl = -2; }
          if (nl !== -2 && nl < i) { nl = s.indexOf('\n', i); if (nl === -1) nl = -2; }
          const stop = dl === -2 ? nl : nl === -2 ? dl : Math.min(dl, nl);
          const end = stop < 0 ? n : stop;
          this.append(s, i, end, true);
          if (stop < 0) { i = n; continue; }
          if (stop === nl) {
            this.endCell(true);
            this.endRecord(this.carried + (stop - recordFrom));
            i = stop + 1;
          } else {
            this.endCell(false);
            i = stop + d.length;
            this.mode = Mode.CellStart;
          }
          continue;
        }
        case Mode.Quoted: {
          if (q !== -2 && q < i) { q = s.indexOf('"', i); if (q === -1) q = -2; }
          if (q === -2) { this.append(s, i, n, false); i = n; continue; }
          this.append(s, i, q, false);
          i = q + 1;
          this.mode = Mode.QuoteInQuoted;
          continue;
        }
        case Mode.QuoteInQuoted:
          if (s.charCodeAt(i) === QUOTE) { this.append(s, i, i + 1, false); i++; this.mode = Mode.Quoted; } else this.mode = Mode.AfterQuoted;
          continue;
      }
    }
    if (this.mode !== Mode.RecordStart) {
      this.carried += n - recordFrom;
      if (this.carried > maxRecord) throw this.tooLong('row', maxRecord, this.row + 1);
    }
  }

  end(): void {
    switch (this.mode) {
      case Mode.RecordStart: return;
      case Mode.Quoted: throw new CsvSyntaxError('a quoted cell is never closed (a " is missing)', this.row + 1, this.cells.length + 1);
      case Mode.CellStart: this.endCell(false); break;
      default: this.endCell(this.mode !== Mode.QuoteInQuoted);
    }
    this.endRecord(this.carried);
  }

  /**
   * One record with a quote somewhere that ends (with its newline) inside `s`: its cells are
   * emitted and the position after it returned. -1 when it runs past the end of `s`; the caller
   * then reads it with the state machine (at most one chunk's text is looked at twice).
   */
  private wholeQuotedRecord(s: string, start: number): number {
    const n = s.length;
    const d = this.delimiter;
    const { maxField, maxRecord } = this.limits;
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
          if (k === -1 || k + 1 >= n) return -1;
          if (s.charCodeAt(k + 1) === QUOTE) { value += s.slice(j, k + 1); j = k + 2; continue; }
          value += s.slice(j, k);
          i = k + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept as it is.
        const stop = nextStop(i);
        if (stop === -1) return -1;
        if (stop > i) value += trimCr(s, i, stop);
        i = stop;
      } else {
        const stop = nextStop(i);
        if (stop === -1) return -1;
        value = trimCr(s, i, stop);
        i = stop;
      }
      if (value.length > maxField) throw this.tooLong('cell', maxField, this.row + 1, cells.length + 1);
      cells.push(value);
      if (s.charCodeAt(i) === LF) {
        this.row++;
        if (i - start > maxRecord) throw this.tooLong('row', maxRecord, this.row);
        this.onRow(cells, this.row, s.slice(start, i > start && s.charCodeAt(i - 1) === CR ? i - 1 : i));
        return i + 1;
      }
      i += d.length; // a delimiter
    }
  }

  private append(s: string, from: number, to: number, unquoted: boolean): void {
    if (to <= from) return;
    if (this.cell.length + (to - from) > this.limits.maxField) {
      if (this.mode === Mode.Quoted) {
        throw new CsvSyntaxError(`a quoted cell runs on for more than ${this.limits.maxField} characters: a closing " is probably missing`, this.row + 1, this.cells.length + 1);
      }
      throw this.tooLong('cell', this.limits.maxField, this.row + 1, this.cells.length + 1);
    }
    this.cell += s.slice(from, to);
    this.tail = unquoted ? this.tail + (to - from) : 0;
  }

  /** A CR before the record's newline belongs to the line ending, unless it was inside quotes. */
  private endCell(atNewline: boolean): void {
    let v = this.cell;
    if (atNewline && this.tail > 0 && v.charCodeAt(v.length - 1) === CR) v = v.slice(0, -1);
    this.cells.push(v);
    this.cell = '';
    this.tail = 0;
  }

  private endRecord(length: number): void {
    this.row++;
    if (length > this.limits.maxRecord) throw this.tooLong('row', this.limits.maxRecord, this.row);
    const cells = this.cells;
    // A blank line (or one holding only a CR) is a row, but not a record with a cell.
    if (!(cells.length === 1 && cells[0] === '' && !this.quoted)) this.onRow(cells, this.row);
    this.cells = [];
    this.quoted = false;
    this.carried = 0;
    this.mode = Mode.RecordStart;
  }

  private checkCells(cells: readonly string[]): void {
    const at = cells.findIndex((c) => c.length > this.limits.maxField);
    if (at >= 0) throw this.tooLong('cell', this.limits.maxField, this.row, at + 1);
  }

  private tooLong(what: 'cell' | 'row', max: number, row: number, column?: number): CsvSyntaxError {
    return new CsvSyntaxError(`a ${what} is longer than ${max} characters: this is not a price list omni can read`, row, column);
  }
}

function trimCr(s: string, from: number, to: number): string {
  return to > from && s.charCodeAt(to - 1) === CR && s.charCodeAt(to) === LF ? s.slice(from, to - 1) : s.slice(from, to);
}
