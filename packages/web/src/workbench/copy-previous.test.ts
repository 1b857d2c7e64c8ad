import { describe, expect, it } from 'vitest';
import type { AnnotationResult, LabelConfig } from '@yungang/core';
import { copyableShapes } from './copy-previous.ts';

const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [
    { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'car', color: '#ff0000' }] },
    { type: 'brushlabels', name: 'masks', toName: 'image', labels: [{ value: 'road', color: '#00ff00' }] },
    { type: 'choices', name: 'weather', toName: 'image', choice: 'single', options: [{ value: 'sunny' }] },
  ],
};
const previous: AnnotationResult = [
  { id: 'b1', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 2, width: 3, height: 4, rectanglelabels: ['car'] } },
  { id: 'm1', from_name: 'masks', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: { size: [2, 3], counts: '15' }, brushlabels: ['road'] } },
  { id: 'c1', from_name: 'weather', to_name: 'image', type: 'choices', value: { choices: ['sunny'] } },
  { id: 'x', from_name: 'gone', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['car'] } },
];

describe('copyableShapes', () => {
  let n = 0;
  const newId = () => `n${++n}`;

  it('copies shapes of this config with new ids, not choices or unknown controls', () => {
    n = 0;
    const copied = copyableShapes(previous, [], config, { image: 'a.png', width: 3, height: 2 }, newId);
    expect(copied.map((c) => [c.id, c.type])).toEqual([['n1', 'rectanglelabels'], ['n2', 'brushlabels']]);
    expect(copied[0]).toMatchObject({ from_name: 'boxes', value: { x: 1, y: 2, width: 3, height: 4, rectanglelabels: ['car'] } });
  });

  it('leaves out a mask of another size, or of a label the current image already has', () => {
    expect(copyableShapes(previous, [], config, { image: 'a.png', width: 4, height: 2 }, newId).map((c) => c.type)).toEqual(['rectanglelabels']);
    expect(copyableShapes(previous, [previous[1]!], config, { image: 'a.png' }, newId).map((c) => c.type)).toEqual(['rectanglelabels']);
  });
});
