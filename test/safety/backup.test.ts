// `omni backup`: an online copy of the master that is checked, kept to the newest N, found by
// doctor and by the "damaged" message, and restored by copying it back.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, openSync, readdirSync, statSync, closeSync, writeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BASIC_CONFIG, cleanup, omni, omniJson, withMaster, workspace } from '../support/workspace.js';
import { commandProblem } from '../../src/app/schedule/command-check.js';

let dir = '';
afterEach(() => { if (dir) cleanup(dir); dir = ''; });

interface Backup { file: string; bytes: number; kept: string[]; removed: string[] }

describe('omni backup', () => {
  it('writes a checked copy into backups/ beside the master; doctor names it; --keep prunes the oldest', () => {
    dir = withMaster(workspace());
    expect(omni(dir, ['products', 'add', 'MUG', '-t', 'Mug', '-p', '9.90']).code).toBe(0);
    const noBackup = omni(dir, ['doctor']);
    expect(noBackup.stdout).toMatch(/WARN\s+backup: no backup beside the master or in backups\//);
    const first = omniJson<Backup>(dir, ['backup']);
    expect(path.dirname(first.file)).toBe(path.join(dir, 'backups'));
    expect(path.basename(first.file)).toMatch(/^omni-\d{4}-\d\d-\d\dT[\d-]+Z\.sqlite$/);
    expect(first.bytes).toBe(statSync(first.file).size);
    const copy = new Database(first.file, { readonly: true });
    expect(copy.prepare("SELECT title FROM products WHERE sku = 'MUG'").pluck().get()).toBe('Mug');
    copy.close();
    expect(readdirSync(path.join(dir, 'backups')).some((f) => f.endsWith('.partial'))).toBe(false);
    const doctor = omni(dir, ['doctor']);
    expect(doctor.stdout).toMatch(new RegExp(`PASS\\s+backup: newest: ${first.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const second = omniJson<Backup>(dir, ['backup', '--keep', '2']);
    const third = omniJson<Backup>(dir, ['backup', '--keep', '2']);
    expect(third.kept).toEqual([third.file, second.file]);
    expect(third.removed).toEqual([first.file]);
    expect(existsSync(first.file)).toBe(false);
    expect(readdirSync(path.join(dir, 'backups'))).toHaveLength(2);
  });

  it('a damaged master names the newest backup; copying it back restores the shop', () => {
    dir = withMaster(workspace());
    expect(omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']).code).toBe(0);
    expect(omni(dir, ['stock', 'count', 'MUG', '12', '-l', 'store']).code).toBe(0);
    const { file } = omniJson<Backup>(dir, ['backup']);
    const master = path.join(dir, 'omni.sqlite');
    const { size } = statSync(master);
    const fd = openSync(master, 'r+');
    for (let page = 1; page * 4096 < size; page++) writeSync(fd, Buffer.alloc(256, 0xa5), 0, 256, page * 4096 + 8);
    closeSync(fd);
    const broken = omni(dir, ['stock', 'MUG']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is damaged');
    expect(broken.stderr).toContain(`The newest backup is ${file}`);
    // restore as the README says: copy the backup over the master, then doctor
    copyFileSync(file, master);
    const doctor = omni(dir, ['doctor']);
    expect(doctor.stdout).toMatch(/PASS\s+database integrity/);
    expect(omniJson<{ lines: { locations: Record<string, number> }[] }>(dir, ['stock', 'MUG']).lines[0]!.locations.store).toBe(12);
  });

  it('--to another folder; bad --keep, a PostgreSQL database: exit 2 with what to do', () => {
    dir = withMaster(workspace());
    const r = omniJson<Backup>(dir, ['backup', '--to', 'elsewhere']);
    expect(path.dirname(r.file)).toBe(path.join(dir, 'elsewhere'));
    const bad = omni(dir, ['backup', '--keep', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--keep must be a whole number from 1');
    writeFileSync(path.join(dir, 'config.yaml'), BASIC_CONFIG.replace('database: omni.sqlite', 'database: postgres://shop@localhost/omni'));
    const pg = omni(dir, ['backup']);
    expect(pg.code).toBe(2);
    expect(pg.stderr).toContain('pg_dump');
  });

  it('is a command a schedule can run', () => {
    expect(commandProblem(['backup', '--keep', '14'])).toBeUndefined();
    expect(commandProblem(['backup', '--kep', '14'])).toBeDefined();
  });
});
