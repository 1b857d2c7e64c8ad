import { describe, expect, it } from 'vitest';
import type { Box } from '../../metrics/geometry/box-iou.js';
import { fuseBoxes } from './boxes.js';
import type { BoxAnnotation } from './boxes.js';

const ann = (worker: string, ...boxes: [Box, string, number?][]): BoxAnnotation => ({
  worker,
  boxes: boxes.map(([box, label, score]) => (score === undefined ? { box, label } : { box, label, score })),
});

// Hand-computed IoUs of 10×10 boxes: shifted by 1 on one axis → 90 / 110; by 1 on each axis → 81 / 119;
// shifted by 2 → 80 / 120; by 4 → 60 / 140.
describe('fuseBoxes', () => {
  it('matches boxes across annotators, votes the label and averages the coordinates', () => {
    const { fused, unmatched } = fuseBoxes([
      ann('a', [[0, 0, 10, 10], 'cat'], [[100, 100, 5, 5], 'cat']),
      ann('b', [[1, 0, 10, 10], 'cat']),
      ann('c', [[0, 1, 10, 10], 'dog']),
    ]);
    expect(fused).toHaveLength(1);
    const [box] = fused;
    expect(box?.box[0]).toBeCloseTo(1 / 3, 12);
    expect(box?.box[1]).toBeCloseTo(1 / 3, 12);
    expect(box?.box.slice(2)).toEqual([10, 10]);
    expect(box).toMatchObject({
      label: 'cat',
      labelVotes: { cat: 2, dog: 1 },
      labelTie: false,
      workers: ['a', 'b', 'c'],
      members: [{ worker: 'a', index: 0 }, { worker: 'b', index: 0 }, { worker: 'c', index: 0 }],
      score: null,
    });
    expect(box?.agreement).toBeCloseTo((90 / 110 + 90 / 110 + 81 / 119) / 3, 12);
    // The far box was drawn by one annotator of three: below the default majority of 2.
    expect(unmatched).toEqual([{ worker: 'a', index: 1 }]);
  });

  it('puts at most one box per annotator in a cluster (the better match wins)', () => {
    const { fused, unmatched } = fuseBoxes([ann('a', [[0, 0, 10, 10], 'x'], [[0, 0, 10, 9], 'x']), ann('b', [[0, 0, 10, 10], 'x'])]);
    expect(fused.map((f) => f.members)).toEqual([[{ worker: 'a', index: 0 }, { worker: 'b', index: 0 }]]);
    expect(unmatched).toEqual([{ worker: 'a', index: 1 }]);
  });

  it('does not chain boxes that do not overlap each other (complete link)', () => {
    // a–b and b–c have IoU 80/120 ≥ 0.5 but a–c only 60/140: a and b join (earlier pair on the tie), c stays out.
    const { fused, unmatched } = fuseBoxes([ann('a', [[0, 0, 10, 10], 'x']), ann('b', [[2, 0, 10, 10], 'x']), ann('c', [[4, 0, 10, 10], 'x'])]);
    expect(fused).toHaveLength(1);
    expect(fused[0]).toMatchObject({ box: [1, 0, 10, 10], workers: ['a', 'b'] });
    expect(unmatched).toEqual([{ worker: 'c', index: 0 }]);
  });

  it('respects iouThreshold and minVotes', () => {
    const input = [ann('a', [[0, 0, 10, 10], 'x']), ann('b', [[4, 0, 10, 10], 'x'])];
    expect(fuseBoxes(input).fused).toHaveLength(0);
    expect(fuseBoxes(input, { iouThreshold: 0.4 }).fused).toHaveLength(1);
    expect(fuseBoxes(input, { minVotes: 1 }).fused).toHaveLength(2);
  });

  it('flags a tied label vote and averages scores when given', () => {
    const { fused } = fuseBoxes([ann('b', [[0, 0, 10, 10], 'dog', 0.5]), ann('a', [[0, 0, 10, 10], 'cat', 0.9])]);
    expect(fused[0]).toMatchObject({ label: 'cat', labelTie: true, labelVotes: { cat: 1, dog: 1 }, workers: ['a', 'b'], agreement: 1 });
    expect(fused[0]?.score).toBeCloseTo(0.7, 12);
  });

  it('does not depend on the order of annotators', () => {
    const input = [ann('a', [[0, 0, 10, 10], 'x'], [[50, 50, 10, 10], 'y']), ann('b', [[1, 1, 10, 10], 'x'], [[51, 50, 10, 10], 'y']), ann('c', [[50, 51, 10, 10], 'y'])];
    expect(fuseBoxes([...input].reverse())).toEqual(fuseBoxes(input));
    expect(fuseBoxes(input).fused.map((f) => f.label)).toEqual(['x', 'y']);
  });

  it('rejects malformed input, naming it', () => {
    expect(() => fuseBoxes([ann('a', [[0, 0, -1, 10], 'x'])])).toThrow(/annotations\[0\]\.boxes\[0\]\.box must have a non-negative width and height/);
    expect(() => fuseBoxes([ann('a')], { iouThreshold: 0 })).toThrow(/options\.iouThreshold must be in \(0, 1\], got 0/);
    expect(() => fuseBoxes([ann('a', [[0, 0, 1, 1], 'x', Number.NaN])])).toThrow(/boxes\[0\]\.score must be a finite number/);
    expect(() => fuseBoxes([ann('a'), ann('a')])).toThrow(/appears twice/);
  });
});
