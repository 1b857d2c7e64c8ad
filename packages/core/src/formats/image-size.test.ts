import { describe, expect, it } from 'vitest';
import { imageSizeOf, sizeOf, toPercent, toPixels } from './image-size.js';

describe('image size', () => {
  it('round-trips pixels through percent within 1e-6', () => {
    for (const extent of [1, 5, 10, 216, 4022, 6033, 7050]) {
      for (const px of [0, 0.5, 1, 3.3333, 113, 3651.25, extent]) {
        expect(Math.abs(toPixels(toPercent(px, extent), extent) - px)).toBeLessThan(1e-6);
        expect(Math.abs(toPercent(toPixels(px, extent), extent) - px)).toBeLessThan(1e-6);
      }
    }
  });

  it('takes the size from a result item first, then the task data, and never guesses', () => {
    const box = { id: 'b', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels' as const, value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['a'] }, original_width: 216, original_height: 174 };
    expect(imageSizeOf({ width: 10, height: 20 }, [box])).toEqual({ width: 216, height: 174 });
    expect(imageSizeOf({ width: 10, height: '20' }, [])).toEqual({ width: 10, height: 20 });
    expect(imageSizeOf({ width: 10 }, [])).toBeUndefined();
    expect(sizeOf(0, 5)).toBeUndefined();
    expect(sizeOf('abc', 5)).toBeUndefined();
  });
});
