import { describe, expect, it } from 'vitest';
import { settle, SettlementError, type SettlementItem } from './settlement.js';
import { settlementCsv } from './settlement-csv.js';

const items = (delivered: number, undelivered: number, verdicts: (('accepted' | 'rejected') | null)[]): SettlementItem[] => [
  ...Array.from({ length: delivered }, (_, i) => ({ sourceTaskId: `t${i}`, delivered: true, verdict: verdicts[i] ?? null, reason: verdicts[i] === 'rejected' ? 'wrong box' : null })),
  ...Array.from({ length: undelivered }, (_, i) => ({ sourceTaskId: `u${i}`, delivered: false, verdict: null, reason: null })),
];

describe('settle', () => {
  it('pays delivered items less the rejected ones when the reviewed accuracy meets the floor', () => {
    const verdicts = [...Array<'accepted'>(19).fill('accepted'), 'rejected' as const];
    const s = settle({ unitPriceMinor: 150, currency: 'CNY', qualityFloor: 0.9, items: items(100, 5, verdicts), late: false });
    expect(s).toMatchObject({ itemCount: 105, delivered: 100, undelivered: 5, reviewed: 20, rejectedInReview: 1, accuracy: 0.95, meetsFloor: true, presumedDefective: 0, payableItems: 99, grossMinor: 15000, totalMinor: 14850 });
    expect(s.deductions).toEqual([expect.objectContaining({ kind: 'rejected-in-review', items: 1, amountMinor: 150 })]);
    expect(s.lines.filter((l) => l.paid)).toHaveLength(99);
  });

  it('presumes the unreviewed items defective at the reviewed rate below the floor', () => {
    // 10 reviewed, 3 rejected: accuracy 0.7 < 0.9; 90 unreviewed × 0.3 = 27 presumed.
    const verdicts = [...Array<'accepted'>(7).fill('accepted'), 'rejected' as const, 'rejected' as const, 'rejected' as const];
    const s = settle({ unitPriceMinor: 200, currency: 'CNY', qualityFloor: 0.9, items: items(100, 0, verdicts), late: true });
    expect(s.meetsFloor).toBe(false);
    expect(s.presumedDefective).toBe(27);
    expect(s.payableItems).toBe(70);
    expect(s.totalMinor).toBe(14000);
    expect(s.deductions.map((d) => d.kind)).toEqual(['rejected-in-review', 'below-quality-floor']);
    expect(s.deductions[1]!.explanation).toContain('round(90 × 30.0 %) = 27');
    // The statement adds up: gross − deductions = total.
    expect(s.grossMinor - s.deductions.reduce((a, d) => a + d.amountMinor, 0)).toBe(s.totalMinor);
  });

  it('accuracy exactly at the floor presumes nothing', () => {
    const s = settle({ unitPriceMinor: 1, currency: 'CNY', qualityFloor: 0.5, items: items(10, 0, ['accepted', 'rejected']), late: false });
    expect(s.meetsFloor).toBe(true);
    expect(s.presumedDefective).toBe(0);
    expect(s.totalMinor).toBe(9);
  });

  it('refuses to settle with nothing reviewed, and refuses bad prices and floors', () => {
    expect(() => settle({ unitPriceMinor: 1, currency: 'CNY', qualityFloor: 0.9, items: items(3, 0, []), late: false })).toThrow(SettlementError);
    expect(() => settle({ unitPriceMinor: 1.5, currency: 'CNY', qualityFloor: 0.9, items: items(3, 0, ['accepted']), late: false })).toThrow(/whole number/);
    expect(() => settle({ unitPriceMinor: 1, currency: 'CNY', qualityFloor: 1.2, items: items(3, 0, ['accepted']), late: false })).toThrow(/between 0 and 1/);
  });

  it('writes a CSV whose item and deduction amounts add up to the total', () => {
    const verdicts = [...Array<'accepted'>(7).fill('accepted'), 'rejected' as const, 'rejected' as const, 'rejected' as const];
    const s = settle({ unitPriceMinor: 200, currency: 'CNY', qualityFloor: 0.9, items: items(20, 2, verdicts), late: false });
    const csv = settlementCsv({ packageId: 'p1', title: '=HYPERLINK("x")', client: 'A', vendor: 'B', settledAt: '2026-11-30T00:00:00.000Z' }, s);
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toMatch(/^row,package,title/);
    expect(rows.filter((r) => r.startsWith('item,'))).toHaveLength(22);
    expect(csv).toContain(`'=HYPERLINK`);
    // The title cell is quoted but holds no comma, so a plain split finds the amount_minor column.
    const amount = (r: string) => Number(r.split(',')[11]);
    const itemsAndDeductions = rows.filter((r) => r.startsWith('item,') || r.startsWith('deduction,'));
    const total = rows.find((r) => r.startsWith('total,'))!;
    expect(itemsAndDeductions.reduce((a, r) => a + amount(r), 0)).toBe(amount(total));
    expect(amount(total)).toBe(s.totalMinor);
  });
});
