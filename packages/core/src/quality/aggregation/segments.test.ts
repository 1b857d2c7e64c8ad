import { describe, expect, it } from 'vitest';
import { fuseSegments, matchSegments, perSegmentAgreement, segmentF1, temporalIoU } from './segments.js';

describe('temporalIoU', () => {
  it('is intersection over union of two intervals, 0 apart or touching', () => {
    expect(temporalIoU({ start: 0, end: 4 }, { start: 2, end: 6 })).toBeCloseTo(2 / 6);
    expect(temporalIoU({ start: 1, end: 3 }, { start: 1, end: 3 })).toBe(1);
    expect(temporalIoU({ start: 0, end: 2 }, { start: 2, end: 3 })).toBe(0);
    expect(temporalIoU({ start: 0, end: 1 }, { start: 5, end: 6 })).toBe(0);
  });
});

describe('fuseSegments', () => {
  it('keeps segments a majority drew alike, at the median bounds, with ROVER text and plurality speaker', () => {
    const { fused, unmatched } = fuseSegments([
      { worker: 'a', segments: [{ start: 0, end: 2, label: 'speech', transcript: '今天天气好', speaker: 'A' }, { start: 5, end: 6, label: 'noise' }] },
      { worker: 'b', segments: [{ start: 0.1, end: 2.2, label: 'speech', transcript: '今天天气好', speaker: 'B' }] },
      { worker: 'c', segments: [{ start: 0.05, end: 1.9, label: 'speech', transcript: '今天天汽好', speaker: 'A' }] },
    ]);
    expect(fused).toEqual([{ start: 0.05, end: 2, label: 'speech', workers: ['a', 'b', 'c'], transcript: '今天天气好', speaker: 'A' }]);
    expect(unmatched).toEqual([{ worker: 'a', index: 1 }]);
  });

  it('does not join segments of different labels or that overlap too little', () => {
    const { fused } = fuseSegments([
      { worker: 'a', segments: [{ start: 0, end: 2, label: 'speech' }, { start: 3, end: 4, label: 'music' }] },
      { worker: 'b', segments: [{ start: 0, end: 2, label: 'music' }, { start: 3.6, end: 5, label: 'music' }] },
    ]);
    expect(fused).toEqual([]);
  });

  it('orders fused segments by time and leaves text out when nobody wrote any', () => {
    const { fused } = fuseSegments([
      { worker: 'b', segments: [{ start: 4, end: 6, label: 'speech' }, { start: 0, end: 1, label: 'speech' }] },
      { worker: 'a', segments: [{ start: 0, end: 1, label: 'speech' }, { start: 4, end: 6, label: 'speech' }] },
    ]);
    expect(fused.map((f) => [f.start, f.end, 'transcript' in f])).toEqual([
      [0, 1, false],
      [4, 6, false],
    ]);
  });
});

describe('segment agreement', () => {
  it('is the F1 of same-label segments matched at IoU ≥ 0.5', () => {
    const a = [{ start: 0, end: 2, label: 'speech' }, { start: 3, end: 4, label: 'speech' }];
    expect(segmentF1(a, [{ start: 0.2, end: 2, label: 'speech' }])).toBeCloseTo(2 / 3);
    expect(segmentF1(a, [{ start: 0, end: 2, label: 'music' }])).toBe(0);
    expect(segmentF1([], [])).toBe(1);
  });

  it('matches segments one to one by time whatever their label, best overlap first', () => {
    expect(matchSegments([{ start: 0, end: 2 }, { start: 0, end: 1.8 }], [{ start: 0, end: 1.8 }])).toEqual([{ a: 1, b: 0, iou: 1 }]);
  });

  it('scores per-segment answers over matched segments, unmatched ones counting 0', () => {
    const same = (x: { t: string }, y: { t: string }) => (x.t === y.t ? 1 : 0);
    const a = [{ start: 0, end: 2, t: 'x' }, { start: 3, end: 4, t: 'y' }];
    expect(perSegmentAgreement(a, [{ start: 0, end: 2, t: 'x' }, { start: 3, end: 4, t: 'z' }], same)).toBe(0.5);
    expect(perSegmentAgreement(a, [{ start: 0, end: 2, t: 'x' }], same)).toBeCloseTo(2 / 3);
    expect(perSegmentAgreement([], [], same)).toBe(1);
  });
});
