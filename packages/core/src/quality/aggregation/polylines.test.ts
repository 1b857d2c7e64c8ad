import { describe, expect, it } from 'vitest';
import { fusePolylines, polylineF1 } from './polylines.js';

const lane = (dy: number, label = 'lane'): { points: [number, number][]; label: string } => ({ points: [[10, 50 + dy], [90, 50 + dy]], label });

describe('polylines', () => {
  it('F1 matches same-label paths within 2 % mean distance', () => {
    expect(polylineF1([lane(0)], [lane(1)])).toBe(1);
    expect(polylineF1([lane(0)], [lane(3)])).toBe(0);
    expect(polylineF1([lane(0)], [lane(0, 'edge')])).toBe(0);
    expect(polylineF1([lane(0), lane(20)], [lane(0.5)])).toBeCloseTo(2 / 3);
    expect(polylineF1([], [])).toBe(1);
  });

  it('fusion keeps paths a strict majority drew, as their medoid', () => {
    const { fused, unmatched } = fusePolylines([
      { worker: 'a', polylines: [lane(0), lane(30)] },
      { worker: 'b', polylines: [lane(0.5)] },
      { worker: 'c', polylines: [lane(1)] },
    ]);
    expect(fused).toHaveLength(1);
    expect(fused[0]!.points).toEqual(lane(0.5).points);
    expect(fused[0]!.workers).toEqual(['a', 'b', 'c']);
    expect(unmatched).toEqual([{ worker: 'a', index: 1 }]);
  });
});
