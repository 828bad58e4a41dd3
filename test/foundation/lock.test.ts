// One writer at a time, tested with two real processes.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { omni, omniAsync, workspace, cleanup, ROOT } from '../support/workspace.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

/** A real process that takes the writer lock and holds it for `ms`. */
function holdLock(dbFile: string, ms: number): Promise<{ pid: number; done: Promise<void> }> {
  const script = `
    const { acquireWriterLock } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/db/lock.js'))});
    const lock = await acquireWriterLock(${JSON.stringify(dbFile)}, { timeoutMs: 1000, command: 'omni sync --all' });
    console.log('locked');
    setTimeout(() => { lock.release(); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      if (b.toString().includes('locked')) resolve({ pid: child.pid!, done: new Promise((r) => child.on('exit', () => r())) });
    });
    child.on('error', reject);
  });
}

describe('writer lock', () => {
  it('a second writer waits, then gives up with exit 1 naming the holder', async () => {
    const dir = workspace(); dirs.push(dir);
    omni(dir, ['init']);
    omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']);
    const holder = await holdLock(path.join(dir, 'omni.sqlite'), 6000);
    const started = Date.now();
    const r = omni(dir, ['stock', 'count', 'MUG', '5', '-l', 'store']); // lock_timeout_seconds: 2
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(r.stderr).toContain(`pid ${holder.pid}`);
    expect(r.stderr).toContain('`omni sync --all`');
    // readers are never blocked
    expect(omni(dir, ['stock', 'MUG']).code).toBe(0);
    await holder.done;
    expect(omni(dir, ['stock', 'count', 'MUG', '5', '-l', 'store']).code).toBe(0);
  });

  it('a writer that waits gets the lock when the other finishes', async () => {
    const dir = workspace(); dirs.push(dir);
    omni(dir, ['init']);
    omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']);
    const holder = await holdLock(path.join(dir, 'omni.sqlite'), 800);
    const child = omniAsync(dir, ['stock', 'count', 'MUG', '7', '-l', 'store']);
    const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    await holder.done;
    expect(code).toBe(0);
    expect(omni(dir, ['--json', 'stock', 'MUG']).stdout).toContain('"total": 7');
  });

  it('takes over a lock left by a killed process', async () => {
    const dir = workspace(); dirs.push(dir);
    omni(dir, ['init']);
    omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']);
    const holder = await holdLock(path.join(dir, 'omni.sqlite'), 60_000);
    process.kill(holder.pid, 'SIGKILL');
    await holder.done;
    expect(omni(dir, ['stock', 'count', 'MUG', '3', '-l', 'store']).code).toBe(0);
  });

  it('a note naming a live process that is not omni (a reused pid) blocks nothing', async () => {
    const dir = workspace(); dirs.push(dir);
    omni(dir, ['init']);
    omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']);
    // A live process that holds no lock, named by both the old pid file and the holder note, as
    // after a reboot where the pid came back as something else.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const note = JSON.stringify({ pid: other.pid, host: os.hostname(), command: 'omni sync --all', since: '2026-01-01T00:00:00.000Z' });
      writeFileSync(path.join(dir, 'omni.sqlite.lock'), note);
      writeFileSync(path.join(dir, 'omni.sqlite.writer-lock.json'), note);
      const r = omni(dir, ['stock', 'count', 'MUG', '4', '-l', 'store']); // lock_timeout_seconds: 2
      expect(r.stderr).not.toContain('Another omni process');
      expect(r.code).toBe(0);
    } finally { other.kill('SIGKILL'); }
  });

  it('a killed holder frees the lock at once, and its leftover note is not believed', async () => {
    const dir = workspace(); dirs.push(dir);
    omni(dir, ['init']);
    omni(dir, ['products', 'add', 'MUG', '-t', 'Mug']);
    const holder = await holdLock(path.join(dir, 'omni.sqlite'), 60_000);
    const waiting = omniAsync(dir, ['stock', 'count', 'MUG', '9', '-l', 'store', '--verbose']);
    let stderr = '';
    waiting.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
    process.kill(holder.pid, 'SIGKILL');
    await holder.done;
    const code = await new Promise<number>((r) => waiting.on('exit', (c) => r(c ?? -1)));
    expect(stderr).not.toContain('Another omni process');
    expect(code).toBe(0);
    expect(omni(dir, ['--json', 'stock', 'MUG']).stdout).toContain('"total": 9');
  });
});
