import { describe, expect, it } from 'vitest';
import { aggregateRatings } from './ratings.js';

describe('aggregateRatings', () => {
  it('mean and median of an odd count', () => {
    expect(aggregateRatings([4, 5, 1], { method: 'mean' })).toEqual({ value: 10 / 3, method: 'mean', count: 3, workers: ['0', '1', '2'], min: 1, max: 5 });
    expect(aggregateRatings([4, 5, 1], { method: 'median' }).value).toBe(4);
  });

  it('median of an even count is the mean of the two middle values (as NumPy / R)', () => {
    expect(aggregateRatings([10, 1, 3, 2], { method: 'median' }).value).toBe(2.5);
  });

  it('keeps the annotators of named ratings', () => {
    const result = aggregateRatings([{ worker: 'a', value: 3 }, { worker: 'b', value: 4 }], { method: 'mean' });
    expect(result).toMatchObject({ value: 3.5, workers: ['a', 'b'] });
  });

  it('rejects empty input, non-finite values and unknown methods', () => {
    expect(() => aggregateRatings([], { method: 'mean' })).toThrow(/values must be a non-empty array/);
    expect(() => aggregateRatings([1, Number.NaN], { method: 'mean' })).toThrow(/values\[1\] must be a finite number/);
    expect(() => aggregateRatings([1], { method: 'mode' as never })).toThrow(/options\.method must be 'mean' or 'median', got mode/);
    expect(() => aggregateRatings([{ worker: '', value: 1 }], { method: 'mean' })).toThrow(/values\[0\]\.worker/);
  });
});
