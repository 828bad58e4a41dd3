// A small, pure cron-expression evaluator: parse, next N run times, the previous scheduled time
// (for catch-up), all in a named time zone. node-cron fires the jobs; this answers the questions
// node-cron cannot ("when should the last run have been?") and feeds the systemd converter.
//
// Grammar (the subset cron, node-cron and systemd agree on): 5 fields (minute hour day month
// weekday) or 6 with seconds first; `*`, `a`, `a-b`, `*/n`, `a-b/n`, `a/n`, lists with `,`;
// month and weekday names; @hourly @daily @weekly @monthly @yearly. An expression that restricts
// both day-of-month and weekday is refused: cron reads it as "either", node-cron as "both".

export interface CronSchedule {
  /** As written in config.yaml. */
  source: string;
  /** Macros expanded; what node-cron is given. */
  expression: string;
  hasSeconds: boolean;
  seconds: readonly number[];
  minutes: readonly number[];
  hours: readonly number[];
  days: readonly number[];
  months: readonly number[];
  /** 0 = Sunday. */
  weekdays: readonly number[];
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

export class CronError extends Error {}

const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *', '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec { name: string; min: number; max: number; names?: readonly string[]; nameBase?: number }
const SPECS: Record<string, FieldSpec> = {
  second: { name: 'second', min: 0, max: 59 },
  minute: { name: 'minute', min: 0, max: 59 },
  hour: { name: 'hour', min: 0, max: 23 },
  day: { name: 'day of month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  weekday: { name: 'weekday', min: 0, max: 7, names: DAYS, nameBase: 0 },
};

export function parseCron(source: string): CronSchedule {
  const trimmed = source.trim();
  const expression = MACROS[trimmed.toLowerCase()] ?? trimmed;
  if (trimmed.startsWith('@') && !MACROS[trimmed.toLowerCase()]) {
    throw new CronError(`unknown macro "${trimmed}" (use ${Object.keys(MACROS).join(', ')})`);
  }
  const parts = expression.split(/\s+/).filter(Boolean);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new CronError(`"${source}" has ${parts.length} field(s); a cron expression has 5 (minute hour day month weekday), or 6 with seconds first`);
  }
  const hasSeconds = parts.length === 6;
  const [sec, min, hour, day, month, wd] = hasSeconds ? parts : ['0', ...parts];
  const weekdays = [...new Set(parseField(wd!, SPECS.weekday!).map((d) => d % 7))].sort((a, b) => a - b);
  const s: CronSchedule = {
    source, expression, hasSeconds,
    seconds: parseField(sec!, SPECS.second!), minutes: parseField(min!, SPECS.minute!), hours: parseField(hour!, SPECS.hour!),
    days: parseField(day!, SPECS.day!), months: parseField(month!, SPECS.month!), weekdays,
    daysRestricted: !isStar(day!), weekdaysRestricted: !isStar(wd!),
  };
  if (s.daysRestricted && s.weekdaysRestricted) {
    throw new CronError(`"${source}" restricts both the day of the month and the weekday; cron runs it on either, node-cron only on both. Use two jobs, one for each`);
  }
  return s;
}

function isStar(field: string): boolean {
  return field === '*' || field === '?';
}

function parseField(field: string, spec: FieldSpec): number[] {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|\?|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/i.exec(part);
    if (!m) throw new CronError(`${spec.name} "${part}" is not a value, range (a-b), step (*/n) or list (a,b)`);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (step < 1) throw new CronError(`${spec.name} "${part}": the step must be at least 1`);
    let lo: number;
    let hi: number;
    if (m[1] === '*' || m[1] === '?') {
      if (m[2] !== undefined) throw new CronError(`${spec.name} "${part}": "*" cannot start a range`);
      lo = spec.min; hi = spec.max === 7 ? 6 : spec.max;
    } else {
      lo = value(m[1]!, spec);
      hi = m[2] !== undefined ? value(m[2], spec) : m[3] !== undefined ? spec.max : lo;
    }
    if (hi < lo) throw new CronError(`${spec.name} "${part}": the range runs backwards`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toLowerCase().slice(0, 3)) ?? -1;
  const v = /^\d+$/.test(text) ? Number(text) : named >= 0 && text.length === 3 ? named + (spec.nameBase ?? 0) : NaN;
  if (!Number.isInteger(v) || v < spec.min || v > spec.max) {
    throw new CronError(`${spec.name} "${text}" is out of range (${spec.min}-${spec.max}${spec.names ? ` or a name like ${spec.names[1]}` : ''})`);
  }
  return v;
}

// ---- time zones: "wall" times are the zone's local clock readings, held as if they were UTC ms
// (src/core/zone.ts, shared with the reports).
import { isTimeZone, wallOf, instantOf, formatInZone } from '../../core/zone.js';
export { wallOf, formatInZone };

export function assertTimeZone(tz: string): void {
  if (!isTimeZone(tz)) throw new CronError(`unknown time zone "${tz}" (use an IANA name like Europe/Berlin, or UTC)`);
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  return s.days.includes(d.getUTCDate()) && s.weekdays.includes(d.getUTCDay());
}

const LIMIT = 200_000;

/** The first scheduled time strictly after `after`. */
export function nextRun(s: CronSchedule, after: Date, tz: string): Date {
  let w = Math.floor(wallOf(after.getTime(), tz) / 1000) * 1000 + 1000;
  for (let i = 0; i < LIMIT; i++) {
    const d = new Date(w);
    const [y, mo, day, h, mi] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
    if (!s.months.includes(mo + 1)) w = Date.UTC(y, mo + 1, 1);
    else if (!dayMatches(s, d)) w = Date.UTC(y, mo, day + 1);
    else if (!s.hours.includes(h)) w = Date.UTC(y, mo, day, h + 1);
    else if (!s.minutes.includes(mi)) w = Date.UTC(y, mo, day, h, mi + 1);
    else if (!s.seconds.includes(d.getUTCSeconds())) w += 1000;
    else {
      const t = instantOf(w, tz);
      if (t > after.getTime()) return new Date(t);
      w += 1000;
    }
  }
  throw new CronError(`"${s.source}" never runs`);
}

/** The last scheduled time strictly before `before`. */
export function previousRun(s: CronSchedule, before: Date, tz: string): Date {
  let w = Math.ceil(wallOf(before.getTime(), tz) / 1000) * 1000 - 1000;
  for (let i = 0; i < LIMIT; i++) {
    const d = new Date(w);
    const [y, mo, day, h, mi] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
    if (!s.months.includes(mo + 1)) w = Date.UTC(y, mo, 1) - 1000;
    else if (!dayMatches(s, d)) w = Date.UTC(y, mo, day) - 1000;
    else if (!s.hours.includes(h)) w = Date.UTC(y, mo, day, h) - 1000;
    else if (!s.minutes.includes(mi)) w = Date.UTC(y, mo, day, h, mi) - 1000;
    else if (!s.seconds.includes(d.getUTCSeconds())) w -= 1000;
    else {
      const t = instantOf(w, tz);
      if (t < before.getTime()) return new Date(t);
      w -= 1000;
    }
  }
  throw new CronError(`"${s.source}" never runs`);
}

export function nextRuns(s: CronSchedule, after: Date, tz: string, count: number): Date[] {
  const out: Date[] = [];
  let t = after;
  while (out.length < count) out.push((t = nextRun(s, t, tz)));
  return out;
}
