import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import { imageCaptionTemplate, transcriptionTemplate } from '../label-config/templates.js';
import { taskDataFromRecord } from '../tasks/task-record.js';
import { ValidationError } from '../validation/validation-error.js';
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
