// A small CSV the user names on the command line (products, opening stock): read whole, BOM
// stripped, cells trimmed, with errors that name the file. Big supplier feeds stream instead
// (src/import/csv-reader.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { usageError } from '../core/errors.js';
import { capText } from '../core/text.js';
import { CSV_LIMITS } from '../import/csv-split.js';

export function readCsvRecords(file: string): { name: string; records: string[][] } {
  const name = path.basename(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw usageError(`Cannot read ${file}.`, 'Check the path.');
  }
  try {
    // A record capped as the supplier splitter caps it (import/csv-split.ts): a file on one line
    // or a quote never closed is refused, not read into one giant cell.
    return { name, records: parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true, max_record_size: CSV_LIMITS.maxRecord }) as string[][] };
  } catch (e) {
    throw usageError(`${name} is not a readable CSV: ${capText((e as Error).message, 300)}`);
  }
}
