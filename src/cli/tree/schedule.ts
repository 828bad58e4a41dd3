// Running unattended: scheduled jobs, and the one status screen.
import { lazy, Option, type Command } from './lazy.js';

export function registerSchedule(program: Command): void {
  program.command('status')
    .description('the one screen to check: per channel the last good sync, last failure and what is still to push; low stock; jobs; open alerts')
    .addHelpText('after', `
Reads only (never waits for a running sync). Times in config.yaml's \`timezone\`.

Examples:
  omni status
  omni --json status | jq '.channels[] | select(.lastFailure != null)'`)
    .action(lazy('status', 'show'));

  const schedule = program.command('schedule').description('run omni unattended: jobs on cron schedules, with history, logs and alerts')
    .addHelpText('after', `
Jobs live under \`schedules:\` in config.yaml, e.g.
  schedules:
    sync-all: { cron: "*/15 * * * *", command: "sync --all", missed: catch-up }
Cron times are read in the config's \`timezone\`. Each run is journalled as schedule:NAME (omni runs),
logged as JSON lines to logs/omni.log, and alerts go to \`alerts:\` (command and/or webhook).`);
  schedule.command('run')
    .description('run the jobs on their schedules until stopped (SIGTERM/Ctrl-C: the running job finishes, then exit 0)')
    .option('--job <name>', 'run this one job now and exit with its exit code (what systemd timers and cron lines call)')
    .option('--env-file <file>', 'read secrets from this file too (NAME=value a line, read by omni itself: no shell quoting); omni.env beside config.yaml is read anyway')
    .addHelpText('after', `
Examples:
  omni schedule run                      # in a terminal or a container: runs every job on time
  omni schedule run --job sync-all       # one job now, journalled and alerted like a scheduled run`)
    .action(lazy('schedule', 'run'));
  schedule.command('list').description('each job with its next run times and its last result')
    .option('--next <n>', 'how many next run times to show', '3')
    .addHelpText('after', `
Example:
  omni schedule list --next 5`)
    .action(lazy('schedule', 'list'));
  schedule.command('install')
    .description('write systemd units (--systemd) or print crontab lines (--cron) that run the jobs')
    .option('--systemd', 'write systemd units')
    .option('--user', 'per-user units in ~/.config/systemd/user (no root); default: /etc/systemd/system')
    .addOption(new Option('--mode <mode>', 'timers: a service + timer per job; service: one long-running `omni schedule run`').choices(['timers', 'service']).default('timers'))
    .option('--run-as <user>', 'system units: the user the jobs run as (default: you; under sudo, who ran sudo; as root, the config file\'s owner)')
    .option('--dir <dir>', 'write the units here instead (the next steps then copy them where systemd looks)')
    .option('--prefix <name>', 'unit name prefix (two shops on one machine need two)', 'omni')
    .option('--env-file <file>', 'the secrets file the units and cron lines read (default: omni.env beside config.yaml)')
    .option('--cron', 'print crontab lines instead (add them with `crontab -e`)')
    .addHelpText('after', `
Which to choose:
  --mode timers (default)  systemd does the scheduling: each job is a oneshot service started by its
                           timer (OnCalendar converted from the cron expression). Nothing runs between
                           jobs; missed: catch-up becomes Persistent=true (runs at boot if missed);
                           \`systemctl list-timers\` shows next runs; a job still running is never started twice.
  --mode service           one always-on \`omni schedule run\` (Restart=on-failure) that schedules the
                           jobs itself: one place to stop everything, second-level cron fields work.
  --cron                   for machines without systemd; each line runs \`omni schedule run --job NAME\`,
                           so runs are journalled, logged and alerted the same way.
Every unit and line uses absolute paths (node, omni, config.yaml) and passes the env file to
\`omni schedule run --env-file\`, which reads it itself (no shell, no systemd parsing): NAME=value a
line, no quotes needed, | $ and # in a value are fine. It is created with mode 600 if missing, its
header naming the \${VARIABLES} config.yaml uses: omni never writes a secret. Undo with \`omni schedule uninstall\`.
System units run the jobs as User= (see --run-as), never as root unless you name root.

Examples:
  omni schedule install --systemd --user            # per-user timers, no root needed
  sudo omni schedule install --systemd              # system timers, jobs run as you (User=)
  omni schedule install --systemd --dir ./units     # write here; the next steps copy them
  omni schedule install --cron                      # crontab lines to paste into \`crontab -e\``)
    .action(lazy('schedule', 'install'));
  schedule.command('uninstall').description('remove the unit files `omni schedule install` wrote (listed in .omni-schedule-install.json)')
    .addHelpText('after', `
Files edited since the install are kept; omni.env (your secrets) is kept. Example:
  omni schedule uninstall`)
    .action(lazy('schedule', 'uninstall'));
}
