import { describe, expect, it } from 'vitest';
import { compareIds } from './compare-ids.js';

describe('compareIds', () => {
  it('orders integer ids numerically, before other ids, which go by code units', () => {
    expect(['133', 'b', '42', 'a', '7', '10', 'B', '007'].sort(compareIds)).toEqual(['7', '10', '42', '133', '007', 'B', 'a', 'b']);
    expect(compareIds('99999999999999999999', '100000000000000000000')).toBeLessThan(0);
    expect(compareIds('5', '5')).toBe(0);
  });
});
