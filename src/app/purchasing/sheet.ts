// A supplier's delivery note or invoice as rows of text cells keyed by a normalised header, with
// the row number a person sees in Excel. Read by the one small-file reader (src/app/csv-file.ts):
// the same encoding, delimiter and decimal-comma detection as every other file omni reads.
import { usageError } from '../../core/errors.js';
import { parseMoney } from '../../core/money.js';
import { readTable, headerNames, tableMoney, decimalExample } from '../csv-file.js';

export interface SheetRow { rowNo: number; cells: Record<string, string> }
export interface Sheet { name: string; header: string[]; rows: SheetRow[]; decimalComma: boolean }

export async function readSheet(file: string): Promise<Sheet> {
  const table = await readTable(file);
  if (table.records.length === 0) throw usageError(`${table.name} is empty.`);
  const header = headerNames(table);
  const rows = table.records.slice(1).map((r) => ({ rowNo: r.rowNo, cells: Object.fromEntries(header.map((h, c) => [h, r.cells[c] ?? ''])) }));
  return { name: table.name, header, rows, decimalComma: table.decimalComma };
}

/** The first of `names` that the sheet has, or an error naming what is expected. */
export function column(sheet: Sheet, label: string, names: readonly string[], required = true): string | undefined {
  const found = names.find((n) => sheet.header.includes(n));
  if (!found && required) {
    throw usageError(`${sheet.name} has no ${label} column.`, `Name one of the header cells: ${names.join(', ')}.`, [`${sheet.name}:1: columns found: ${sheet.header.join(', ')}`]);
  }
  return found;
}

/** An amount in the sheet, written the sheet's way (12,50 or 12.50: see csv-file.ts). */
export function sheetAmount(sheet: Sheet, text: string): number | undefined {
  return tableMoney(sheet, text);
}

export { decimalExample };

/** An amount typed on the command line: "5.20", "5,20", "1.234,50" → minor units. */
export function sheetMoney(text: string): number | undefined {
  const decimalComma = /,\d{1,2}$/.test(text.trim()) && !/\.\d{1,2}$/.test(text.trim());
  return parseMoney(text, { decimalComma });
}
