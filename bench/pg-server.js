// A throwaway PostgreSQL server for the benches that measure both engines, started the way the
// tests start theirs (test/support/pg-server.ts, which the bench cannot import: it runs over
// dist/): initdb in a temp folder, a free loopback port, stopped and removed at the end. Under
// root the server runs as `postgres` (or `nobody`) through setpriv. Durability is PostgreSQL's
// default (fsync on): omni and the references it is compared with run on the same server.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const NEEDED = ['initdb', 'pg_ctl', 'postgres', 'psql'];

/** The folder holding initdb, pg_ctl, postgres and psql, or undefined. */
export function findPgBin() {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) dirs.unshift(path.join(debian, v, 'bin'));
  }
  return dirs.find((d) => NEEDED.every((b) => existsSync(path.join(d, b))));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server; `{ url, bin, psql(url, sql, input?), createDatabase(name), stop() }`. */
export async function startPgServer(bin) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omni-bench-pg-'));
  const data = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? (spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody') : undefined;
  if (asRoot) {
    chmodSync(root, 0o777);
    const ids = spawnSync('id', [user], { encoding: 'utf8' }).stdout;
    chownSync(root, Number(/uid=(\d+)/.exec(ids)[1]), Number(/gid=(\d+)/.exec(ids)[1]));
  }
  const run = (cmd, args) => {
    const full = path.join(bin, cmd);
    const r = asRoot
      ? spawnSync('setpriv', ['--reuid', user, '--regid', user, '--init-groups', full, ...args], { encoding: 'utf8', cwd: root })
      : spawnSync(full, args, { encoding: 'utf8', cwd: root });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'omni', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const opts = [`-p ${port}`, '-h 127.0.0.1', `-k ${root}`, '-c max_connections=50'].join(' ');
  run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(root, 'server.log'), '-w', '-t', '120', 'start']);
  let stopped = false;
  const base = `postgres://omni@127.0.0.1:${port}`;
  const server = {
    url: `${base}/postgres`,
    /** Runs SQL through psql (stdin from `inputFile` when given); returns stdout. */
    psql(url, sql, inputFile) {
      const args = [url, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql];
      const fd = inputFile ? openSync(inputFile, 'r') : 'ignore';
      let r;
      try { r = spawnSync(path.join(bin, 'psql'), args, { encoding: 'utf8', maxBuffer: 1 << 24, stdio: [fd, 'pipe', 'pipe'] }); } finally { if (inputFile) closeSync(fd); }
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
      return r.stdout;
    },
    /** A new empty database; its URL (dropped first when it exists). */
    createDatabase(name) {
      server.psql(server.url, `DROP DATABASE IF EXISTS ${name}`);
      server.psql(server.url, `CREATE DATABASE ${name}`);
      return `${base}/${name}`;
    },
    /**
     * Whether the server's shared memory sits in huge pages (PostgreSQL's default `huge_pages =
     * try` takes them when the system has reserved some: `sysctl vm.nr_hugepages`). Without them
     * every new connection maps each shared buffer it touches a 4 kB page at a time, a cost an
     * index-heavy statement pays and a sequential scan (a small ring of buffers) does not.
     */
    get hugePages() {
      try {
        const pid = readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0];
        return Number(/HugetlbPages:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) > 0;
      } catch { return false; }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try { run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']); } finally { rmSync(root, { recursive: true, force: true }); }
    },
  };
  process.once('exit', () => server.stop());
  return server;
}

let shared;

/**
 * One server for the whole bench run, started on first use; undefined (with a line saying so)
 * when no PostgreSQL binaries are installed: the benches then measure SQLite only.
 */
export async function benchPgServer() {
  if (shared !== undefined) return shared || undefined;
  const bin = findPgBin();
  if (!bin) {
    console.log('No PostgreSQL binaries (initdb, pg_ctl, postgres, psql) in PATH or /usr/lib/postgresql/*/bin: measuring SQLite only (apt-get install postgresql for both engines).');
    shared = false;
    return undefined;
  }
  shared = await startPgServer(bin);
  return shared;
}
