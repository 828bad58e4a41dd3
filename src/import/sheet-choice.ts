// Which sheet of a workbook to read: `sheet:` from the config by name (exact, else ignoring case
// and spaces at the ends) or by position (1 = the first); the first sheet when not set.
import { usageError } from '../core/errors.js';

export function pickSheet(names: readonly string[], wanted: string | number | undefined, display: string): string {
  if (names.length === 0) throw usageError(`${display} has no sheets.`);
  if (wanted === undefined) return names[0]!;
  if (typeof wanted === 'number') {
    const name = names[wanted - 1];
    if (!name) throw usageError(`${display} has ${names.length} sheet${names.length === 1 ? '' : 's'}; there is no sheet ${wanted}.`, `Sheets: ${names.join(', ')}.`);
    return name;
  }
  const exact = names.find((n) => n === wanted) ?? names.find((n) => n.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (!exact) throw usageError(`${display} has no sheet "${wanted}".`, `Sheets: ${names.join(', ')}. Set \`sheet:\` for this supplier.`);
  return exact;
}
