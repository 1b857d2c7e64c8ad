/** COCO RLE masks in and out: brushlabels results ↔ COCO `segmentation: {size, counts}`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCoco, parseCoco } from './coco.js';
import { shapesToResult, type FormatImage } from './shapes.js';
import { fixtureJson } from './round-trip-helpers.test.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import type { AnnotationResult } from '../annotation/result.types.js';
import { validateResult } from '../annotation/validate-result.js';

const SEGM = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'coco', 'cocoapi_instances_val2014_fakesegm100_results.json');

function brushConfig(labels: string[]): LabelConfig {
  return {
    version: 1,
    fields: [{ name: 'image', type: 'image' }],
    controls: [
      { type: 'polygonlabels', name: 'polygons', toName: 'image', labels: [{ value: 'a', color: '#ff0000' }] },
      { type: 'brushlabels', name: 'masks', toName: 'image', labels: labels.map((value) => ({ value, color: '#00ff00' })) },
    ],
  };
}

function stored(images: readonly FormatImage[], config: LabelConfig): { taskId: string; url: string; data: Record<string, unknown>; result: AnnotationResult }[] {
  return images.map((image, i) => {
    const { result, issues } = shapesToResult(image.shapes, config);
    expect(issues).toEqual([]);
    const data = { image: `https://img.example/${image.name}`, ...(image.size ?? {}) };
    // What the server would store passes validation (size matches the image).
    validateResult(config, data, result);
    return { taskId: String(i + 1), url: data.image, data, result };
  });
}

describe('COCO masks', () => {
  it('imports an uncompressed RLE into a brushlabels control and writes it back compressed', () => {
    const config = brushConfig(['b']);
    const first = parseCoco(fixtureJson('coco/datumaro_instances_val.json'));
    const tasks = stored(first.images, config);
    expect(tasks[0]!.result[1]).toMatchObject({ type: 'brushlabels', from_name: 'masks', value: { format: 'coco-rle', rle: { size: [10, 5], counts: [0, 20, 30] }, brushlabels: ['b'] } });
    const { coco, report } = buildCoco(tasks, config);
    expect(report.dropped).toEqual({});
    const mask = coco.annotations[1]!;
    // 20 pixels: the first two columns of a 10-high image.
    expect(mask).toMatchObject({ area: 20, bbox: [0, 0, 2, 10], iscrowd: 0, segmentation: { size: [10, 5], counts: '0d0n0' } });
    const again = stored(parseCoco(JSON.parse(JSON.stringify(coco))).images, config);
    expect(again[0]!.result[1]).toMatchObject({ value: { rle: { size: [10, 5], counts: '0d0n0' } } });
  });

  it('notes masks the project cannot hold, and stops on a mask label no brush control has', () => {
    const polygonsOnly: LabelConfig = { ...brushConfig([]), controls: [brushConfig([]).controls[0]!] };
    const { images } = parseCoco(fixtureJson('coco/datumaro_instances_val.json'));
    expect(shapesToResult(images[0]!.shapes, polygonsOnly).skipped).toEqual(['annotations[1] (image "b.jpg").segmentation: mask "b" left out (the project has no brushlabels control with this label)']);
    expect(shapesToResult(images[0]!.shapes, brushConfig(['c'])).issues[0]!.message).toMatch(/mask label "b" is not a label of any brushlabels control/);
  });

  it('refuses a mask whose size is not its image\'s', () => {
    const file = { images: [{ id: 1, file_name: 'a.jpg', width: 4, height: 4 }], categories: [{ id: 1, name: 'b' }], annotations: [{ id: 1, image_id: 1, category_id: 1, segmentation: { size: [2, 2], counts: [0, 4] } }] };
    expect(() => parseCoco(file)).toThrow(/is \[2, 2\] but the image is 4×4/);
    file.annotations[0]!.segmentation = { size: [4, 4], counts: [0, 4] };
    expect(() => parseCoco(file)).toThrow(/runs cover 4 pixels/);
  });

  it.skipIf(!existsSync(SEGM) && process.env.CI !== 'true')('round-trips pycocotools compressed RLE byte for byte', () => {
    const results = (JSON.parse(readFileSync(SEGM, 'utf8')) as { image_id: number; category_id: number; segmentation: { size: [number, number]; counts: string } }[]).slice(0, 40);
    const imageIds = [...new Set(results.map((r) => r.image_id))];
    const categoryIds = [...new Set(results.map((r) => r.category_id))];
    const file = {
      images: imageIds.map((id) => {
        const [height, width] = results.find((r) => r.image_id === id)!.segmentation.size;
        return { id, file_name: `${id}.jpg`, width, height };
      }),
      categories: categoryIds.map((id) => ({ id, name: `c${id}` })),
      annotations: results.map((r, i) => ({ id: i + 1, image_id: r.image_id, category_id: r.category_id, segmentation: r.segmentation })),
    };
    const config = brushConfig(categoryIds.map((id) => `c${id}`));
    const { coco } = buildCoco(stored(parseCoco(file).images, config), config);
    const written = coco.annotations.map((a) => (Array.isArray(a.segmentation) ? '' : a.segmentation.counts)).sort();
    expect(written).toEqual(results.map((r) => r.segmentation.counts).sort());
  });
});
