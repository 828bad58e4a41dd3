// A throwaway PostgreSQL server for the tests: initdb in a temp folder, started on a free loopback
// port, stopped (and the folder removed) at the end. The binaries are looked for in PATH, then in
// /usr/lib/postgresql/<version>/bin (the Debian `postgresql` package), newest first.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const NEEDED = ['initdb', 'pg_ctl', 'postgres'];

export function findPgBin(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) dirs.push(path.join(debian, v, 'bin'));
  }
  return dirs.find((d) => NEEDED.every((b) => existsSync(path.join(d, b))));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  /** Superuser URL to the `postgres` database (trust auth on loopback). */
  url: string;
  stop(): void;
}

export async function startPgServer(bin: string): Promise<PgServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omni-pg-'));
  const data = path.join(root, 'data');
  // PostgreSQL refuses to run as root: under root (CI containers) the server runs as `postgres`
  // (or `nobody`) in a folder it owns.
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? (spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody') : undefined;
  if (asRoot) {
    chmodSync(root, 0o777);
    const ids = spawnSync('id', [user!], { encoding: 'utf8' }).stdout;
    const uid = Number(/uid=(\d+)/.exec(ids)![1]);
    const gid = Number(/gid=(\d+)/.exec(ids)![1]);
    chownSync(root, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    const r = asRoot
      ? spawnSync('setpriv', ['--reuid', user!, '--regid', user!, '--init-groups', full, ...args], { encoding: 'utf8', cwd: root })
      : spawnSync(full, args, { encoding: 'utf8', cwd: root });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'omni', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const opts = [
    `-p ${port}`, '-h 127.0.0.1', `-k ${root}`,
    // A test server: durability off (the data is thrown away), room for the concurrency tests.
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(root, 'server.log'), '-w', '-t', '120', 'start']);
  let stopped = false;
  return {
    url: `postgres://omni@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } finally { rmSync(root, { recursive: true, force: true }); }
    },
  };
}
