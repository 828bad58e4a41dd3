import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../src/core/money.js';

describe('parseMoney', () => {
  it.each([
    ['12.50', 1250], ['12', 1200], ['€ 12.5', 1250], ['1,234.50', 123450], ['12,345,678', 1234567800], ['-3.10', -310], ['0.015', 2],
  ])('%s → %s', (text, minor) => expect(parseMoney(text)).toBe(minor));

  it.each([
    ['12,50', 1250], ['1.234,50', 123450], ['7', 700], ['€ 0,99', 99],
  ])('with decimal commas %s → %s', (text, minor) => expect(parseMoney(text, { decimalComma: true })).toBe(minor));

  // A decimal comma typed where a dot is expected must not become a price 100 times too high.
  it.each(['49,00', '12,5', '1,23,456', 'abc', '12.50.1', ''])('refuses %j', (text) => expect(parseMoney(text)).toBeUndefined());
  it.each(['12.50', '1.23', '1,234.50'])('refuses %j when decimal commas are expected', (text) => expect(parseMoney(text, { decimalComma: true })).toBeUndefined());
});

describe('formatMoney', () => {
  it('writes minor units as an amount with its currency', () => {
    expect(formatMoney(123450, 'EUR')).toBe('1234.50 EUR');
    expect(formatMoney(-5, 'EUR')).toBe('-0.05 EUR');
    expect(formatMoney(null, 'EUR')).toBe('');
  });
});
