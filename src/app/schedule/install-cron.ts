// crontab lines for the schedule: one per enabled job, each running `omni schedule run --job NAME`
// (so a cron run is journalled, logged and alerted exactly like one from the scheduler), with the
// env file passed as --env-file (omni reads it itself: a shell would run `|` in a token as a pipe)
// and output appended to logs/cron.log. Pure.
import path from 'node:path';
import { parseCron } from './cron.js';
import { enabledJobs, runArgv, type InstallContext } from './install-common.js';
import { UserError, ExitCode } from '../../core/errors.js';

/** A word for /bin/sh, single-quoted when needed; `%` escaped (cron turns a bare % into a newline). */
export function shellWord(a: string): string {
  const q = /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
  return q.replace(/%/g, '\\%');
}

export function crontabLines(ctx: InstallContext, logFile = path.join(ctx.configDir, 'logs', 'cron.log'), systemTz = Intl.DateTimeFormat().resolvedOptions().timeZone): string[] {
  const lines = [`# omni jobs for ${ctx.configFile}: add them with \`crontab -e\`.`];
  if (ctx.timezone !== systemTz && !(ctx.timezone === 'UTC' && systemTz === 'Etc/UTC')) {
    lines.push(`# config.yaml's timezone is ${ctx.timezone} but this machine's is ${systemTz}: cronie honours CRON_TZ below;`,
      '# Debian\'s cron does not (it uses the system time zone): adjust the hours if you use it.', `CRON_TZ=${ctx.timezone}`);
  }
  for (const [name, job] of enabledJobs(ctx)) {
    const cron = parseCron(job.cron);
    if (cron.hasSeconds) {
      throw new UserError(`schedules.${name}.cron "${job.cron}" has a seconds field; cron has none.`, { exitCode: ExitCode.usage, hint: 'Use 5 fields, or install with --systemd.' });
    }
    const cmd = [
      `cd ${shellWord(ctx.configDir)}`,
      `${runArgv(ctx, name).map(shellWord).join(' ')} >> ${shellWord(logFile)} 2>&1`,
    ].join(' && ');
    lines.push(`# ${name}: omni ${job.command}`, `${cron.expression} ${cmd}`);
  }
  return lines;
}
