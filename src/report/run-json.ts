// A journalled run and its changes as JSON (runs --json, runs show --json, report journal -f json):
// the summary as the object it is (stored as JSON text), and before/after typed by the change —
// quantities and prices (minor units) as numbers, content hashes as strings.
import type { Run, RunChange } from '../db/runs.js';

export interface RunJson extends Omit<Run, 'summary'> {
  summary: Record<string, unknown>;
}

export function runJson(r: Run): RunJson {
  return { ...r, summary: JSON.parse(r.summary) as Record<string, unknown> };
}

/** A change's before or after value as JSON: numbers for stock, create and price; text for content. */
export function changeValue(action: string, v: string | number | null | undefined): number | string | null {
  if (v === null || v === undefined || v === '') return null;
  if (action === 'content') return String(v);
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : String(v);
}

export function changeJson(c: RunChange): Omit<RunChange, 'before' | 'after'> & { before: number | string | null; after: number | string | null } {
  return { ...c, before: changeValue(c.action, c.before), after: changeValue(c.action, c.after) };
}
