// Schedules and watch on a PostgreSQL master: their locks are advisory locks in the server
// (`job:NAME`, `scheduler`, `watch`), not files beside a URL. Real processes (the built CLI), a real
// server; a test session holds a lock the way another machine's omni would.
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { cleanup, omni, omniAsync, workspace, type CliResult } from '../support/workspace.js';
import { ENGINES, pgDatabase } from '../support/postgres.js';
import { PgDatabase } from '../../src/db/pg/client.js';
import { logLines, waitFor } from './helpers.js';

const CONFIG = `database: omni.sqlite
lock_timeout_seconds: 5
locations:
  - { code: store, kind: store }
schedules:
  nightly:
    cron: "0 3 * * *"
    command: "stock"
  tick:
    cron: "* * * * * *"
    command: "stock"
    enabled: false
`;

let dir = '';
const sessions: PgDatabase[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
  if (dir) cleanup(dir);
  dir = '';
});

/** Another machine's omni holding `scope` on its own connection (named as omni names itself). */
function holdScope(url: string, scope: string): PgDatabase {
  const s = new PgDatabase(url, 'other runner');
  sessions.push(s);
  s.native('SELECT set_config($1, $2, false)', ['application_name', 'omni pid 4242 on till-2: omni schedule run']);
  expect(s.native('SELECT pg_try_advisory_lock(hashtextextended($1, 0))', [scope]).rows?.[0]?.[0]).toBe(1);
  return s;
}

const onPg = ENGINES.includes('postgres') ? describe : describe.skip;

onPg('schedules and watch on PostgreSQL', () => {
  const setup = () => {
    const url = pgDatabase();
    dir = workspace(CONFIG);
    const run = (args: string[], env: Record<string, string> = {}): CliResult => omni(dir, args, { OMNI_DATABASE_URL: url, ...env });
    return { url, run };
  };
  const journal = (run: (a: string[]) => CliResult) => (JSON.parse(run(['--json', 'runs']).stdout) as { runs: { job: string; status: string }[] }).runs;

  it('a job whose job:NAME lock another machine holds is skipped, naming it; released, the job runs and is journalled', () => {
    const { url, run } = setup();
    const other = holdScope(url, 'job:nightly');
    const skipped = run(['schedule', 'run', '--job', 'nightly']);
    expect(skipped.code, skipped.stderr).toBe(0);
    const line = logLines(path.join(dir, 'logs', 'omni.log')).find((l) => l.job === 'nightly' && /^skipped/.test(l.msg));
    expect(line?.msg).toContain('its previous run is still going (pid 4242');
    expect(journal(run).filter((r) => r.job === 'schedule:nightly')).toEqual([]);
    other.close(); // the other machine's run ends (or it dies): the server frees its lock
    const ran = run(['schedule', 'run', '--job', 'nightly']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(journal(run).filter((r) => r.job === 'schedule:nightly').map((r) => r.status)).toEqual(['ok']);
    // No lock file and no state file anywhere: the alert state is in the master, shared by every machine.
    expect(readdirSync(dir).filter((f) => /postgres|lock|schedule\.json/i.test(f))).toEqual([]);
  });

  it('one scheduler per master across processes: a second `omni schedule run` refuses, naming the first; SIGTERM stops the first', async () => {
    const { url } = setup();
    const env = { OMNI_DATABASE_URL: url };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'config.yaml'), CONFIG.replace('    enabled: false\n', ''));
    const first = omniAsync(dir, ['schedule', 'run'], env);
    const exited = new Promise<number | null>((r) => first.on('close', (code) => r(code)));
    await waitFor('a run of the scheduled job', () => logLines(path.join(dir, 'logs', 'omni.log')).some((l) => l.job === 'tick' && /^finished: ok/.test(l.msg)), 60_000);
    const second = omni(dir, ['schedule', 'run'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Another \`omni schedule run\` already runs for this database (pid ${first.pid}`);
    first.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('schedule install refuses a --db URL with a password (it would be written into a crontab), without echoing it', () => {
    const { url, run } = setup();
    const u = new URL(url);
    u.password = 's3cret-pw';
    const r = run(['schedule', 'install', '--cron', '--db', u.toString()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--db holds a PostgreSQL password');
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
  });

  it('one omni watch per master: a watch on another machine makes `omni watch` refuse, and `omni status` shows it running', () => {
    const { url, run } = setup();
    const status = () => (JSON.parse(run(['--json', 'status']).stdout) as { watch: { running: boolean } }).watch.running;
    expect(status()).toBe(false);
    const other = holdScope(url, 'watch');
    expect(status()).toBe(true);
    const refused = run(['watch', '--once', '--all']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('omni watch is already running for this database.');
    other.close();
    expect(status()).toBe(false);
  });
});
