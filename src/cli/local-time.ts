// Times as the shop reads them: in the config's `timezone`, minutes precision. The journal stores UTC.
import { formatInZone, wallOf } from '../app/schedule/cron.js';

export function localTime(iso: string | null | undefined, tz: string, never = 'never'): string {
  if (!iso) return never;
  try { wallOf(0, tz); return formatInZone(new Date(iso), tz); } catch { return iso; }
}
