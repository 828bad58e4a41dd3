// The commands omni prints for a user to type must work from where that user is: `omni` only when
// the PATH's omni is this one, `npx omni` inside the package (where npx finds it), else node + path.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { omniCommand, omniWithConfig } from '../../src/cli/invocation.js';
import { tempDir, cleanup, ROOT, BIN } from '../support/workspace.js';

const dir = tempDir();
afterAll(() => cleanup(dir));
const facts = (cwd: string, pathVar: string) => ({ cwd, pathVar, packageRoot: ROOT, bin: BIN });

describe('how to call omni again', () => {
  it('omni on the PATH that is this omni (npm install -g links it)', () => {
    const bin = path.join(dir, 'global-bin');
    mkdirSync(bin);
    symlinkSync(BIN, path.join(bin, 'omni'));
    expect(omniCommand(facts(dir, `/nonexistent:${bin}:/usr/bin`))).toBe('omni');
  });

  it('another omni on the PATH, or one npx put there for this run, does not count', () => {
    const other = path.join(dir, 'other-bin');
    mkdirSync(other);
    writeFileSync(path.join(other, 'omni'), '#!/bin/sh\necho other\n');
    chmodSync(path.join(other, 'omni'), 0o755);
    expect(omniCommand(facts(dir, other))).toBe(`node ${BIN}`);
    const npxBin = path.join(dir, 'proj', 'node_modules', '.bin');
    mkdirSync(npxBin, { recursive: true });
    symlinkSync(BIN, path.join(npxBin, 'omni'));
    expect(omniCommand(facts(dir, npxBin))).toBe(`node ${BIN}`);
  });

  it('inside the package folder: npx omni; the config relative when it is below the folder', () => {
    expect(omniCommand(facts(path.join(ROOT, 'src'), '/usr/bin'))).toBe('npx omni');
    expect(omniWithConfig(facts(dir, '/usr/bin'), path.join(dir, 'demo', 'config.yaml'))).toBe(`node ${BIN} -c demo/config.yaml`);
    expect(omniWithConfig(facts(path.join(dir, 'demo'), '/usr/bin'), path.join(dir, 'demo', 'config.yaml'))).toBe(`node ${BIN}`);
    expect(omniWithConfig(facts(ROOT, '/usr/bin'), '/tmp/my shop/config.yaml')).toBe("npx omni -c '/tmp/my shop/config.yaml'");
  });
});
