import { describe, expect, it } from 'vitest';
import { resultFromJson } from './annotation-state.ts';

describe('video items read back from JSON', () => {
  it('keeps box, polygon and point tracks and events, with their attributes', () => {
    const items = [
      { id: 'b', from_name: 'cars', to_name: 'video', type: 'videorectangle', value: { framesCount: 50, duration: 2, labels: ['car'], attributes: { plate: '京A' }, sequence: [{ frame: 1, x: 10, y: 10, width: 20, height: 20, enabled: true, time: 0, attributes: { moving: 'yes' } }, { frame: 9, x: 30, y: 10, width: 20, height: 20, enabled: false, time: 0.32 }] } },
      { id: 'p', from_name: 'areas', to_name: 'video', type: 'videopolygon', value: { framesCount: 50, duration: 2, labels: ['road'], sequence: [{ frame: 4, points: [[10, 10], [30, 10], [20, 40]], enabled: true, time: 0.12 }] } },
      { id: 'k', from_name: 'joints', to_name: 'video', type: 'videokeypoint', value: { framesCount: 50, duration: 2, labels: ['hand'], sequence: [{ frame: 2, points: [[5, 5]], enabled: true, time: 0.04 }] } },
      { id: 'e', from_name: 'events', to_name: 'video', type: 'videoevents', value: { start: 10, end: 20, labels: ['crossing'] } },
    ];
    expect(resultFromJson(items)).toEqual(items);
  });

  it('drops malformed keyframes and items, not the whole result', () => {
    const result = resultFromJson([
      { id: 'b', from_name: 'cars', to_name: 'video', type: 'videorectangle', value: { framesCount: 50, duration: 2, labels: ['car'], sequence: [{ frame: 1, x: 10, y: 10, width: 20, height: 20, enabled: true, time: 0 }, { frame: 'two' }] } },
      { id: 'x', from_name: 'cars', to_name: 'video', type: 'videorectangle', value: { labels: ['car'] } },
      { id: 'e', from_name: 'events', to_name: 'video', type: 'videoevents', value: { start: 10, labels: ['crossing'] } },
    ]);
    expect(result.map((r) => r.id)).toEqual(['b']);
    expect(result[0]?.type === 'videorectangle' ? result[0].value.sequence : []).toHaveLength(1);
  });
});
