import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import type { ValidationError } from '../validation/validation-error.js';
import { validateResult } from './validate-result.js';
import { taskLabel } from '../quality/task-label.js';
import { resultAgreement } from '../quality/result-agreement.js';

const colour = '#e5484d';
const config: LabelConfig = parseLabelConfig({
  version: 1,
  fields: [{ name: 'video', type: 'video' }],
  controls: [
    {
      type: 'videorectangle',
      name: 'box',
      toName: 'video',
      labels: [{ value: 'car', color: colour }],
      attributes: [
        { name: 'plate', type: 'text' },
        { name: 'moving', type: 'choice', options: ['yes', 'no'], mutable: true, required: true },
      ],
    },
    { type: 'videopolygon', name: 'area', toName: 'video', labels: [{ value: 'road', color: colour }], attributes: [{ name: 'lanes', type: 'number' }] },
    { type: 'videokeypoint', name: 'joints', toName: 'video', labels: [{ value: 'head', color: colour }] },
    { type: 'videoevents', name: 'events', toName: 'video', labels: [{ value: 'crossing', color: colour }, { value: 'stop', color: colour }] },
  ],
});
const data = { video: '/api/v1/media/abc', frames: 50, fps: 25, duration: 2 };
const square: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10]];
const box = (value: Record<string, unknown>, sequence?: unknown[]) => ({
  id: 'b',
  from_name: 'box',
  to_name: 'video',
  type: 'videorectangle',
  value: { framesCount: 50, duration: 2, sequence: sequence ?? [{ frame: 1, x: 0, y: 0, width: 10, height: 10, enabled: true, time: 0, attributes: { moving: 'yes' } }], labels: ['car'], ...value },
});
const polygon = (sequence: unknown[], extra: Record<string, unknown> = {}, id = 'p') => ({ id, from_name: 'area', to_name: 'video', type: 'videopolygon', value: { framesCount: 50, duration: 2, sequence, labels: ['road'], ...extra } });
const event = (start: number, end: number, label = 'crossing', id = `e${start}`) => ({ id, from_name: 'events', to_name: 'video', type: 'videoevents', value: { start, end, labels: [label] } });

function issues(result: unknown): string[] {
  try {
    validateResult(config, data, result);
    return [];
  } catch (e) {
    return (e as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('label config of the video controls', () => {
  it('checks attribute declarations', () => {
    const bad = () =>
      parseLabelConfig({
        version: 1,
        fields: [{ name: 'video', type: 'video' }],
        controls: [{ type: 'videopolygon', name: 'area', toName: 'video', labels: [{ value: 'road', color: colour }], attributes: [{ name: 'a', type: 'choice' }, { name: 'a', type: 'text', options: ['x'] }] }],
      });
    const messages = (): string[] => {
      try {
        bad();
        return [];
      } catch (e) {
        return (e as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
      }
    };
    expect(messages()).toEqual([
      'controls[0].attributes[0].options: a choice attribute must list at least one option',
      'controls[0].attributes[1].name: duplicate attribute name "a" (also attributes[0])',
      'controls[0].attributes[1].options: only choice attributes have options; this one is of type text',
    ]);
  });
  it('puts track controls on video fields only', () => {
    expect(() => parseLabelConfig({ version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'videoevents', name: 'e', toName: 'image', labels: [{ value: 'x', color: colour }] }] })).toThrow(/a videoevents control cannot annotate field "image" of type image/);
  });
});

describe('track attributes', () => {
  it('keeps declared track and keyframe values', () => {
    const out = validateResult(config, data, [box({ attributes: { plate: 'AB 123' } })]);
    expect(out[0]!.value).toMatchObject({ attributes: { plate: 'AB 123' }, sequence: [{ attributes: { moving: 'yes' } }] });
  });
  it('refuses unknown names, values of the wrong kind, mutable values on the track and missing required ones', () => {
    expect(issues([box({ attributes: { colour: 'red' } })])).toEqual(['result[0].value.attributes.colour: no attribute named "colour" on this control (attributes: plate, moving)']);
    expect(issues([box({ attributes: { moving: 'yes' } })])[0]).toContain('attribute "moving" is mutable; give it on keyframes');
    expect(issues([box({}, [{ frame: 1, x: 0, y: 0, width: 10, height: 10, enabled: true, time: 0, attributes: { moving: 'maybe' } }])])[0]).toContain('"maybe" is not an option of "moving"');
    expect(issues([box({}, [{ frame: 1, x: 0, y: 0, width: 10, height: 10, enabled: true, time: 0 }])])).toEqual(['result[0].value.sequence[0].attributes: attribute "moving" is required']);
    expect(issues([polygon([{ frame: 1, points: square, enabled: true, time: 0 }], { attributes: { lanes: 'two' } })])[0]).toContain('lanes: must be a number');
  });
});

describe('videopolygon and videokeypoint results', () => {
  it('accepts sorted keyframes with enough vertices inside the picture', () => {
    const out = validateResult(config, data, [polygon([{ frame: 1, points: square, enabled: true, time: 0, extra: 1 }, { frame: 9, points: square, enabled: false, time: 0.32 }], { attributes: { lanes: 2 } })]);
    expect(out[0]!.value).toEqual({ framesCount: 50, duration: 2, sequence: [{ frame: 1, points: square, enabled: true, time: 0 }, { frame: 9, points: square, enabled: false, time: 0.32 }], labels: ['road'], attributes: { lanes: 2 } });
  });
  it('rejects too few vertices, points outside, unsorted or out-of-range keyframes', () => {
    expect(issues([polygon([{ frame: 1, points: square.slice(0, 2), enabled: true, time: 0 }])])).toEqual(['result[0].value.sequence[0].points: a polygon needs at least 3 vertices, got 2']);
    expect(issues([polygon([{ frame: 1, points: [[0, 0], [101, 0], [5, 5]], enabled: true, time: 0 }])])[0]).toContain('points[1]: must lie within 0..100');
    expect(issues([polygon([{ frame: 5, points: square, enabled: true, time: 0 }, { frame: 2, points: square, enabled: true, time: 0 }])])[0]).toContain('keyframes must be sorted by frame');
    expect(issues([polygon([{ frame: 51, points: square, enabled: true, time: 0 }])])[0]).toContain('must be within 1..50');
    const points = { id: 'k', from_name: 'joints', to_name: 'video', type: 'videokeypoint', value: { framesCount: 50, duration: 2, sequence: [{ frame: 1, points: [], enabled: true, time: 0 }], labels: ['head'] } };
    expect(issues([points])).toEqual(['result[0].value.sequence[0].points: must hold at least one point']);
  });
});

describe('videoevents results', () => {
  it('accepts events inside the video, one label each, not overlapping per label', () => {
    expect(issues([event(1, 10), event(11, 20), event(5, 15, 'stop')])).toEqual([]);
  });
  it('rejects reversed, out-of-range, multi-label and overlapping events', () => {
    expect(issues([event(10, 5)])).toEqual(['result[0].value.end: must be ≥ start (10), got 5']);
    expect(issues([event(45, 51)])[0]).toContain('end: must be within 1..50');
    expect(issues([{ ...event(1, 2), value: { start: 1, end: 2, labels: ['crossing', 'stop'] } }])[0]).toContain('exactly one label');
    expect(issues([event(1, 10), event(10, 20)])).toEqual(['result[1].value.start: events of label "crossing" overlap: frames 10..20 and 1..10 (result[0]); control "events" does not allow overlap']);
  });
  it('takes part in agreement and the delivered label', () => {
    const a = validateResult(config, data, [event(1, 10)]);
    const b = validateResult(config, data, [event(2, 10)]);
    // Only the events control has items on either side: the other three agree (both empty).
    expect(resultAgreement(config, a, b)).toBe(1);
    expect(resultAgreement(config, a, validateResult(config, data, [event(30, 40)]))).toBe(0.75);
    const label = taskLabel(config, data, [
      { annotationId: 'x', version: 1, worker: 'w1', result: a },
      { annotationId: 'y', version: 1, worker: 'w2', result: b },
    ]);
    expect(label.result).toEqual([{ id: 'events-vote-0', from_name: 'events', to_name: 'video', type: 'videoevents', value: { start: 1, end: 10, labels: ['crossing'] } }]);
  });
});
