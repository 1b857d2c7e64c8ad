/**
 * Results as Label Studio's own editor emits them (../shared/fixtures/label-studio, copied byte for byte
 * from the Label Studio frontend examples; see SOURCES.md there) pass `validateResult` against the
 * equivalent Yungang config, and keep their coordinates: results move between the two tools unchanged.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import type { LabelConfig } from '../label-config/label-config.types.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'label-studio');
const HAVE = existsSync(FIXTURES);
const labels = [
  { value: 'Hello', color: '#ff0000' },
  { value: 'World', color: '#0000ff' },
];
const read = (dir: string, file: string) => JSON.parse(readFileSync(join(FIXTURES, dir, file), 'utf8')) as { annotations: { result: { value: Record<string, unknown> }[] }[]; data: Record<string, unknown> };

describe.skipIf(!HAVE && process.env.CI !== 'true')('Label Studio editor results', () => {
  it('image-polygons/annotation_0.json: a PolygonLabels result', () => {
    const config: LabelConfig = { version: 1, fields: [{ name: 'img', type: 'image' }], controls: [{ type: 'polygonlabels', name: 'tag', toName: 'img', labels }] };
    const file = read('image-polygons', 'annotation_0.json');
    const raw = file.annotations[0]!.result;
    const out = validateResult(config, { img: file.data['image'] }, raw);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'polygonlabels', value: { points: raw[0]!.value['points'], polygonlabels: ['Hello'] } });
  });

  it('image-rectangles/annotation_1.json: RectangleLabels results', () => {
    const boxes = [
      { value: 'Planet', color: '#ff0000' },
      { value: 'Moonwalker', color: '#0000ff' },
    ];
    const config: LabelConfig = { version: 1, fields: [{ name: 'img', type: 'image' }], controls: [{ type: 'rectanglelabels', name: 'tag', toName: 'img', labels: boxes }] };
    const file = read('image-rectangles', 'annotation_1.json');
    const raw = file.annotations[0]!.result;
    const out = validateResult(config, { img: file.data['image'] }, raw);
    expect(out.length).toBe(raw.length);
    out.forEach((item, i) => expect(item).toMatchObject({ type: 'rectanglelabels', value: { x: raw[i]!.value['x'], width: raw[i]!.value['width'] } }));
  });

  it('image-keypoints/annotation_0.json: KeyPointLabels results', () => {
    const config: LabelConfig = { version: 1, fields: [{ name: 'img', type: 'image' }], controls: [{ type: 'keypointlabels', name: 'tag', toName: 'img', labels }] };
    const file = read('image-keypoints', 'annotation_0.json');
    const raw = file.annotations[0]!.result;
    const out = validateResult(config, { img: file.data['image'] }, raw);
    expect(out.length).toBe(raw.length);
    out.forEach((item, i) => expect(item).toMatchObject({ type: 'keypointlabels', value: { x: raw[i]!.value['x'], y: raw[i]!.value['y'] } }));
  });
});
