// The shop's clock: instants (UTC in the database) read in the config's `timezone`. A "wall" time
// is the zone's local clock reading held as if it were UTC milliseconds; a "local day" is the shop's
// calendar day (a sale at 00:30 in Berlin belongs to that Berlin day, not the UTC one before).
// Pure (Intl only).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** True when Intl knows the zone. */
export function isTimeZone(tz: string): boolean {
  try { formatter(tz); return true; } catch { return false; }
}

export function wallOf(ms: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The instant a wall time happens: the first one when it happens twice, just after the jump when never. */
export function instantOf(wall: number, tz: string): number {
  const DAY = 86_400_000;
  const before = wall - (wallOf(wall - DAY, tz) - (wall - DAY));
  const after = wall - (wallOf(wall + DAY, tz) - (wall + DAY));
  const valid = [before, after].filter((t) => wallOf(t, tz) === wall).sort((a, b) => a - b);
  return valid[0] ?? before;
}

/** The shop's calendar day of an instant: "2026-06-01". */
export function localDay(at: Date | string, tz: string): string {
  return new Date(wallOf(new Date(at).getTime(), tz)).toISOString().slice(0, 10);
}

/** The instant the shop's day "2026-06-01" begins (midnight there). */
export function startOfLocalDay(day: string, tz: string): Date {
  return new Date(instantOf(Date.parse(`${day}T00:00:00Z`), tz));
}

/** The day after "2026-06-01" on the calendar. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A wall time in the zone as `2025-03-30 02:30` (seconds when asked). */
export function formatInZone(d: Date, tz: string, seconds = false): string {
  const iso = new Date(wallOf(d.getTime(), tz)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)}`;
}

/** The zone's offset at an instant, as ISO 8601 writes it: "+02:00", "Z" for UTC itself. */
export function offsetAt(d: Date, tz: string): string {
  const whole = Math.floor(d.getTime() / 1000) * 1000;
  const minutes = Math.round((wallOf(whole, tz) - whole) / 60_000);
  if (minutes === 0) return tz === 'UTC' || tz === 'Etc/UTC' ? 'Z' : '+00:00';
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** An instant as ISO 8601 in the shop's zone, with its offset: "2026-06-01T10:00:00+02:00" (whole seconds). */
export function isoInZone(d: Date | string, tz: string): string {
  const at = new Date(d);
  return `${new Date(wallOf(at.getTime(), tz)).toISOString().slice(0, 19)}${offsetAt(at, tz)}`;
}
