// systemd units for the schedule, two ways (see `omni schedule install --help`):
// - timers: per job a oneshot `omni-NAME.service` and an `omni-NAME.timer` whose OnCalendar= is
//   the job's cron expression converted; systemd does the scheduling, `missed: catch-up` becomes
//   Persistent=true, and a job still running when its timer fires is not started twice.
// - service: one long-running `omni-scheduler.service` running `omni schedule run`.
// System units (/etc/systemd/system) run the jobs as `User=` (never root unless asked: the jobs write
// the master, logs and reports in the shop's folder); per-user units run as their owner and have no
// network-online.target (the user manager cannot see it, so waiting for it would do nothing).
// Pure: returns the files to write; the command writes them.
import os from 'node:os';
import path from 'node:path';
import { parseCron } from './cron.js';
import { toOnCalendar } from './oncalendar.js';
import { MARK, enabledJobs, runArgv, type InstallContext } from './install-common.js';
import { WATCH_NODE_FLAGS } from '../watch/node-flags.js';

export type SystemdMode = 'timers' | 'service';

export interface UnitFile { name: string; text: string }

export interface SystemdOptions {
  mode: SystemdMode;
  /** Per-user units (systemctl --user) rather than system units. */
  user: boolean;
  prefix: string;
  /** System units: the user the jobs run as (a name or a numeric uid). */
  runAs?: string | undefined;
}

/** One ExecStart= argument: specifiers (%) doubled, quoted when it has spaces or quotes. */
export function systemdArg(a: string): string {
  if (/[\n\r]/.test(a)) throw new Error(`a path with a line break cannot go in a unit file: ${JSON.stringify(a)}`);
  const s = a.replace(/%/g, '%%');
  return /[\s"'\\;$]/.test(s) ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$')}"` : s;
}

function pathValue(p: string): string {
  if (/[\n\r]/.test(p)) throw new Error(`a path with a line break cannot go in a unit file: ${JSON.stringify(p)}`);
  return p.replace(/%/g, '%%');
}

function serviceSection(ctx: InstallContext, o: SystemdOptions, exec: string[], stopSec: number, extra: string[]): string[] {
  if (!o.user && !o.runAs) throw new Error('system units need the user the jobs run as (runAs)');
  const user = o.user ? [] : [`User=${o.runAs}`];
  return [
    '[Service]', ...extra, ...user,
    `WorkingDirectory=${pathValue(ctx.configDir)}`,
    // No EnvironmentFile=: omni reads the env file itself (--env-file), by the same rules as under
    // cron (systemd's own parser treats \ and quotes differently).
    `ExecStart=${exec.map(systemdArg).join(' ')}`,
    // Stop sends SIGTERM to omni only: it lets the running job finish its step, then exits.
    'KillMode=mixed',
    `TimeoutStopSec=${stopSec}`,
  ];
}

export function systemdUnits(ctx: InstallContext, o: SystemdOptions): UnitFile[] {
  const network = o.user ? [] : ['After=network-online.target', 'Wants=network-online.target'];
  const unit = (description: string) => ['[Unit]', `Description=${description}`, 'Documentation=man:systemd.timer(5)', ...network];
  // omni watch ends its push and exits within 10 s of SIGTERM; it restarts after a crash and
  // resumes from its stored cursors; node runs with watch's memory flags (watch/node-flags.ts).
  // Not --quiet: what it pushes is worth reading in the journal.
  const watch: UnitFile[] = ctx.watch ? [{
    name: `${o.prefix}-watch.service`,
    text: [MARK, ...unit(`omni watch for ${pathValue(ctx.configFile)}: every channel in step within seconds`), '',
      ...serviceSection(ctx, o, [ctx.node, ...WATCH_NODE_FLAGS, ctx.bin, '--config', ctx.configFile, ...(ctx.db ? ['--db', ctx.db] : []), 'watch'], 20,
        ['Type=simple', 'Restart=on-failure', 'RestartSec=30']), '',
      '[Install]', `WantedBy=${o.user ? 'default.target' : 'multi-user.target'}`, ''].join('\n'),
  }] : [];
  return [...jobUnits(ctx, o, unit), ...watch];
}

function jobUnits(ctx: InstallContext, o: SystemdOptions, unit: (description: string) => string[]): UnitFile[] {
  const jobs = enabledJobs(ctx);
  if (jobs.length === 0) return [];
  if (o.mode === 'service') {
    const stop = Math.max(30, ...jobs.map(([, j]) => j.grace_seconds)) + 30;
    return [{
      name: `${o.prefix}-scheduler.service`,
      text: [MARK, ...unit(`omni scheduler for ${pathValue(ctx.configFile)}`), '',
        ...serviceSection(ctx, o, runArgv(ctx), stop, ['Type=simple', 'Restart=on-failure', 'RestartSec=30']), '',
        '[Install]', `WantedBy=${o.user ? 'default.target' : 'multi-user.target'}`, ''].join('\n'),
    }];
  }
  return jobs.flatMap(([name, job]) => {
    const onCalendar = toOnCalendar(parseCron(job.cron), ctx.timezone);
    const base = `${o.prefix}-${name}`;
    return [{
      name: `${base}.service`,
      text: [MARK, ...unit(`omni job ${name}: omni ${job.command}`), '',
        ...serviceSection(ctx, o, runArgv(ctx, name), job.grace_seconds + 30, ['Type=oneshot']), ''].join('\n'),
    }, {
      name: `${base}.timer`,
      text: [MARK, '[Unit]', `Description=omni job ${name} (cron "${job.cron.replace(/%/g, '%%')}", ${ctx.timezone})`, '',
        '[Timer]', `OnCalendar=${onCalendar}`,
        // missed: catch-up → a run missed while the machine was off happens once at boot
        `Persistent=${job.missed === 'catch-up' ? 'true' : 'false'}`, `Unit=${base}.service`, '',
        '[Install]', 'WantedBy=timers.target', ''].join('\n'),
    }];
  });
}

export function systemdDir(user: boolean): string {
  return user ? `${process.env.XDG_CONFIG_HOME ?? `${os.homedir()}/.config`}/systemd/user` : '/etc/systemd/system';
}

/**
 * What to type next, after the files are written to `dir`. Written elsewhere than where systemd
 * looks (--dir), the first step copies them there.
 */
export function systemdNextSteps(units: readonly UnitFile[], o: SystemdOptions, dir = systemdDir(o.user)): string[] {
  const ctl = o.user ? 'systemctl --user' : 'sudo systemctl';
  const isWatch = (u: UnitFile) => u.name === `${o.prefix}-watch.service`;
  const start = units.filter((u) => isWatch(u) || (o.mode === 'service' ? u.name.endsWith('.service') : u.name.endsWith('.timer'))).map((u) => u.name);
  const target = systemdDir(o.user);
  const copy = path.resolve(dir) === path.resolve(target) ? [] : [
    ...(o.user ? [`mkdir -p ${shellPath(target)}`] : []),
    `${o.user ? '' : 'sudo '}cp ${units.map((u) => shellPath(path.join(dir, u.name))).join(' ')} ${shellPath(target)}/`,
  ];
  return [
    ...copy,
    `${ctl} daemon-reload`,
    `${ctl} enable --now ${start.join(' ')}`,
    ...(o.user ? ['loginctl enable-linger "$USER"   # so the jobs run while you are logged out'] : []),
    o.mode === 'service' ? `journalctl ${o.user ? '--user ' : ''}-u ${start[0]} -f   # watch it` : `${ctl} list-timers '${o.prefix}-*'   # next runs`,
  ];
}


/** A path as one word for an interactive shell, single-quoted when needed. */
function shellPath(p: string): string {
  return /^[\w@+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
