import { describe, expect, it } from 'vitest';
import { aggregateRevenue, entitlementExpiry, formatMinor, receiptNumber, receiptTotals } from './order-money.js';

describe('order money', () => {
  it('formats minor units without floating point', () => {
    expect(formatMinor(123450, 'CNY')).toBe('1234.50 CNY');
    expect(formatMinor(5, 'CNY')).toBe('0.05 CNY');
    expect(formatMinor(0, 'USD')).toBe('0.00 USD');
    expect(formatMinor(-199, 'CNY')).toBe('-1.99 CNY');
    expect(() => formatMinor(1.5, 'CNY')).toThrow(RangeError);
  });

  it('totals receipt lines exactly', () => {
    // 0.1 + 0.2 in yuan would be 0.30000000000000004 as floats; in fen it is 30.
    expect(receiptTotals([{ description: 'a', quantity: 1, unitPriceMinor: 10 }, { description: 'b', quantity: 2, unitPriceMinor: 10 }]).totalMinor).toBe(30);
    expect(receiptTotals([{ description: 'a', quantity: 3, unitPriceMinor: 33333 }]).lines[0]!.amountMinor).toBe(99999);
    expect(() => receiptTotals([{ description: 'a', quantity: 1, unitPriceMinor: 0.5 }])).toThrow(RangeError);
    expect(() => receiptTotals([{ description: 'a', quantity: 0, unitPriceMinor: 1 }])).toThrow(RangeError);
    expect(() => receiptTotals([{ description: 'a', quantity: 2, unitPriceMinor: Number.MAX_SAFE_INTEGER }])).toThrow(RangeError);
  });

  it('numbers receipts by sequence with the year of payment', () => {
    expect(receiptNumber(42, new Date('2026-11-30T10:00:00Z'))).toBe('2026-000042');
    expect(receiptNumber(1_234_567, new Date('2027-01-01T00:00:00Z'))).toBe('2027-1234567');
    expect(() => receiptNumber(0, new Date())).toThrow(RangeError);
  });

  it('aggregates revenue of paid orders by card, tier, month and currency', () => {
    const rows = aggregateRevenue([
      { cardId: 'c1', tierId: 't1', tierName: 'Research', currency: 'CNY', priceMinor: 1000, paidAt: new Date('2026-10-31T23:59:59Z') },
      { cardId: 'c1', tierId: 't1', tierName: 'Research', currency: 'CNY', priceMinor: 1000, paidAt: new Date('2026-11-01T00:00:00Z') },
      { cardId: 'c1', tierId: 't1', tierName: 'Research', currency: 'CNY', priceMinor: 1000, paidAt: new Date('2026-11-15T00:00:00Z') },
      { cardId: 'c1', tierId: 't2', tierName: 'Commercial', currency: 'CNY', priceMinor: 99999, paidAt: new Date('2026-11-02T00:00:00Z') },
      { cardId: 'c1', tierId: 't2', tierName: 'Commercial', currency: 'CNY', priceMinor: 99999, paidAt: null },
    ]);
    expect(rows).toEqual([
      { cardId: 'c1', tierId: 't1', tierName: 'Research', month: '2026-10', currency: 'CNY', orders: 1, revenueMinor: 1000 },
      { cardId: 'c1', tierId: 't2', tierName: 'Commercial', month: '2026-11', currency: 'CNY', orders: 1, revenueMinor: 99999 },
      { cardId: 'c1', tierId: 't1', tierName: 'Research', month: '2026-11', currency: 'CNY', orders: 2, revenueMinor: 2000 },
    ]);
  });

  it('ends an entitlement the tier’s duration after fulfilment', () => {
    expect(entitlementExpiry(new Date('2026-11-30T00:00:00Z'), 30)?.toISOString()).toBe('2026-12-30T00:00:00.000Z');
    expect(entitlementExpiry(new Date(), null)).toBeNull();
  });
});
