import { describe, expect, it } from 'vitest';
import type { AudioSegmentResultItem } from '@yungang/core';
import { edgeAt } from './segment-drag.ts';

const seg = (id: string, start: number, end: number): AudioSegmentResultItem => ({ id, from_name: 'seg', to_name: 'audio', type: 'labels', value: { start, end, labels: ['speech'] } });

describe('edgeAt', () => {
  const segments = [seg('a', 1, 2), seg('b', 2, 3.5)];

  it('grabs the nearest edge within the tolerance, and none farther away', () => {
    expect(edgeAt(segments, 3.45, 0.1, null)).toEqual({ id: 'b', edge: 'end', at: 3.5 });
    expect(edgeAt(segments, 1.04, 0.1, null)).toEqual({ id: 'a', edge: 'start', at: 1 });
    expect(edgeAt(segments, 2.7, 0.1, null)).toBeNull();
  });

  it('prefers the selected segment where two segments meet', () => {
    expect(edgeAt(segments, 2.01, 0.1, 'a')).toEqual({ id: 'a', edge: 'end', at: 2 });
    expect(edgeAt(segments, 1.99, 0.1, 'b')).toEqual({ id: 'b', edge: 'start', at: 2 });
  });
});
