import { describe, expect, it } from 'vitest';
import { formatPrice, localToIso, parseOrgIds, valueMessageKey } from './catalog-format.ts';

describe('catalog formatting', () => {
  it('shows fen as yuan and free as null', () => {
    expect(formatPrice(0, 'en')).toBeNull();
    expect(formatPrice(990000, 'en')).toBe('CN¥9,900.00');
  });
  it('finds the message key of a known value only', () => {
    expect(valueMessageKey('industry', 'transport')).toBe('catalog.industry.transport');
    expect(valueMessageKey('licence', 'nonsense')).toBeNull();
  });
  it('splits organisation ids on spaces, commas (also full-width) and lines', () => {
    expect(parseOrgIds(' a, b，c\nb ')).toEqual(['a', 'b', 'c']);
    expect(parseOrgIds('')).toEqual([]);
  });
  it('turns a datetime-local value into an instant', () => {
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('nonsense')).toBeUndefined();
    expect(localToIso('2030-01-02T03:04Z')).toBe('2030-01-02T03:04:00.000Z');
  });
});
