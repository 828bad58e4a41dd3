// Shopify global ids (`gid://shopify/Type/123`), timestamps and money as Shopify prints them.

export function gid(type: string, n: number | string): string {
  return `gid://shopify/${type}/${n}`;
}

/** The type and numeric part of a GID, or undefined for anything that is not one. */
export function parseGid(id: string): { type: string; num: string } | undefined {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(id);
  return m ? { type: m[1]!, num: m[2]! } : undefined;
}

/** Zero-padded so ids sort numerically as strings. */
export function idKey(id: string): string {
  return (parseGid(id)?.num ?? '').padStart(20, '0');
}

/** Shopify prints DateTime with second precision and a Z. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function toMinor(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new Error(`not a money amount: ${amount}`);
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -minor : minor;
}

/** Shopify's Decimal/Money strings: "14.9" for 14.90, "0.0" for zero. */
export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const frac = String(abs % 100).padStart(2, '0').replace(/0$/, '');
  return `${sign}${Math.floor(abs / 100)}.${frac || '0'}`;
}

/** Shopify's Money scalar (variant price): always two decimals, "14.90". */
export function moneyString(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
