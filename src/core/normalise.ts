// Normalised identities, so one customer on three channels is recognised as one. Pure.

/** Lower-cased and trimmed; undefined when it is not an address at all. */
export function normaliseEmail(email: string | null | undefined): string | undefined {
  const e = email?.trim().toLowerCase();
  return e && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : undefined;
}

/**
 * E.164 (+4915112345678). Numbers written nationally (0151 …) need the shop's country code;
 * without one they cannot be compared safely and are left out rather than guessed.
 */
export function normalisePhone(phone: string | null | undefined, defaultCountryCode?: string): string | undefined {
  if (!phone) return undefined;
  let p = phone.trim().replace(/[\s().\-/]/g, '');
  if (p.startsWith('00')) p = `+${p.slice(2)}`;
  else if (p.startsWith('0') && defaultCountryCode) p = `+${defaultCountryCode.replace(/^\+/, '')}${p.slice(1)}`;
  return /^\+[1-9]\d{6,14}$/.test(p) ? p : undefined;
}
