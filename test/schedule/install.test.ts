// `omni schedule install --systemd | --cron` and `uninstall`: units that systemd itself accepts
// (systemd-analyze verify, when installed), crontab lines whose schedules parse, the env file
// created private and empty of secrets, and uninstall removing exactly what install wrote.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { workspace, withMaster, cleanup } from '../support/workspace.js';
import { install, uninstall } from '../../src/cli/commands/schedule.js';
import { parseCron } from '../../src/app/schedule/cron.js';
import { crontabLines, shellWord } from '../../src/app/schedule/install-cron.js';
import { systemdArg, systemdNextSteps } from '../../src/app/schedule/install-systemd.js';
import { jobUser } from '../../src/app/schedule/run-as.js';

const CONFIG = `database: omni.sqlite
timezone: Europe/Berlin
locations:
  - { code: store, kind: store }
channels:
  shopify:
    type: shopify
    shop: my-shop
    access_token: \${SHOPIFY_TOKEN}
    stock_from: [store]
    location_map: { store: "gid://shopify/Location/1" }
schedules:
  sync-all:
    cron: "*/15 * * * *"
    command: "sync --all"
    missed: catch-up
  nightly-report:
    cron: "30 6 * * mon-fri"
    command: "report low-stock -o 'reports/low stock.csv'"
  off:
    cron: "@daily"
    command: "sync --all"
    enabled: false
`;

let dir = '';
afterEach(() => { if (dir) cleanup(dir); dir = ''; });
const g = () => ({ config: path.join(dir, 'config.yaml'), quiet: true, json: true });
const env = { SHOPIFY_TOKEN: 'shpat_never_written_anywhere_42' };

async function withEnv<T>(f: () => Promise<T>): Promise<T> {
  process.env.SHOPIFY_TOKEN = env.SHOPIFY_TOKEN;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write; // the command's result
  try { return await f(); } finally { process.stdout.write = write; delete process.env.SHOPIFY_TOKEN; }
}

const verify = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('omni schedule install --systemd', () => {
  it('writes a oneshot service and a timer per enabled job, with absolute paths and the env file', async () => {
    dir = withMaster(workspace(CONFIG));
    const units = path.join(dir, 'units');
    expect(await withEnv(() => install([], { systemd: true, user: true, dir: units }, g()))).toBe(0);
    expect(readdirSync(units).sort()).toEqual(['omni-nightly-report.service', 'omni-nightly-report.timer', 'omni-sync-all.service', 'omni-sync-all.timer']);
    const service = readFileSync(path.join(units, 'omni-sync-all.service'), 'utf8');
    expect(service).toContain(`ExecStart=${process.execPath} `);
    expect(service).toContain(`--config ${dir}/config.yaml --quiet schedule run --job sync-all --env-file ${dir}/omni.env\n`);
    // omni reads the env file itself: systemd's parser (backslashes, quotes) is not involved
    expect(service).not.toContain('EnvironmentFile=');
    expect(service).toContain('KillMode=mixed');
    const timer = readFileSync(path.join(units, 'omni-sync-all.timer'), 'utf8');
    expect(timer).toContain('OnCalendar=*-*-* *:00/15:00 Europe/Berlin');
    expect(timer).toContain('Persistent=true');
    expect(readFileSync(path.join(units, 'omni-nightly-report.timer'), 'utf8')).toContain('OnCalendar=Mon..Fri *-*-* 06:30:00 Europe/Berlin\nPersistent=false');
    // the env file: private, naming the variables, holding no value
    const envFile = path.join(dir, 'omni.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, 'utf8')).toContain('# SHOPIFY_TOKEN=\n');
    for (const f of readdirSync(units)) expect(readFileSync(path.join(units, f), 'utf8')).not.toContain(env.SHOPIFY_TOKEN);
  });

  it('with `watch:` configured: an omni watch service beside the jobs, restarted on failure, started by the next steps', async () => {
    dir = withMaster(workspace(`${CONFIG}watch:\n  reconcile_minutes: 30\n`));
    const units = path.join(dir, 'units');
    expect(await withEnv(() => install([], { systemd: true, user: true, dir: units }, g()))).toBe(0);
    expect(readdirSync(units)).toContain('omni-watch.service');
    const w = readFileSync(path.join(units, 'omni-watch.service'), 'utf8');
    expect(w).toContain(`--config ${dir}/config.yaml watch\n`);
    // node runs watch with its memory flags (src/app/watch/node-flags.ts), so it is not restarted for them.
    expect(w).toMatch(/ExecStart=\S+ --max-semi-space-size=2 \S+\/bin\/omni\.js /);
    expect(w).toContain('Restart=on-failure');
    expect(w).toContain('Type=simple');
    // Its stop: SIGTERM to omni, which ends the push and exits within 10 s.
    expect(w).toContain('KillMode=mixed');
    const steps = systemdNextSteps([{ name: 'omni-a.timer', text: '' }, { name: 'omni-a.service', text: '' }, { name: 'omni-watch.service', text: '' }], { mode: 'timers', user: true, prefix: 'omni' }, units);
    expect(steps.find((l) => l.includes('enable --now'))).toMatch(/enable --now omni-a\.timer omni-watch\.service$/);
    // Without jobs, `watch:` alone is enough to install.
    writeFileSync(path.join(dir, 'config.yaml'), `${CONFIG.replace(/schedules:[\s\S]*$/, '')}watch: {}\n`);
    const only = path.join(dir, 'only');
    expect(await withEnv(() => install([], { systemd: true, user: true, dir: only }, g()))).toBe(0);
    expect(readdirSync(only)).toEqual(['omni-watch.service']);
  });

  it.skipIf(!verify)('units pass systemd-analyze verify (both modes, user and system units)', async () => {
    dir = withMaster(workspace(`${CONFIG}watch: {}\n`));
    for (const [mode, user] of [['timers', true], ['service', true], ['timers', false], ['service', false]] as const) {
      const units = path.join(dir, `units-${mode}-${user}`);
      expect(await withEnv(() => install([], { systemd: true, user, dir: units, mode, ...(user ? {} : { runAs: 'root' }) }, g()))).toBe(0);
      const files = readdirSync(units).map((f) => path.join(units, f));
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_COLOR: '0' } });
      // systemd warns about the unit folder not being a standard one; anything about our units is a failure
      const ours = r.stderr.split('\n').filter((l) => l.includes(units) || /omni-/.test(l));
      expect(ours, r.stderr).toEqual([]);
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it('service mode: one long-running scheduler; reinstalling replaces the timers; uninstall removes exactly what it wrote', async () => {
    dir = withMaster(workspace(CONFIG));
    const units = path.join(dir, 'units');
    await withEnv(() => install([], { systemd: true, user: true, dir: units }, g()));
    writeFileSync(path.join(units, 'mine.service'), '[Service]\nExecStart=/bin/true\n');
    await withEnv(() => install([], { systemd: true, user: true, dir: units, mode: 'service' }, g()));
    expect(readdirSync(units).sort()).toEqual(['mine.service', 'omni-scheduler.service']);
    const s = readFileSync(path.join(units, 'omni-scheduler.service'), 'utf8');
    expect(s).toMatch(/ExecStart=.* --quiet schedule run --env-file \S+\/omni\.env\n/);
    expect(s).toContain('Restart=on-failure');
    expect(s).toContain('WantedBy=default.target');
    await withEnv(() => uninstall([], {}, g()));
    expect(readdirSync(units)).toEqual(['mine.service']);
    expect(existsSync(path.join(dir, 'omni.env'))).toBe(true); // the secrets stay
  });

  it('system units run the jobs as User=; --user units have no User= and no network-online.target', async () => {
    dir = withMaster(workspace(CONFIG));
    const sys = path.join(dir, 'sys');
    expect(await withEnv(() => install([], { systemd: true, dir: sys, runAs: 'shopkeeper' }, g()))).toBe(0);
    const service = readFileSync(path.join(sys, 'omni-sync-all.service'), 'utf8');
    expect(service).toContain('\nUser=shopkeeper\n');
    expect(service).toContain('Wants=network-online.target');
    const usr = path.join(dir, 'usr');
    expect(await withEnv(() => install([], { systemd: true, user: true, dir: usr }, g()))).toBe(0);
    for (const f of readdirSync(usr)) {
      const text = readFileSync(path.join(usr, f), 'utf8');
      expect(text).not.toContain('User=');
      expect(text).not.toContain('network-online');
    }
  });

  it('who the jobs run as: you; under sudo who ran sudo; as root the config owner; root only by name', () => {
    dir = workspace(CONFIG);
    const file = path.join(dir, 'config.yaml');
    expect(jobUser(file, undefined, { uid: 1000, username: 'anna', sudoUser: undefined })).toBe('anna');
    expect(jobUser(file, undefined, { uid: 0, username: 'root', sudoUser: 'anna' })).toBe('anna');
    expect(jobUser(file, 'root', { uid: 0, username: 'root', sudoUser: undefined })).toBe('root');
    if (statSync(file).uid === 0) {
      expect(() => jobUser(file, undefined, { uid: 0, username: 'root', sudoUser: undefined })).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/would run as root/) }));
    } else {
      expect(jobUser(file, undefined, { uid: 0, username: 'root', sudoUser: undefined })).not.toBe('root');
    }
  });

  it('--dir: the next steps copy the units where systemd looks before enabling them', () => {
    const units = [{ name: 'omni-a.service', text: '' }, { name: 'omni-a.timer', text: '' }];
    expect(systemdNextSteps(units, { mode: 'timers', user: false, prefix: 'omni', runAs: 'anna' }, '/tmp/my units')).toEqual([
      "sudo cp '/tmp/my units/omni-a.service' '/tmp/my units/omni-a.timer' /etc/systemd/system/",
      'sudo systemctl daemon-reload',
      'sudo systemctl enable --now omni-a.timer',
      "sudo systemctl list-timers 'omni-*'   # next runs",
    ]);
    const user = systemdNextSteps(units, { mode: 'timers', user: true, prefix: 'omni' }, '/tmp/u');
    expect(user[0]).toMatch(/^mkdir -p \S+\/systemd\/user$/);
    expect(user[1]).toMatch(/^cp \/tmp\/u\/omni-a.service \/tmp\/u\/omni-a.timer \S+\/systemd\/user\/$/);
    // written where systemd looks: nothing to copy
    expect(systemdNextSteps(units, { mode: 'timers', user: false, prefix: 'omni', runAs: 'anna' }, '/etc/systemd/system')[0]).toBe('sudo systemctl daemon-reload');
  });

  it('quotes paths for ExecStart= and escapes % specifiers', () => {
    expect(systemdArg('/opt/omni/bin/omni.js')).toBe('/opt/omni/bin/omni.js');
    expect(systemdArg('/home/a b/config.yaml')).toBe('"/home/a b/config.yaml"');
    expect(systemdArg('/srv/100%/x')).toBe('/srv/100%%/x');
  });
});

describe('omni schedule install --cron', () => {
  const ctx = (d: string) => ({
    configFile: `${d}/config.yaml`, configDir: d, timezone: 'UTC', node: '/usr/bin/node', bin: '/opt/omni/bin/omni.js', envFile: `${d}/omni.env`,
    jobs: {
      'sync-all': { cron: '*/15 * * * *', command: 'sync --all', missed: 'skip' as const, grace_seconds: 120, enabled: true },
      weekly: { cron: '@weekly', command: 'report low-stock', missed: 'skip' as const, grace_seconds: 120, enabled: true },
    },
  });

  it('prints one line per job whose schedule parses, with absolute paths, the env file passed to omni (not sourced) and output logged', () => {
    const lines = crontabLines(ctx('/srv/my shop'), '/srv/my shop/logs/cron.log', 'UTC');
    const jobs = lines.filter((l) => !l.startsWith('#') && !l.startsWith('CRON_TZ'));
    expect(jobs).toHaveLength(2);
    expect(jobs[0]).toBe(`*/15 * * * * cd '/srv/my shop' && /usr/bin/node /opt/omni/bin/omni.js --config '/srv/my shop/config.yaml' --quiet schedule run --job sync-all --env-file '/srv/my shop/omni.env' >> '/srv/my shop/logs/cron.log' 2>&1`);
    for (const line of jobs) {
      const fields = line.split(/\s+/);
      expect(() => parseCron(fields.slice(0, 5).join(' '))).not.toThrow();
      expect(fields[5]).toBe('cd');
    }
    // /bin/sh reads the command as intended
    const sh = spawnSync('sh', ['-n', '-c', jobs[0]!.split(' ').slice(5).join(' ')]);
    expect(sh.status).toBe(0);
  });

  it('warns and sets CRON_TZ when the config time zone is not the machine\'s; refuses seconds', () => {
    const c = { ...ctx('/srv/shop'), timezone: 'Europe/Berlin' };
    expect(crontabLines(c, '/l', 'UTC')).toContain('CRON_TZ=Europe/Berlin');
    expect(() => crontabLines({ ...c, jobs: { fast: { ...c.jobs['sync-all'], cron: '*/5 * * * * *' } } }, '/l', 'UTC')).toThrow(/seconds field; cron has none/);
    expect(shellWord('100%')).toBe('100\\%');
  });
});
