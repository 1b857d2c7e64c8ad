import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import { imageCaptionTemplate, transcriptionTemplate } from '../label-config/templates.js';
import { taskDataFromRecord } from '../tasks/task-record.js';
import { ValidationError } from '../validation/validation-error.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import type { LabelConfig } from '../label-config/label-config.types.js';

const data = { image: 'https://example.org/cave-20.jpg', caption: '一尊佛像和两个人' };
const box = (value: Record<string, unknown>, id = 'b1'): Record<string, unknown> => ({ id, from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value });
const transcript = (text: unknown, id = 't1'): Record<string, unknown> => ({ id, from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text } });

function issuesOf(config: LabelConfig, result: unknown, d: Record<string, unknown> = data): { path: string; message: string }[] {
  try {
    validateResult(config, d, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('validateResult: rectangles (percent of the image, Label Studio shape)', () => {
  it('keeps a valid box, drops unknown keys, and keeps a rotation only when it turns the box', () => {
    const out = validateResult(imageCaptionTemplate, data, [
      { ...box({ x: 10, y: 20, width: 30.5, height: 40, rotation: 0, rectanglelabels: ['statue'] }), original_width: 4000, origin: 'manual' },
      box({ x: 50, y: 50, width: 10, height: 10, rotation: 30, rectanglelabels: ['person'] }, 'b2'),
    ]);
    expect(out).toEqual([
      { id: 'b1', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 20, width: 30.5, height: 40, rectanglelabels: ['statue'] } },
      { id: 'b2', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 50, y: 50, width: 10, height: 10, rotation: 30, rectanglelabels: ['person'] } },
    ]);
  });

  it('says where a box leaves the image, has no size, or names an unknown label', () => {
    expect(issuesOf(imageCaptionTemplate, [box({ x: 80, y: -5, width: 30, height: 0, rectanglelabels: ['dragon', 'person', 'person'] })])).toEqual([
      { path: 'result[0].value.height', message: 'must be greater than 0 (percent of the image height), got 0' },
      { path: 'result[0].value.y', message: 'must be within 0..100 (percent of the image height), got -5' },
      { path: 'result[0].value.width', message: 'x + width must be ≤ 100 (the box leaves the image), got 110' },
      { path: 'result[0].value.rectanglelabels[0]', message: '"dragon" is not a label of "objects" (labels: person, vehicle, statue)' },
      { path: 'result[0].value.rectanglelabels[2]', message: 'duplicate label "person"' },
    ]);
  });

  it('reports a wrong shape with its path', () => {
    expect(issuesOf(imageCaptionTemplate, [box({ x: '10', y: 0, width: 1, height: 1, rectanglelabels: ['person'] })])[0]?.path).toBe('result[0].value.x');
  });
});

describe('validateResult: textarea', () => {
  it('keeps the lines of one text item', () => {
    expect(validateResult(transcriptionTemplate, data, [transcript(['云冈石窟', '第二十窟'])])).toEqual([
      { id: 't1', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['云冈石窟', '第二十窟'] } },
    ]);
  });

  it('refuses empty text, a second item, and text over maxLength; required needs an item', () => {
    const config: LabelConfig = { ...structuredClone(transcriptionTemplate), controls: [{ type: 'textarea', name: 'transcript', toName: 'image', maxLength: 3, required: true }] };
    expect(issuesOf(config, [transcript(['  ']), transcript(['云冈石窟'], 't2')])).toEqual([
      { path: 'result[0].value.text', message: 'must hold some text; omit the item when there is nothing to write' },
      { path: 'result[1]', message: 'second textarea item for control "transcript" (first is result[0]); put the whole text in one item' },
      { path: 'result[1].value.text', message: 'is 4 characters long; control "transcript" accepts at most 3' },
    ]);
    expect(issuesOf(config, [])).toEqual([{ path: 'result', message: 'control "transcript" is required but has no result item' }]);
  });
});

describe('taskDataFromRecord: image fields hold a URL a browser can load', () => {
  it('accepts http(s), server paths and data:image URLs', () => {
    for (const image of ['https://example.org/a.jpg', 'http://10.0.0.2/x.png', '/api/v1/blobs/abc', 'data:image/png;base64,iVBORw0KGgo=']) {
      expect(taskDataFromRecord({ image }, transcriptionTemplate)).toEqual({ image });
    }
  });

  it('refuses anything else, saying what is expected', () => {
    for (const image of ['javascript:alert(1)', 'cat.jpg', '//evil.example/x.png', 'data:text/html,<b>x</b>', '']) {
      expect(() => taskDataFromRecord({ image }, transcriptionTemplate)).toThrow(/must be the image's URL/);
    }
  });
});

describe('validateResult: polygons and keypoints', () => {
  const config: LabelConfig = {
    version: 1,
    fields: [{ name: 'image', type: 'image' }],
    controls: [
      { type: 'polygonlabels', name: 'regions', toName: 'image', labels: [{ value: 'niche', color: '#8e24aa' }] },
      { type: 'keypointlabels', name: 'pose', toName: 'image', labels: [{ value: 'head', color: '#e53935' }, { value: 'hand', color: '#1e88e5' }], skeleton: [['head', 'hand']] },
    ],
  };
  const polygon = (points: unknown, id = 'p1') => ({ id, from_name: 'regions', to_name: 'image', type: 'polygonlabels', value: { points, polygonlabels: ['niche'] } });
  const point = (x: number, y: number, label = 'head', id = `k${x}`) => ({ id, from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x, y, width: 0.5, keypointlabels: [label] } });

  it('keeps valid polygons and points', () => {
    expect(validateResult(config, data, [polygon([[10, 10], [30, 10], [20, 40]]), point(50, 20)])).toEqual([
      { id: 'p1', from_name: 'regions', to_name: 'image', type: 'polygonlabels', value: { points: [[10, 10], [30, 10], [20, 40]], polygonlabels: ['niche'] } },
      { id: 'k50', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 50, y: 20, width: 0.5, keypointlabels: ['head'] } },
    ]);
  });

  it('says which corner is outside, when a polygon is too short or flat, and where a point strays', () => {
    expect(issuesOf(config, [polygon([[10, 10], [130, 10], [20, 40]]), polygon([[1, 1], [2, 2]], 'p2'), polygon([[1, 1], [2, 2], [3, 3]], 'p3'), point(101, 5)])).toEqual([
      { path: 'result[0].value.points[1][0]', message: 'x must be within 0..100 (percent of the image width), got 130' },
      { path: 'result[1].value.points', message: 'a polygon needs at least 3 points, got 2' },
      { path: 'result[2].value.points', message: 'the polygon has no area (its points are on one line)' },
      { path: 'result[3].value.x', message: 'must be within 0..100 (percent of the image width), got 101' },
    ]);
  });

  it('checks that a skeleton joins labels of its control', () => {
    const bad = { ...structuredClone(config), controls: [{ ...structuredClone(config.controls[1]!), skeleton: [['head', 'foot']] }] };
    expect(() => parseLabelConfig(bad)).toThrow(/controls\[0\]\.skeleton\[0\]\[1\].*"foot" is not a label of "pose"/);
  });
});

describe('rating (a Likert item)', () => {
  const config: LabelConfig = {
    version: 1,
    fields: [{ name: 'caption', type: 'text' }],
    controls: [{ type: 'rating', name: 'helpful', toName: 'caption', maxRating: 5, descriptions: ['无用', '较差', '一般', '较好', '很好'] }],
  };
  const rated = (rating: unknown, id = 'r1') => ({ id, from_name: 'helpful', to_name: 'caption', type: 'rating', value: { rating } });

  it('keeps a whole score within the scale, and says what is wrong otherwise', () => {
    expect(validateResult(config, { caption: 'x' }, [rated(4)])).toEqual([{ id: 'r1', from_name: 'helpful', to_name: 'caption', type: 'rating', value: { rating: 4 } }]);
    expect(issuesOf(config, [rated(6), rated(2.5, 'r2')], { caption: 'x' })).toEqual([
      { path: 'result[0].value.rating', message: 'must be a whole number from 1 to 5, got 6' },
      { path: 'result[1]', message: 'second rating item for control "helpful" (first is result[0]); one score per task' },
      { path: 'result[1].value.rating', message: 'must be a whole number from 1 to 5, got 2.5' },
    ]);
  });

  it('wants one description per level', () => {
    const bad = { ...structuredClone(config), controls: [{ ...structuredClone(config.controls[0]!), descriptions: ['a', 'b'] }] };
    expect(() => parseLabelConfig(bad)).toThrow(/controls\[0\]\.descriptions.*one description per level: 5 \(maxRating\), got 2/);
  });
});
