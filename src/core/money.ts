// Money is integer minor units. Parsing and formatting live here so no float reaches the master.

/** "12.50", "12,50" (decimal comma), "1.234,50", "€ 12" → 1250 … ; undefined when not a price. */
export function parseMoney(text: string, opts: { decimalComma?: boolean } = {}): number | undefined {
  let s = text.trim().replace(/[\s\u00a0€$£]|EUR|USD|GBP/g, '');
  if (s === '') return undefined;
  if (opts.decimalComma) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  const [whole, frac = ''] = s.replace('-', '').split('.');
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) {
    // sub-cent prices: round half up
    const minor = Math.round(Number(s) * 100);
    return minor;
  }
  const minor = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return s.startsWith('-') ? -minor : minor;
}

export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}
