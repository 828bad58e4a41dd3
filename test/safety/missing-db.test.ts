// Only `init` and `demo` make a master: a typo in `database:` or --db is an error naming the path,
// never a new empty master that the next sale is booked into.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { omni, workspace, cleanup, BASIC_CONFIG } from '../support/workspace.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

describe('a missing master', () => {
  it('a typo in `database:` is exit 2 naming the path and the config line, and creates nothing', () => {
    const dir = workspace(BASIC_CONFIG.replace('database: omni.sqlite', 'database: omni.sqlte'));
    dirs.push(dir);
    for (const args of [['products', 'add', 'MUG', '-t', 'Mug'], ['stock', 'adjust', 'MUG', '3', '-l', 'store'], ['stock'], ['status'], ['runs']]) {
      const r = omni(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`No omni database at ${path.join(dir, 'omni.sqlte')}`);
      expect(r.stderr).toContain('config.yaml:1');
      expect(r.stderr).not.toContain('omni hit a bug');
    }
    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });

  it('a --db that does not exist is refused for writing commands too', () => {
    const dir = workspace(); dirs.push(dir);
    expect(omni(dir, ['init']).code).toBe(0);
    const r = omni(dir, ['--db', 'other.sqlite', 'products', 'add', 'MUG', '-t', 'Mug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No omni database at ${path.join(dir, 'other.sqlite')}`);
    expect(r.stderr).toContain('--db');
    expect(existsSync(path.join(dir, 'other.sqlite'))).toBe(false);
  });

  it('init and demo still create one', () => {
    const dir = workspace(); dirs.push(dir);
    expect(omni(dir, ['init']).code).toBe(0);
    expect(existsSync(path.join(dir, 'omni.sqlite'))).toBe(true);
    expect(omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']).code).toBe(0);
    expect(omni(dir, ['demo', '--dir', 'shop', '--no-sync']).code).toBe(0);
    expect(existsSync(path.join(dir, 'shop', 'omni.sqlite'))).toBe(true);
  });
});
