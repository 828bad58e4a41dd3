// The contract suites check omni against the vendors' own API specs, which live outside the
// project (../shared/specs; never copied in). Without them a suite cannot run: it says so in one
// loud line, and under CI=true it fails instead of passing quietly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { ROOT } from './workspace.js';

/** The specs folder: OMNI_SPECS_DIR, else ../shared/specs beside the project. */
export const SPECS_ROOT = process.env.OMNI_SPECS_DIR ?? path.resolve(ROOT, '..', 'shared', 'specs');

export function specFile(...parts: string[]): string {
  return path.join(SPECS_ROOT, ...parts);
}

/** The message a skipped suite prints (and fails with under CI=true). */
export function missingSpecs(title: string, needed: string): string {
  return `CONTRACT SUITE SKIPPED: "${title}" needs ${needed}, which is not there (the vendors' API specs; set OMNI_SPECS_DIR to their folder). `
    + 'The sandboxes and connectors are not checked against the real APIs in this run.';
}

/**
 * `describe` for a suite that needs `needed` (a spec file): runs it when the file is there;
 * otherwise one warning line and the suite skipped — or, when CI=true, one failing test.
 */
export function describeWithSpecs(title: string, needed: string, body: () => void, have = existsSync(needed)): void {
  if (have) { describe(title, body); return; }
  const line = missingSpecs(title, needed);
  if (process.env.CI === 'true') {
    describe(title, () => { it('has the vendor specs it checks against (CI=true)', () => { throw new Error(line); }); });
    return;
  }
  console.warn(`\n⚠  ${line}\n`);
  describe.skip(title, body);
}
