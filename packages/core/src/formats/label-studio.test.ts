import { describe, expect, it } from 'vitest';
import { validateResult } from '../annotation/validate-result.js';
import type { AnnotationResult } from '../annotation/result.types.js';
import { buildLabelStudio, parseLabelStudio } from './label-studio.js';
import { fixtureJson, imageConfig } from './round-trip-helpers.test.js';

describe('Label Studio JSON', () => {
  it('reads an exported task with annotations and a prediction (score, model version)', () => {
    const { tasks } = parseLabelStudio(fixtureJson('label-studio/image-rectangles/annotation_1.json'));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.annotations[0]!.result.length).toBeGreaterThan(0);
  });

  it('reads tasks.json predictions with their model version', () => {
    const { tasks } = parseLabelStudio(fixtureJson('label-studio/image-keypoints/tasks.json'));
    expect(tasks[0]!.predictions).toEqual([{ where: '[0].predictions[0].result', result: [expect.objectContaining({ type: 'keypointlabels' }) as unknown], modelVersion: 'model 1', score: null }]);
  });

  it('drops relation items with a note and keeps the stated image size', () => {
    const { tasks, skipped } = parseLabelStudio(fixtureJson('label-studio/converter-tests/yolo_keypoints_data.json'));
    expect(tasks[0]!.size).toEqual({ width: 216, height: 174 });
    expect(tasks[0]!.annotations[0]!.result).toHaveLength(4);
    expect(skipped).toHaveLength(5);
  });

  it('round-trips results unchanged, adding original_width/height when the size is known', () => {
    const { tasks } = parseLabelStudio(fixtureJson('label-studio/image-polygons/annotation_0.json'));
    const config = { ...imageConfig({ polygons: ['Hello', 'World'] }), controls: [{ type: 'polygonlabels' as const, name: 'tag', toName: 'img', labels: [{ value: 'Hello', color: '#ff0000' }, { value: 'World', color: '#0000ff' }] }], fields: [{ name: 'img', type: 'image' as const }] };
    const result = validateResult(config, { img: tasks[0]!.data.image }, tasks[0]!.annotations[0]!.result);
    const out = buildLabelStudio([{ id: '1', data: { ...tasks[0]!.data, width: 800, height: 501 }, annotations: [{ id: 'a', completedBy: 'x@y', result, createdAt: '2026-01-01T00:00:00Z', leadTimeMs: 1500 }], predictions: [] }]);
    const again = parseLabelStudio(JSON.parse(JSON.stringify(out)));
    const back = validateResult(config, { img: tasks[0]!.data.image }, again.tasks[0]!.annotations[0]!.result);
    expect(back).toEqual(result);
    expect(again.tasks[0]!.size).toEqual({ width: 800, height: 501 });
    expect((out[0] as { annotations: { lead_time: number; result: AnnotationResult }[] }).annotations[0]!.lead_time).toBe(1.5);
  });
});
