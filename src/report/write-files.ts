// Writes a report in the requested formats beside each other, e.g. reports/sync-20261123-0701.md.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactor } from '../config/redact.js';
import { usageError } from '../core/errors.js';

export const REPORT_FORMATS = ['md', 'json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `--report csv,html`: these formats are written besides the `always` ones (md and json). */
export function parseFormats(list: string | undefined, always: readonly ReportFormat[]): ReportFormat[] {
  if (!list) return [...always];
  const wanted = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = wanted.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length) throw usageError(`Unknown report format "${bad.join(', ')}".`, `Use any of ${REPORT_FORMATS.join(',')}, e.g. --report csv,html.`);
  return [...new Set([...always, ...(wanted as ReportFormat[])])];
}

export function writeReportFiles(dir: string, stem: string, renderers: Record<ReportFormat, () => string>, formats: readonly ReportFormat[]): string[] {
  mkdirSync(dir, { recursive: true });
  // Two runs in the same second must not overwrite each other's report: the second gets -2, -3 …
  let unique = stem;
  for (let n = 2; formats.some((f) => existsSync(path.join(dir, `${unique}.${f}`))); n++) unique = `${stem}-${n}`;
  return formats.map((f) => {
    const file = path.join(dir, `${unique}.${f}`);
    writeFileSync(file, redactor.redact(renderers[f]()));
    return file;
  });
}

export function timestampStem(prefix: string, now: Date): string {
  return `${prefix}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-')}`;
}
