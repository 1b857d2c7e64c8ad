import { describe, expect, it } from 'vitest';
import { imageFileNames, resultShapes, shapesToResult, type Dropped, type Shape } from './shapes.js';
import { imageConfig } from './round-trip-helpers.test.js';

describe('shapes ↔ results', () => {
  const config = imageConfig({ boxes: ['car', 'person'], polygons: ['road'], points: ['nose', 'eye'] });

  it('maps each shape to the control that has its label', () => {
    const shapes: Shape[] = [
      { kind: 'box', label: 'car', where: 'a', x: 1, y: 2, width: 3, height: 4 },
      { kind: 'polygon', label: 'road', where: 'b', points: [[0, 0], [10, 0], [10, 10]] },
      { kind: 'polygon', label: 'person', where: 'c', points: [[1, 1], [5, 1], [5, 9]] },
      { kind: 'keypoint', label: 'nose', where: 'd', x: 3, y: 3 },
    ];
    const { result, issues } = shapesToResult(shapes, config);
    expect(issues).toEqual([]);
    expect(result.map((r) => r.type)).toEqual(['rectanglelabels', 'polygonlabels', 'rectanglelabels', 'keypointlabels']);
    // A polygon whose label only boxes have becomes its bounding box.
    expect(result[2]).toMatchObject({ from_name: 'boxes', value: { x: 1, y: 1, width: 4, height: 8, rectanglelabels: ['person'] } });
  });

  it("keeps a prediction file's per-shape score on its item (Label Studio's per-region score)", () => {
    const { result } = shapesToResult(
      [
        { kind: 'box', label: 'car', where: 'a', x: 1, y: 2, width: 3, height: 4, score: 0.91 },
        { kind: 'polygon', label: 'road', where: 'b', points: [[0, 0], [10, 0], [10, 10]], score: 0.4 },
        { kind: 'keypoint', label: 'nose', where: 'c', x: 3, y: 3 },
      ],
      config,
    );
    expect(result.map((r) => (r as { score?: number }).score)).toEqual([0.91, 0.4, undefined]);
  });

  it('reports unknown labels with where they are, and skips optional companions', () => {
    const { issues, skipped } = shapesToResult(
      [
        { kind: 'box', label: 'truck', where: 'annotations[3]', x: 1, y: 2, width: 3, height: 4 },
        { kind: 'box', label: 'crowd', where: 'annotations[4]', x: 1, y: 2, width: 3, height: 4, optional: true },
      ],
      config,
    );
    expect(issues).toEqual([{ where: 'annotations[3]', message: expect.stringContaining('"truck" is not a label of any rectanglelabels control (box labels: car, person)') as string }]);
    expect(skipped).toEqual([expect.stringContaining('annotations[4]') as string]);
  });

  it('counts what a shape format cannot hold', () => {
    const dropped: Dropped = {};
    const shapes = resultShapes(
      [
        { id: '1', from_name: 'c', to_name: 'image', type: 'choices', value: { choices: ['x'] } },
        { id: '2', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['car', 'person'] } },
      ],
      dropped,
    );
    expect(shapes).toHaveLength(1);
    expect(dropped).toEqual({ 'choices item': 1, 'extra labels on one shape (first kept)': 1 });
  });

  it('names image files after the URL, unique per task', () => {
    const names = imageFileNames([
      { taskId: '1', url: 'https://x/a/cat.jpg?sig=1', data: {}, result: [] },
      { taskId: '2', url: 'https://x/b/cat.jpg', data: {}, result: [] },
      { taskId: '3', url: '/files/%E4%BA%91.png', data: {}, result: [] },
    ]);
    expect([...names.values()]).toEqual(['1-cat.jpg', '2-cat.jpg', '云.png']);
  });
});
