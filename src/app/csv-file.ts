// A CSV the user names on the command line (products, opening stock), streamed record by record:
// UTF-8 (BOM dropped), comma-separated, cells trimmed, blank lines skipped, with errors that name
// the file. A catalog export can have a million rows, so it is never held whole: 64 KB is read,
// decoded and split at a time (the splitter shared with supplier feeds), synchronously so that
// the import stays in one transaction without awaiting.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { CsvSplitter, CsvSyntaxError } from '../import/csv-split.js';
import { usageError } from '../core/errors.js';

const CHUNK = 1 << 16;

/** Hands on every non-blank record with its row number (the header is row 1). */
export function eachCsvRecord(file: string, onRecord: (cells: string[], row: number) => void): void {
  const name = path.basename(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw usageError(`Cannot read ${file}.`, 'Check the path.');
  }
  const splitter = new CsvSplitter(',', (cells, row) => {
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i]!.trim();
    if (cells.some((c) => c !== '')) onRecord(cells, row);
  });
  const decoder = new TextDecoder('utf-8'); // strips a BOM
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      splitter.push(decoder.decode(buf.subarray(0, n), { stream: true }));
    }
    const tail = decoder.decode();
    if (tail) splitter.push(tail);
    splitter.end();
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw usageError(`${name} is not a readable CSV: row ${e.row}: ${e.message}`, 'Open the file in a spreadsheet program and save it as CSV again.');
    throw e;
  } finally {
    closeSync(fd);
  }
}
