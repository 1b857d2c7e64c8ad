import { describe, expect, it } from 'vitest';
import { buildCoco, parseCoco } from './coco.js';
import { FormatError } from './shapes.js';
import { asTasks, fixtureJson, imageConfig, roundTripDifferences } from './round-trip-helpers.test.js';

describe('COCO', () => {
  it('reads Datumaro instances: polygon in percent of the image, a crowd RLE as a mask (noted)', () => {
    const { images, skipped } = parseCoco(fixtureJson('coco/datumaro_instances_val.json'));
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ name: 'b.jpg', size: { width: 5, height: 10 } });
    expect(images[0]!.shapes).toEqual([
      { kind: 'polygon', label: 'a', where: 'annotations[0] (image "b.jpg").segmentation[0]', points: [[0, 0], [20, 0], [20, 20], [0, 20]] },
      { kind: 'mask', label: 'b', where: 'annotations[1] (image "b.jpg").segmentation', rle: { size: [10, 5], counts: [0, 20, 30] } },
    ]);
    expect(skipped).toEqual(['annotations[1] (image "b.jpg"): crowd region (iscrowd = 1) imported as an ordinary mask']);
  });

  it('reads a box-only annotation (empty segmentation)', () => {
    const { images } = parseCoco(fixtureJson('coco/datumaro_instances_train.json'));
    expect(images[0]!.shapes).toEqual([{ kind: 'box', label: 'b', where: 'annotations[0] (image "a.jpg").bbox', x: 20, y: 40, width: 30, height: 20 }]);
  });

  it('refuses a results file (no images) with a hint', () => {
    expect(() => parseCoco([{ image_id: 1, category_id: 1, bbox: [1, 2, 3, 4], score: 0.5 }])).toThrow(FormatError);
    expect(() => parseCoco([])).toThrow(/results file/);
  });

  it('round-trips the Label Studio SDK COCO import file (polygons, string "iscrowd") within 1e-6', () => {
    const first = parseCoco(fixtureJson('coco/label-studio_coco_import_input.json'));
    // The second annotation's polygon is in two parts: two polygons, reported.
    expect(first.images.map((i) => i.shapes.length)).toEqual([1, 2]);
    expect(first.skipped).toEqual(['annotations[1] (image "image2.jpg"): a polygon in 2 parts imported as 2 polygons']);
    const config = imageConfig({ polygons: ['Class_1', 'Class_2'] });
    const { coco, report } = buildCoco(asTasks(first.images, config), config);
    expect(report).toEqual({ unsized: [], dropped: {} });
    const again = parseCoco(JSON.parse(JSON.stringify(coco)));
    expect(roundTripDifferences(first.images, again.images, config)).toEqual([]);
    // The polygon's box and area are recomputed in pixels.
    expect(coco.annotations[0]!.bbox).toEqual([3651, 872, 112, 113]);
  });

  it('round-trips Datumaro person key points: polygon + named points, skeleton 1-based', () => {
    const first = parseCoco(fixtureJson('coco/datumaro_person_keypoints_val.json'));
    expect(first.skipped).toEqual([
      'annotations[1] (image "b.jpg"): crowd region (iscrowd = 1) imported as an ordinary mask',
      'annotations[1] (image "b.jpg"): 3 key points not imported: category "b" names no key points',
    ]);
    const shapes = first.images[0]!.shapes;
    expect(shapes.map((s) => `${s.kind}:${s.label}`)).toEqual(['polygon:a', 'keypoint:a_1', 'keypoint:a_2', 'keypoint:a_3', 'mask:b']);
    const config = imageConfig({ polygons: ['a', 'b'], points: ['a_1', 'a_2', 'a_3'], skeleton: [['a_1', 'a_2'], ['a_2', 'a_3']] });
    const { coco, report } = buildCoco(asTasks(first.images, config), config);
    expect(report.dropped).toEqual({});
    expect(coco.categories[0]).toEqual({ id: 1, name: 'a', supercategory: '', keypoints: ['a_1', 'a_2', 'a_3'], skeleton: [[1, 2], [2, 3]] });
    // The points lie on and just outside the polygon: all three belong to it.
    expect(coco.annotations).toHaveLength(1);
    const again = parseCoco(JSON.parse(JSON.stringify(coco)));
    expect(roundTripDifferences(first.images, again.images, config)).toEqual([]);
  });

  it('reports tasks without a known image size instead of guessing pixels', () => {
    const config = imageConfig({ boxes: ['a'] });
    const { report } = buildCoco([{ taskId: '7', url: 'https://x/a.jpg', data: { image: 'https://x/a.jpg' }, result: [{ id: '1', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 1, width: 2, height: 2, rectanglelabels: ['a'] } }] }], config);
    expect(report.unsized).toEqual(['7']);
  });

  it('counts rotated boxes and non-shape items it cannot write', () => {
    const config = imageConfig({ boxes: ['a'] });
    const { coco, report } = buildCoco(
      [
        {
          taskId: '1',
          url: 'https://x/a.jpg',
          data: { image: 'https://x/a.jpg', width: 100, height: 50 },
          result: [
            { id: '1', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 10, width: 20, height: 20, rotation: 30, rectanglelabels: ['a'] } },
            { id: '2', from_name: 'caption', to_name: 'image', type: 'textarea', value: { text: ['x'] } },
          ],
        },
      ],
      config,
    );
    expect(coco.annotations).toEqual([]);
    expect(report.dropped).toEqual({ 'rotated box (COCO boxes are axis-aligned)': 1, 'textarea item': 1 });
  });
});
