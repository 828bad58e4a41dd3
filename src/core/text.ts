// Text from outside (files, channels, the command line) on its way into the master or a message.
// A sku is an identifier: any control character in it (a NUL from a broken export, a tab, a
// right-to-left override that makes two skus look alike) is refused. Free text (titles,
// descriptions, reasons) keeps tabs and newlines and loses the other control characters.
// Echoes of user input in errors and reports are capped: a 50 MB header is not a message.

/** C0/C1 controls, DEL, and the bidi overrides and isolates that reorder what a person sees. */
const SKU_FORBIDDEN = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const TEXT_STRIP = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu;
const TEXT_HAS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

export const MAX_SKU_LENGTH = 200;

/** Why `sku` cannot be a sku, or undefined when it can. */
export function skuProblem(sku: string): string | undefined {
  const bad = SKU_FORBIDDEN.exec(sku);
  if (bad) return `contains a control character (${describeChar(bad[0])} at position ${bad.index + 1})`;
  if (sku.length > MAX_SKU_LENGTH) return `is ${sku.length} characters long (at most ${MAX_SKU_LENGTH})`;
  return undefined;
}

/** Free text without control characters other than tab and newlines. */
export function cleanText(s: string): string {
  return TEXT_HAS.test(s) ? s.replace(TEXT_STRIP, '') : s;
}

export function cleanOptionalText<T extends string | null | undefined>(s: T): T {
  return (typeof s === 'string' ? cleanText(s) : s) as T;
}

/** `s` as it may appear in a message: controls shown as \uXXXX, cut to `max` characters. */
export function capText(s: string, max = 120): string {
  const shown = s.length > max ? s.slice(0, max) : s;
  const visible = shown.replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, (c) => describeChar(c));
  return s.length > max ? `${visible}… (${s.length - max} more characters)` : visible;
}

function describeChar(c: string): string {
  if (c === '\0') return 'NUL';
  return `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`;
}

/** A message for a terminal: its own newlines and tabs kept, other controls shown as \uXXXX, cut to `max`. */
export function capMessage(s: string, max: number): string {
  const shown = s.length > max ? s.slice(0, max) : s;
  const visible = shown.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu, (c) => describeChar(c));
  return s.length > max ? `${visible}… (${s.length - max} more characters)` : visible;
}

/** A string that no longer shares memory with the big chunk it was sliced from. */
export function own(s: string): string;
export function own(s: string | null): string | null;
export function own(s: string | null): string | null {
  return s === null ? null : Buffer.from(s, 'utf8').toString('utf8');
}
