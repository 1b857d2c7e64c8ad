import { describe, it, expect } from 'vitest';
import { seededRandom } from '../random/seeded-random.js';
import { orderMatch, recipientOrder } from './recipient-order.js';

type Row = { id: string; text: string };

/** Reproducible test data: `n` records and a 32-byte "secret" drawn from a seeded generator (not for real secrets). */
function records(n: number, seed: number): Row[] {
  const next = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({ id: `rec-${i}-${Math.floor(next() * 1e9)}`, text: `text ${i}` }));
}
function secret(seed: number): Uint8Array {
  const next = seededRandom(seed);
  return Uint8Array.from({ length: 32 }, () => Math.floor(next() * 256));
}
function shuffle<T>(items: T[], seed: number): T[] {
  const next = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const ids = (rows: Row[]): string[] => rows.map((r) => r.id);

describe('recipientOrder', () => {
  const rows = records(500, 1);

  it('is a deterministic permutation that leaves the input alone', () => {
    const before = [...rows];
    const ordered = recipientOrder(rows, (r) => r.id, secret(7));
    expect(rows).toEqual(before);
    expect([...ordered].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...rows].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(recipientOrder(shuffle(rows, 3), (r) => r.id, secret(7))).toEqual(ordered);
  });

  it('gives each recipient a different order', () => {
    const a = ids(recipientOrder(rows, (r) => r.id, secret(7)));
    const b = ids(recipientOrder(rows, (r) => r.id, secret(8)));
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(ids(rows));
  });

  it('rejects an empty secret', () => {
    expect(() => recipientOrder(rows, (r) => r.id, new Uint8Array(0))).toThrow(RangeError);
    expect(() => orderMatch(['a', 'b'], new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('orderMatch', () => {
  const rows = records(1000, 2);
  const recipients = Array.from({ length: 20 }, (_, i) => secret(100 + i));
  const leaker = recipients[13]!;
  const leaked = ids(recipientOrder(rows, (r) => r.id, leaker));

  it('scores 1.0 with the recipient secret for the full copy', () => {
    expect(orderMatch(leaked, leaker)).toEqual({ pairs: 999, agreeing: 999, score: 1 });
  });

  it('scores 1.0 for any subset (every tenth record, a random 5%, the first 30)', () => {
    const next = seededRandom(5);
    for (const subset of [leaked.filter((_, i) => i % 10 === 0), leaked.filter(() => next() < 0.05), leaked.slice(0, 30)]) {
      expect(orderMatch(subset, leaker).score).toBe(1);
    }
  });

  it('survives re-encoding: ids read back from a CSV rendering of the leaked rows', () => {
    const csv = ['id,text', ...recipientOrder(rows, (r) => r.id, leaker).map((r) => `${r.id},"${r.text}"`)].join('\r\n');
    const fromCsv = csv.split('\r\n').slice(1).map((line) => line.split(',')[0]!);
    expect(orderMatch(fromCsv, leaker).score).toBe(1);
  });

  it('unrelated secrets score about 0.5, so the leaker stands out', () => {
    const scores = recipients.map((s) => orderMatch(leaked, s).score);
    const others = scores.filter((_, i) => i !== 13);
    for (const score of others) expect(Math.abs(score - 0.5)).toBeLessThan(0.1); // sd is ~0.016 for 999 pairs
    expect(others.reduce((a, b) => a + b, 0) / others.length).toBeCloseTo(0.5, 1);
    expect(scores.indexOf(Math.max(...scores))).toBe(13);
  });

  it('does not survive shuffling or re-sorting: the signal is gone', () => {
    expect(Math.abs(orderMatch(shuffle(leaked, 9), leaker).score - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(orderMatch([...leaked].sort(), leaker).score - 0.5)).toBeLessThan(0.1);
  });

  it('ignores repeated ids and answers 0 when there is nothing to compare', () => {
    expect(orderMatch([], leaker)).toEqual({ pairs: 0, agreeing: 0, score: 0 });
    expect(orderMatch(['only'], leaker)).toEqual({ pairs: 0, agreeing: 0, score: 0 });
    const [a, b] = leaked as [string, string];
    expect(orderMatch([a, a, b, b], leaker)).toEqual({ pairs: 1, agreeing: 1, score: 1 });
    expect(orderMatch([b, a], leaker)).toEqual({ pairs: 1, agreeing: 0, score: 0 });
  });
});
