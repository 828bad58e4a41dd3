// cron → systemd OnCalendar=, pure. systemd reads `Mon..Fri *-*-* 09:00:00 Europe/Berlin`: weekday,
// date, time, zone; each part a value, a comma list, a range (a..b) or a repetition (start/step).
// The parser has already expanded every field to its values, so this only writes them compactly.
import { CronError, type CronSchedule } from './cron.js';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function toOnCalendar(s: CronSchedule, tz: string): string {
  if (s.daysRestricted && s.weekdaysRestricted) {
    throw new CronError(`"${s.source}" restricts both day of month and weekday; systemd would need both to match. Use two jobs`);
  }
  const weekday = s.weekdaysRestricted ? weekdays(s.weekdays) + ' ' : '';
  const date = `*-${part(s.months, 1, 12)}-${part(s.days, 1, 31)}`;
  const time = `${part(s.hours, 0, 23)}:${part(s.minutes, 0, 59)}:${part(s.seconds, 0, 59)}`;
  return `${weekday}${date} ${time} ${tz}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `*`, `00/15` (from the start to the end of the field), `09..17`, or a list. */
function part(values: readonly number[], min: number, max: number): string {
  if (values.length === max - min + 1) return '*';
  if (values.length === 1) return two(values[0]!);
  const step = values[1]! - values[0]!;
  const even = values.every((v, i) => i === 0 || v - values[i - 1]! === step);
  if (even && step === 1) return `${two(values[0]!)}..${two(values[values.length - 1]!)}`;
  // start/step repeats to the end of the field: only when the cron values do too
  if (even && values.length >= 3 && values[values.length - 1]! + step > max) return `${two(values[0]!)}/${step}`;
  return values.map(two).join(',');
}

function weekdays(days: readonly number[]): string {
  // Monday-first, so Mon..Fri reads as a range and Sunday comes last
  const order = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  const runs: number[][] = [];
  for (const d of order) {
    const last = runs[runs.length - 1];
    if (last && (last[last.length - 1]! + 1) % 7 === d && d !== 1) last.push(d);
    else runs.push([d]);
  }
  return runs.map((r) => (r.length >= 3 ? `${DAY_NAMES[r[0]!]}..${DAY_NAMES[r[r.length - 1]!]}` : r.map((d) => DAY_NAMES[d]).join(','))).join(',');
}
