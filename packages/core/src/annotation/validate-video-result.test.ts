import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import type { ValidationError } from '../validation/validation-error.js';
import { validateResult } from './validate-result.js';
import { taskLabel } from '../quality/task-label.js';
import { resultAgreement } from '../quality/result-agreement.js';
import { csvValues } from '../export/export-record.js';

const config: LabelConfig = parseLabelConfig({
  version: 1,
  fields: [{ name: 'video', type: 'video' }],
  controls: [{ type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'car', color: '#e5484d' }] }],
});
const data = { video: '/api/v1/media/abc', frames: 50, fps: 25, duration: 2 };
const keyframe = (frame: number, x: number) => ({ frame, x, y: 10, width: 20, height: 20, enabled: true, time: (frame - 1) / 25 });
const item = (sequence: unknown[], id = 't1') => ({ id, from_name: 'box', to_name: 'video', type: 'videorectangle', value: { framesCount: 50, duration: 2, sequence, labels: ['car'] } });

function issues(result: unknown): string[] {
  try {
    validateResult(config, data, result);
    return [];
  } catch (e) {
    return (e as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('videorectangle results', () => {
  it('accepts a sorted track inside the video and keeps only known keys', () => {
    const out = validateResult(config, data, [{ ...item([keyframe(1, 0), { ...keyframe(11, 10), rotation: 0 }]), origin: 'manual' }]);
    expect(out[0]!.value).toEqual({ framesCount: 50, duration: 2, sequence: [keyframe(1, 0), keyframe(11, 10)], labels: ['car'] });
  });
  it('rejects keyframes outside the video, unsorted or repeated, and boxes leaving the picture', () => {
    expect(issues([item([{ ...keyframe(0, 0), time: 0 }])])).toEqual(['result[0].value.sequence[0].frame: must be within 1..50 (frames of the video, 1 = first), got 0']);
    expect(issues([item([keyframe(51, 0)])])[0]).toContain('within 1..50');
    expect(issues([item([keyframe(5, 0), keyframe(3, 0)])])).toEqual(['result[0].value.sequence[1].frame: keyframes must be sorted by frame: 3 comes after 5']);
    expect(issues([item([keyframe(5, 0), keyframe(5, 1)])])[0]).toContain('duplicate keyframe at frame 5');
    expect(issues([item([keyframe(1, 90)])])[0]).toContain('the box must lie within 0..100');
    expect(issues([item([])])[0]).toContain('at least one keyframe');
  });
  it('checks framesCount against the task and labels against the control', () => {
    expect(issues([{ ...item([keyframe(1, 0)]), value: { ...item([keyframe(1, 0)]).value, framesCount: 40 } }])[0]).toContain('must be 50, the frame count');
    expect(issues([{ ...item([keyframe(1, 0)]), value: { ...item([keyframe(1, 0)]).value, labels: ['bus'] } }])[0]).toContain('"bus" is not a label of "box"');
  });
  it('takes part in agreement, delivered labels and CSV export', () => {
    const a = validateResult(config, data, [item([keyframe(1, 0)])]);
    const b = validateResult(config, data, [item([keyframe(1, 0)])]);
    const c = validateResult(config, data, [item([keyframe(1, 70)])]);
    expect(resultAgreement(config, a, b)).toBe(1);
    expect(resultAgreement(config, a, c)).toBe(0);
    const label = taskLabel(config, data, [
      { annotationId: 'x', version: 1, worker: 'w1', result: a },
      { annotationId: 'y', version: 1, worker: 'w2', result: b },
      { annotationId: 'z', version: 1, worker: 'w3', result: c },
    ]);
    expect(label.result).toEqual([{ id: 'box-vote-0', from_name: 'box', to_name: 'video', type: 'videorectangle', value: { framesCount: 50, duration: 2, sequence: [keyframe(1, 0)], labels: ['car'] } }]);
    const cells = csvValues(config, { id: '7', data, createdAt: '2026-01-01T00:00:00Z' }, [{ id: 'x', annotator: 'w1', versions: [{ version: 1, result: a, leadTimeMs: 1, createdBy: 'w1', createdAt: '2026-01-01T00:00:00Z' }] }]);
    expect(JSON.parse(cells[2] as string)).toEqual([{ label: 'car', sequence: [keyframe(1, 0)] }]);
  });
});
