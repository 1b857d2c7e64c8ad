import { describe, expect, it } from 'vitest';
import { formatMoney, parseMajorToMinor } from './order-format.ts';

describe('order format', () => {
  it('parses yuan into fen without floating point', () => {
    expect(parseMajorToMinor('9900.5')).toBe(990050);
    expect(parseMajorToMinor('9,900.50')).toBe(990050);
    expect(parseMajorToMinor('0.29')).toBe(29);
    expect(parseMajorToMinor('12')).toBe(1200);
    expect(parseMajorToMinor('1.234')).toBeNull();
    expect(parseMajorToMinor('-1')).toBeNull();
    expect(parseMajorToMinor('abc')).toBeNull();
  });

  it('shows minor units as currency', () => {
    expect(formatMoney(990050, 'CNY', 'en')).toContain('9,900.50');
    expect(formatMoney(0, 'USD', 'en')).toBe('$0.00');
  });
});
