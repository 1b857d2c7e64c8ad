import { describe, expect, it } from 'vitest';
import { fmix32, hashString32 } from './hash32.js';
import { U32MultiMap } from './u32-multimap.js';
import { U32Vector } from './u32-vector.js';

describe('U32MultiMap', () => {
  it('keeps every value under a key, through growth, and agrees with a Map of arrays', () => {
    const map = new U32MultiMap(4);
    const reference = new Map<number, number[]>();
    for (let i = 0; i < 20_000; i++) {
      // Few distinct keys, so keys repeat and probe runs get long; 0 and 2^32-1 are ordinary keys.
      const key = i % 3 === 0 ? 0 : i % 5 === 0 ? 0xffffffff : fmix32(i % 997);
      map.add(key, i);
      reference.set(key, [...(reference.get(key) ?? []), i]);
    }
    expect(map.size).toBe(20_000);
    for (const [key, values] of reference) {
      const got: number[] = [];
      map.forEach(key, (v) => void got.push(v));
      expect(got.sort((a, b) => a - b)).toEqual(values);
    }
    expect(map.has(fmix32(5000))).toBe(false);
    expect(map.bytes).toBeLessThanOrEqual(20_000 * 2 * 8 * 2);
  });

  it('stops visiting when asked and refuses the reserved value', () => {
    const map = new U32MultiMap();
    map.add(7, 1);
    map.add(7, 2);
    let visits = 0;
    map.forEach(7, () => ++visits === 1);
    expect(visits).toBe(1);
    expect(() => map.add(1, 0xffffffff)).toThrow(RangeError);
  });
});

describe('U32Vector and hashes', () => {
  it('grows and keeps its values', () => {
    const v = new U32Vector(2);
    for (let i = 0; i < 1000; i++) expect(v.push(i * 7)).toBe(i);
    expect(v.get(999)).toBe(6993);
    v.set(0, 42);
    expect(v.get(0)).toBe(42);
  });

  it('hashes substrings like the whole string and spreads nearby inputs', () => {
    expect(hashString32('xxabcxx', 1, 2, 5)).toBe(hashString32('abc', 1));
    expect(hashString32('abc', 1)).not.toBe(hashString32('abc', 2));
    const seen = new Set(Array.from({ length: 10_000 }, (_, i) => fmix32(i) >>> 20));
    // 10,000 inputs into 4,096 buckets fill 4,096 · (1 - e^(-10000/4096)) ≈ 3,740 when random; a weak
    // mixer of consecutive integers leaves far more empty (the identity fills 1 of them).
    expect(seen.size).toBeGreaterThan(3_600);
    expect(seen.size).toBeLessThan(3_900);
  });
});
