// A job's command checked against the real command tree: a typo is named with its config.yaml
// line by `schedule list` and `install` (exit 2); a run of it is refused, journalled, alerted and
// shown on stderr; a job that fails shows its own error output on stderr, not only in the log.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workspace, withMaster, cleanup, omni, omniJson } from '../support/workspace.js';
import { commandProblem, jobCommandProblems } from '../../src/app/schedule/command-check.js';
import { SCHEDULER, start, logLines, waitFor, type Proc } from './helpers.js';

let dir = '';
const procs: Proc[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  if (dir) cleanup(dir);
  dir = '';
});

describe('commandProblem', () => {
  it.each([
    [['sync', '--al'], "unknown option '--al' (did you mean --all?)"],
    [['snyc', '--all'], "unknown command 'snyc' (did you mean sync?)"],
    [['report'], '"report" needs a subcommand: low-stock, sales, best-sellers, stock-by-location, journal'],
    [['report', 'sales', '--by', 'colour'], "option '--by <what>' argument 'colour' is invalid. Allowed choices are channel, product, location."],
    [['stock', 'adjust', 'MUG-1', '-2'], "required option '-l, --location <code>' not specified"],
    [['sync', 'everything'], "too many arguments for 'sync'. Expected 0 arguments but got 1."],
    [['sync', '--help'], 'it only prints help or the version: name a command that does the work'],
  ])('%j → %s', (args, want) => {
    expect(commandProblem(args)).toBe(want);
  });

  it.each([
    [['sync', '--all']], [['-q', 'sync', '--channel', 'shopify', 'amazon']], [['report', 'low-stock', '-o', 'low stock.csv']],
    [['import', 'supplier', 'acme', 'in box/prices.xlsx']], [['runs']], [['po', 'suggest', '--create']],
  ])('%j is fine (and nothing runs)', (args) => {
    expect(commandProblem(args)).toBeUndefined();
  });
});

const CONFIG = (command: string) => `database: omni.sqlite
locations:
  - { code: store, kind: store }
alerts:
  command: echo "$OMNI_ALERT_CONDITION $OMNI_ALERT_MESSAGE" >> alerts.txt
  low_stock: false
schedules:
  report:
    cron: "0 6 * * *"
    command: "report low-stock"
  sync-all: { cron: "*/15 * * * *", command: "${command}" }
`;

describe('a typo in a job command', () => {
  it('jobCommandProblems names the line in config.yaml', () => {
    dir = withMaster(workspace(CONFIG('sync --al')));
    expect(jobCommandProblems(path.join(dir, 'config.yaml'), { report: { command: 'report low-stock' }, 'sync-all': { command: 'sync --al' } }))
      .toEqual([{ job: 'sync-all', message: "config.yaml:11: schedules.sync-all.command: unknown option '--al' (did you mean --all?)" }]);
  });

  it('schedule list and install refuse it with exit 2; a run of it is refused, journalled, alerted and printed', () => {
    dir = withMaster(workspace(CONFIG('sync --al')));
    const want = "config.yaml:11: schedules.sync-all.command: unknown option '--al' (did you mean --all?)";
    for (const args of [['schedule', 'list'], ['schedule', 'install', '--cron'], ['schedule', 'install', '--systemd', '--user', '--dir', 'units']]) {
      const r = omni(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(want);
      expect(r.stdout).toBe('');
    }
    // what cron or a timer runs: --quiet, no terminal
    const run = omni(dir, ['--quiet', 'schedule', 'run', '--job', 'sync-all']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('omni schedule: job sync-all (omni sync --al), run 1: failed (exit 2):');
    expect(run.stderr).toContain(want);
    const [journal] = omniJson<{ runs: { job: string; status: string; error: string }[] }>(dir, ['runs']).runs;
    expect(journal).toMatchObject({ job: 'schedule:sync-all', status: 'failed', error: want });
    expect(readFileSync(path.join(dir, 'alerts.txt'), 'utf8')).toContain(`failed:sync-all job sync-all (omni sync --al) failed: ${want}`);
    // the other jobs still run
    expect(omni(dir, ['--quiet', 'schedule', 'run', '--job', 'report']).code).toBe(0);
  });

  it('the scheduler says so at start and journals each run of it as failed; the other jobs run', async () => {
    dir = withMaster(workspace(CONFIG('sync --al').replace('"*/15 * * * *"', '"* * * * * *"').replace('"0 6 * * *"', '"* * * * * *"')));
    const p = start(SCHEDULER, [path.join(dir, 'config.yaml'), 'forever'], dir);
    procs.push(p);
    const log = () => logLines(path.join(dir, 'logs', 'omni.log'));
    await waitFor('a refused run and a good one', () => log().some((l) => l.job === 'sync-all' && /^finished: failed \(exit 2\)/.test(l.msg))
      && log().some((l) => l.job === 'report' && /^finished: ok/.test(l.msg)));
    p.child.kill('SIGTERM');
    expect((await p.exit).code).toBe(0);
    expect(log().find((l) => l.job === 'sync-all' && l.level === 'error')!.msg)
      .toMatch(/^config\.yaml:11: schedules\.sync-all\.command: unknown option '--al' \(did you mean --all\?\) — each of its runs fails/);
  });
});

describe('a job that fails when it runs', () => {
  it('prints its own error output to stderr (not only to the log) under --quiet', () => {
    dir = withMaster(workspace(CONFIG('products show NO-SUCH-SKU')));
    const r = omni(dir, ['--quiet', 'schedule', 'run', '--job', 'sync-all']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^omni schedule: job sync-all \(omni products show NO-SUCH-SKU\), run 1: failed \(exit 2\):\n {2}error: .*NO-SUCH-SKU/m);
    // a good run prints nothing (cron mails what a job prints)
    const ok = omni(dir, ['--quiet', 'schedule', 'run', '--job', 'report']);
    expect(ok).toMatchObject({ code: 0, stderr: '', stdout: '' });
  });
});
