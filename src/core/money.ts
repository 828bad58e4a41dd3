// Money is integer minor units. Parsing and formatting live here so no float reaches the master.
import { isSaneMoney } from './bounds.js';

/**
 * "12.50", "1,234.50", "€ 12" → 1250 … ; with decimalComma "12,50", "1.234,50". Undefined when not
 * a price — including "49,00" without decimalComma: a grouping separator only ever sits between
 * groups of three digits, so a decimal comma typed by mistake is refused instead of becoming 4900 —
 * and beyond the sane bound (core/bounds.ts), where precision would go.
 */
export function parseMoney(text: string, opts: { decimalComma?: boolean } = {}): number | undefined {
  const minor = parseMoneyUnbounded(text, opts);
  return minor === undefined || !isSaneMoney(minor) ? undefined : minor;
}

export function parseMoneyUnbounded(text: string, opts: { decimalComma?: boolean }): number | undefined {
  let s = text.trim().replace(/[\s\u00a0€$£]|EUR|USD|GBP/g, '');
  if (s === '') return undefined;
  const [decimal, group] = opts.decimalComma ? [',', '.'] : ['.', ','];
  if (s.includes(group)) {
    if (!GROUPED[decimal]!.test(s)) return undefined;
    s = s.split(group).join('');
  }
  if (decimal === ',') s = s.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  const [whole, frac = ''] = s.replace('-', '').split('.');
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) {
    // sub-cent prices: round half up
    return Math.round(Number(s) * 100);
  }
  const minor = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return s.startsWith('-') ? -minor : minor;
}

const GROUPED: Record<string, RegExp> = {
  '.': /^-?\d{1,3}(,\d{3})+(\.\d+)?$/,
  ',': /^-?\d{1,3}(\.\d{3})+(,\d+)?$/,
};

/** Minor units as the amount a person reads: 4905 → "49.05" ("49,05" with decimalComma). */
export function formatAmount(minor: number, opts: { decimalComma?: boolean } = {}): string {
  const abs = Math.abs(minor);
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}${opts.decimalComma ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  return `${formatAmount(minor)} ${currency}`;
}
