import { describe, expect, it } from 'vitest';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { documentExtractionTemplate } from '../label-config/templates.js';
import { ValidationError } from '../validation/validation-error.js';
import { resultAgreement } from '../quality/result-agreement.js';
import { taskLabel } from '../quality/task-label.js';
import { validateResult } from './validate-result.js';
import { taskDataFromRecord } from '../tasks/task-record.js';
import type { AnnotationResult } from './result.types.js';

const config = parseLabelConfig(structuredClone(documentExtractionTemplate));
const data = { document: '/api/v1/media/abc', pages: 2, textLength: 60 };

const box = (id: string, page: number, x: number, label = 'title') => ({ id, from_name: 'regions', to_name: 'document', type: 'rectanglelabels', value: { page, x, y: 10, width: 30, height: 5, rectanglelabels: [label] } });
const span = (id: string, start: number, text: string, label = 'VALUE') => ({ id, from_name: 'fields', to_name: 'document', type: 'labels', value: { page: 1, start, end: start + Array.from(text).length, text, labels: [label] } });
const good = [
  box('b1', 1, 10),
  box('b2', 2, 10, 'table'),
  span('s1', 12, '国办发〔2024〕5号'),
  span('k1', 0, '发文字号', 'KEY'),
  { id: 'kv1', from_name: 'kv', to_name: 'document', type: 'keyvalue', value: { key: 'docNumber', valueId: 's1', keyId: 'k1' } },
  { id: 'ro', from_name: 'order', to_name: 'document', type: 'readingorder', value: { order: ['b1', 'b2'] } },
];

function issues(result: unknown): string[] {
  try {
    validateResult(config, data, result);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('document label config', () => {
  it('takes a document field with boxes, spans, key–value and reading order', () => {
    expect(config.fields[0]).toEqual({ name: 'document', type: 'document', title: '文档' });
  });

  it('imports only documents stored on this server (their pages and text were read at upload)', () => {
    const url = `/api/v1/media/${'a'.repeat(64)}`;
    expect(taskDataFromRecord({ document: url, pages: 1, textLength: 3 }, config)).toMatchObject({ document: url });
    expect(() => taskDataFromRecord({ document: 'https://example.com/a.pdf' }, config)).toThrow(/must be a PDF uploaded to this server/);
  });

  it('reports bad keyvalue keys and misplaced controls with paths', () => {
    const bad = structuredClone(documentExtractionTemplate) as unknown as { fields: unknown[]; controls: Record<string, unknown>[] };
    bad.fields.push({ name: 'text', type: 'text' });
    bad.controls[2] = { type: 'keyvalue', name: 'kv', toName: 'document', keys: [{ value: 'a' }, { value: 'a', hotkey: 'z' }] };
    bad.controls.push({ type: 'readingorder', name: 'order2', toName: 'text' });
    try {
      parseLabelConfig(bad);
      expect.unreachable();
    } catch (e) {
      const found = (e as ValidationError).issues.map((i) => i.path);
      expect(found).toEqual(expect.arrayContaining(['controls[2].keys[1].value', 'controls[2].keys[1].hotkey', 'controls[4].toName']));
    }
  });
});

describe('validateResult on a document', () => {
  it('accepts page boxes, spans, key–value links and a reading order, keeping the page', () => {
    const out = validateResult(config, data, structuredClone(good));
    expect(out).toHaveLength(6);
    expect(out[1]).toMatchObject({ type: 'rectanglelabels', value: { page: 2, rectanglelabels: ['table'] } });
    expect(out[4]).toEqual(good[4]);
  });

  it('checks pages, offsets, text length, links and order with paths', () => {
    const bad = structuredClone(good) as unknown as { value: Record<string, unknown> }[];
    bad[0]!.value.page = 3;
    bad[1]!.value.x = 80;
    bad[2]!.value.end = 99;
    bad[4]!.value = { key: 'nope', valueId: 'missing', keyId: 'ro' };
    bad[5]!.value = { order: ['b1', 'b1', 's1'] };
    expect(issues(bad)).toEqual([
      'result[0].value.page: must be ≤ 2, the document\'s page count, got 3',
      'result[1].value.x: the box must lie within 0..100 (percent of the page width), got x 80 + width 30',
      'result[2].value.end: must be ≤ 60, the length of the document\'s text in code points, got 99',
      'result[2].value.text: must be the 87 characters at 12..99, got 11',
      'result[4].value.key: "nope" is not a key of "kv" (keys: issuer, docNumber, title, date, recipient)',
      'result[4].value.valueId: no result item has id "missing"',
      'result[4].value.keyId: "ro" must be a box or span on document field "document", got a readingorder item on "document"',
      'result[5].value.order[1]: "b1" is listed twice (also order[0])',
      'result[5].value.order[2]: "s1" must be a box on document field "document", got a labels item on "document"',
    ]);
  });
});

describe('agreement and delivered labels on a document', () => {
  const a = validateResult(config, data, structuredClone(good));
  it('compares boxes page by page, key–value pairs by place, and the reading order', () => {
    expect(resultAgreement(config, a, a)).toBe(1);
    // The same box on the other page is a different box.
    const moved = a.map((r) => (r.id === 'b1' && r.type === 'rectanglelabels' ? { ...r, value: { ...r.value, page: 2 } } : r)) as AnnotationResult;
    const score = resultAgreement(config, a, moved);
    expect(score).toBeLessThan(1);
    expect(score).toBeGreaterThan(0.5);
  });

  it('fuses boxes back onto their pages and spans with their text', () => {
    const label = taskLabel(config, data, [
      { annotationId: 'a', version: 1, worker: 'u1', result: a },
      { annotationId: 'b', version: 1, worker: 'u2', result: a },
    ]);
    const boxes = label.result.filter((r) => r.type === 'rectanglelabels');
    expect(boxes.map((r) => r.value)).toEqual([
      { page: 1, x: 10, y: 10, width: 30, height: 5, rectanglelabels: ['title'] },
      { page: 2, x: 10, y: 10, width: 30, height: 5, rectanglelabels: ['table'] },
    ]);
    expect(label.result.find((r) => r.type === 'labels' && r.value.start === 12)?.value).toMatchObject({ page: 1, text: '国办发〔2024〕5号' });
  });
});
