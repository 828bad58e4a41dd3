// The rejects CSV of an import run with --skip-invalid: row, column, reason, then the row's own
// cells under the file's header. Opened only when the first row is rejected, so a clean import
// leaves no empty file behind.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { toCsv, csvCell } from '../report/csv.js';
import type { Cell, Problem } from './mapping.js';

/** The rejects CSV: row, column, reason, then the row's own cells under the file's header. */
export class RejectsFile {
  header: string[] = [];
  count = 0;
  private fd: number | undefined;

  constructor(private readonly file: string | undefined) {}

  add(row: number, problems: readonly Problem[], cells: readonly Cell[]): void {
    if (!this.file) return;
    if (this.fd === undefined) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, 'w');
      writeSync(this.fd, toCsv(['row', 'column', 'reason', ...this.header], []));
    }
    this.count++;
    const line = [row, problems.map((p) => p.column).join('; '), problems.map((p) => p.message).join('; '), ...cells].map(csvCell).join(',');
    writeSync(this.fd, `${line}\r\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
