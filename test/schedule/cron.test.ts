// The pure cron evaluator and the cron → systemd OnCalendar converter, table-driven; checked
// against node-cron (which fires the jobs) and, when installed, `systemd-analyze calendar`.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createTask } from 'node-cron';
import { parseCron, nextRun, nextRuns, previousRun, CronError } from '../../src/app/schedule/cron.js';
import { toOnCalendar } from '../../src/app/schedule/oncalendar.js';

const at = (iso: string) => new Date(iso);

describe('parseCron', () => {
  it.each([
    ['*/15 * * * *', { minutes: [0, 15, 30, 45], hours: 24 }],
    ['0 9-17/4 * * mon-fri', { minutes: [0], hours: 3, weekdays: [1, 2, 3, 4, 5] }],
    ['@daily', { minutes: [0], hours: 1 }],
    ['30 2 1,15 * *', { minutes: [30], hours: 1, days: [1, 15] }],
    ['0 0 * * 7', { minutes: [0], hours: 1, weekdays: [0] }],
    ['*/10 * * * * *', { minutes: 60, hours: 24, seconds: [0, 10, 20, 30, 40, 50] }],
  ] as [string, { minutes: number[] | number; hours: number; weekdays?: number[]; days?: number[]; seconds?: number[] }][])('%s', (expr, want) => {
    const s = parseCron(expr);
    if (Array.isArray(want.minutes)) expect(s.minutes).toEqual(want.minutes); else expect(s.minutes).toHaveLength(want.minutes);
    expect(s.hours).toHaveLength(want.hours);
    if (want.weekdays) expect(s.weekdays).toEqual(want.weekdays);
    if (want.days) expect(s.days).toEqual(want.days);
    if (want.seconds) expect(s.seconds).toEqual(want.seconds);
  });

  it.each([
    ['* * * *', /has 4 field/],
    ['60 * * * *', /minute "60" is out of range/],
    ['* * * foo *', /month "foo" is out of range/],
    ['5-1 * * * *', /backwards/],
    ['*/0 * * * *', /step must be at least 1/],
    ['0 0 1 * mon', /both the day of the month and the weekday/],
    ['@often', /unknown macro/],
    ['1;2 * * * *', /not a value/],
  ])('refuses %s', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(message);
  });
});

describe('next and previous run times', () => {
  it.each([
    // expr, tz, from, next, previous
    ['*/15 * * * *', 'UTC', '2026-01-10T10:07:30Z', '2026-01-10T10:15:00Z', '2026-01-10T10:00:00Z'],
    ['*/15 * * * *', 'UTC', '2026-01-10T10:15:00Z', '2026-01-10T10:30:00Z', '2026-01-10T10:00:00Z'],
    ['0 3 * * *', 'Europe/Berlin', '2026-01-10T12:00:00Z', '2026-01-11T02:00:00Z', '2026-01-10T02:00:00Z'],
    ['0 3 * * *', 'Europe/Berlin', '2026-07-10T12:00:00Z', '2026-07-11T01:00:00Z', '2026-07-10T01:00:00Z'],
    ['0 9 * * mon-fri', 'America/New_York', '2026-01-09T20:00:00Z', '2026-01-12T14:00:00Z', '2026-01-09T14:00:00Z'],
    ['0 0 29 2 *', 'UTC', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['@monthly', 'UTC', '2026-12-15T00:00:00Z', '2027-01-01T00:00:00Z', '2026-12-01T00:00:00Z'],
    // 02:30 does not exist in Berlin on 2026-03-29: the run happens just after the jump (03:30 CEST)
    ['30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T01:30:00Z', '2026-03-28T01:30:00Z'],
    // 02:30 happens twice on 2026-10-25: once, the first time
    ['30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-25T00:30:00Z', '2026-10-24T00:30:00Z'],
  ])('%s in %s from %s', (expr, tz, from, next, prev) => {
    const s = parseCron(expr);
    expect(nextRun(s, at(from), tz).toISOString()).toBe(new Date(next).toISOString());
    expect(previousRun(s, at(from), tz).toISOString()).toBe(new Date(prev).toISOString());
  });

  it.each([
    ['*/15 * * * *', 'UTC'], ['0 3 * * *', 'Europe/Berlin'], ['5 */6 * * 1-5', 'America/New_York'],
    ['0 0 1,15 * *', 'Asia/Kolkata'], ['*/20 8-18 * * sat,sun', 'Australia/Sydney'], ['@weekly', 'UTC'], ['*/7 * * * * *', 'UTC'],
  ])('agrees with node-cron for %s in %s', (expr, tz) => {
    const s = parseCron(expr);
    const task = createTask(s.expression, () => {}, { timezone: tz });
    try {
      const from = new Date();
      const theirs = task.getNextRuns(8).map((d) => d.toISOString());
      const ours = nextRuns(s, new Date(from.getTime() - 1000), tz, 12).map((d) => d.toISOString());
      // node-cron counts from its own "now"; ours covers the same window
      expect(ours).toEqual(expect.arrayContaining(theirs));
    } finally { void task.destroy(); }
  });

  it('previousRun is the run before nextRun', () => {
    const s = parseCron('0 */4 * * *');
    const next = nextRun(s, at('2026-05-05T05:00:00Z'), 'UTC');
    expect(previousRun(s, next, 'UTC').toISOString()).toBe('2026-05-05T04:00:00.000Z');
  });
});

const systemdAnalyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' }).status === 0;

describe('cron → systemd OnCalendar', () => {
  it.each([
    ['*/15 * * * *', 'UTC', '*-*-* *:00/15:00 UTC'],
    ['0 3 * * *', 'Europe/Berlin', '*-*-* 03:00:00 Europe/Berlin'],
    ['0 9 * * mon-fri', 'UTC', 'Mon..Fri *-*-* 09:00:00 UTC'],
    ['0 8 * * sat,sun', 'UTC', 'Sat,Sun *-*-* 08:00:00 UTC'],
    ['0 0 * * 0', 'UTC', 'Sun *-*-* 00:00:00 UTC'],
    ['30 2 1,15 * *', 'UTC', '*-*-01,15 02:30:00 UTC'],
    ['0 9-17 * * *', 'UTC', '*-*-* 09..17:00:00 UTC'],
    ['0 8-18/2 * * *', 'UTC', '*-*-* 08,10,12,14,16,18:00:00 UTC'],
    ['5 0 1 1,7 *', 'UTC', '*-01,07-01 00:05:00 UTC'],
    ['@yearly', 'UTC', '*-01-01 00:00:00 UTC'],
    ['*/10 * * * * *', 'UTC', '*-*-* *:*:00/10 UTC'],
  ])('%s (%s) → %s', (expr, tz, want) => {
    expect(toOnCalendar(parseCron(expr), tz)).toBe(want);
  });

  it.skipIf(!systemdAnalyze)('systemd computes the same next runs as the evaluator (systemd-analyze calendar)', () => {
    for (const [expr, tz] of [['*/15 * * * *', 'UTC'], ['0 3 * * *', 'Europe/Berlin'], ['0 9 * * mon-fri', 'America/New_York'], ['0 8-18/2 * * *', 'UTC'], ['30 2 1,15 * *', 'Asia/Tokyo'], ['0 0 * * 5-7', 'UTC']] as const) {
      const onCal = toOnCalendar(parseCron(expr), tz);
      const r = spawnSync('systemd-analyze', ['calendar', '--iterations=5', onCal], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', SYSTEMD_COLORS: '0' } });
      expect(r.status, r.stderr).toBe(0);
      const theirs = [...r.stdout.matchAll(/(?:Next elapse|Iter\. #\d+):\s+\w{3} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/g)].map((m) => `${m[1]!.replace(' ', 'T')}.000Z`);
      expect(theirs).toHaveLength(5);
      const ours = nextRuns(parseCron(expr), new Date(), tz, 5).map((d) => d.toISOString());
      expect(ours, `${expr} ${tz} → ${onCal}`).toEqual(theirs);
    }
  });
});
