// Without the vendors' specs (a fresh clone without ../shared) a contract suite says so in one loud
// line and skips; under CI=true it fails, so a CI run can never pass without checking them.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/workspace.js';

function vitest(file: string, env: Record<string, string>): { code: number; out: string } {
  const bin = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const { CI: _ci, ...rest } = process.env;
  const r = spawnSync(process.execPath, [bin, 'run', file], { cwd: ROOT, encoding: 'utf8', env: { ...rest, NO_COLOR: '1', ...env }, timeout: 180_000 });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

describe('contract suites without ../shared/specs', () => {
  const missing = { OMNI_SPECS_DIR: path.join(ROOT, 'no-such-specs') };

  it('skip with one loud line naming what is missing', () => {
    const r = vitest('test/shopify/queries.test.ts', missing);
    expect(r.code, r.out).toBe(0);
    expect(r.out.match(/CONTRACT SUITE SKIPPED: "Shopify documents against the 2026-10 schema" needs \S+no-such-specs\/shopify\/admin_2026-10\.introspection\.json\.gz/g)).toHaveLength(1);
    expect(r.out).toMatch(/skipped/);
  });

  it('fail under CI=true', () => {
    const r = vitest('test/shopify/queries.test.ts', { ...missing, CI: 'true' });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('has the vendor specs it checks against (CI=true)');
    expect(r.out).toContain('CONTRACT SUITE SKIPPED');
  });
});
