import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '@yungang/core';
import { skeletonSegments, skeletonsOf, type SkeletonKeypoint } from './skeleton.ts';

const kp = (id: string, label: string, x: number, y: number, control = 'pose'): SkeletonKeypoint => ({ id, control, label, point: { x, y }, color: '#111111' });

describe('skeleton', () => {
  it('reads the pairs of keypoint controls only', () => {
    const config: LabelConfig = {
      version: 1,
      fields: [{ name: 'image', type: 'image' }],
      controls: [
        { type: 'keypointlabels', name: 'pose', toName: 'image', labels: [{ value: 'a', color: '#111111' }, { value: 'b', color: '#222222' }], skeleton: [['a', 'b']] },
        { type: 'keypointlabels', name: 'loose', toName: 'image', labels: [{ value: 'a', color: '#111111' }] },
        { type: 'polygonlabels', name: 'areas', toName: 'image', labels: [{ value: 'a', color: '#111111' }] },
      ],
    };
    expect([...skeletonsOf(config)]).toEqual([['pose', [['a', 'b']]]]);
  });

  it('joins each keypoint to the nearest one of the paired label, once per bone', () => {
    const skeletons = new Map([['pose', [['shoulder', 'elbow'], ['elbow', 'shoulder']] as const]]);
    // Two people: shoulders at x 10 and 60, elbows at x 12 and 62.
    const points = [kp('s1', 'shoulder', 10, 10), kp('s2', 'shoulder', 60, 10), kp('e2', 'elbow', 62, 20), kp('e1', 'elbow', 12, 20)];
    const segments = skeletonSegments(points, skeletons);
    expect(segments.map((s) => [s.from, s.to])).toEqual([
      [{ x: 10, y: 10 }, { x: 12, y: 20 }],
      [{ x: 60, y: 10 }, { x: 62, y: 20 }],
    ]);
  });

  it('draws nothing for labels of another control or pairs without points', () => {
    const skeletons = new Map([['pose', [['a', 'b']] as const]]);
    expect(skeletonSegments([kp('1', 'a', 0, 0), kp('2', 'b', 1, 1, 'other')], skeletons)).toEqual([]);
    expect(skeletonSegments([kp('1', 'a', 0, 0), kp('2', 'a', 1, 1)], skeletons)).toEqual([]);
    expect(skeletonSegments([kp('1', 'a', 0, 0), kp('2', 'b', 1, 1)], new Map())).toEqual([]);
  });
});
