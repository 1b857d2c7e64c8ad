/** Polylines in core: validation, agreement, the delivered label, CSV. */
import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { ValidationError } from '../validation/validation-error.js';
import { resultAgreement } from '../quality/result-agreement.js';
import { taskLabel } from '../quality/task-label.js';
import { csvValues } from '../export/export-record.js';
import type { PolylineLabelsResultItem } from './result.types.js';

const config = parseLabelConfig({
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [{ type: 'polylinelabels', name: 'lanes', toName: 'image', labels: [{ value: 'lane', color: '#ff0000' }, { value: 'edge', color: '#0000ff' }] }],
});
const data = { image: 'https://example.org/road.png' };
const line = (points: [number, number][], label = 'lane', id = 'l1'): PolylineLabelsResultItem => ({ id, from_name: 'lanes', to_name: 'image', type: 'polylinelabels', value: { points, polylinelabels: [label] } });

function issuesOf(result: unknown): string[] {
  try {
    validateResult(config, data, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('polylinelabels', () => {
  it('keeps an open path of two or more points inside the image', () => {
    const item = line([[10, 50], [90, 52]]);
    expect(validateResult(config, data, [{ ...item, extra: 1 }])).toEqual([item]);
  });

  it('rejects one point, no length, points outside the image and unknown labels', () => {
    expect(issuesOf([line([[10, 50]])])).toEqual(['result[0].value.points: a polyline needs at least 2 points, got 1']);
    expect(issuesOf([line([[10, 50], [10, 50]])])).toEqual(['result[0].value.points: the polyline has no length (all its points are the same)']);
    expect(issuesOf([line([[10, 50], [101, 50]])])).toEqual(['result[0].value.points[1][0]: x must be within 0..100 (percent of the image width), got 101']);
    expect(issuesOf([line([[10, 50], [20, 50]], 'wire')])[0]).toMatch(/"wire" is not a label of "lanes"/);
  });

  it('agrees within 2 % mean distance and delivers the majority medoid', () => {
    expect(resultAgreement(config, [line([[10, 50], [90, 50]])], [line([[90, 51], [10, 51]])])).toBe(1);
    expect(resultAgreement(config, [line([[10, 50], [90, 50]])], [line([[10, 60], [90, 60]])])).toBe(0);
    const inputs = [[line([[10, 50], [90, 50]])], [line([[10, 50.5], [90, 50.5]])], [line([[10, 80], [90, 80]])]];
    const label = taskLabel(config, data, inputs.map((result, n) => ({ annotationId: `a${n}`, version: 1, worker: `w${n}`, result })));
    expect(label.result).toHaveLength(1);
    expect(validateResult(config, data, label.result)).toEqual(label.result);
  });

  it('CSV holds the paths as JSON', () => {
    const cells = csvValues(config, { id: 't1', data, createdAt: '' }, [{ id: 'a', annotator: 'x@y', versions: [{ version: 1, result: [line([[1, 2], [3, 4]])], leadTimeMs: 0, createdBy: 'x@y', createdAt: '' }] }]);
    expect(JSON.parse(cells[2] as string)).toEqual([{ points: [[1, 2], [3, 4]], label: 'lane' }]);
  });
});
