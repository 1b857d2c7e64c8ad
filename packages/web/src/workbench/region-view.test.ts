import { describe, expect, it } from 'vitest';
import type { AnnotationResult, LabelConfig } from '@yungang/core';
import { labelLookup } from './label-lookup.ts';
import { imageItemsOn, isRotated, regionsOn, regionViewCache } from './region-view.ts';

const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [
    { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'car', title: '车', color: '#ff0000' }] },
    { type: 'polygonlabels', name: 'areas', toName: 'image', labels: [{ value: 'road', color: '#00ff00' }] },
    { type: 'keypointlabels', name: 'pose', toName: 'image', labels: [{ value: 'nose', color: '#0000ff' }] },
  ],
};

const result: AnnotationResult = [
  { id: 'r', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 2, width: 3, height: 4, rotation: 30, rectanglelabels: ['car'] } },
  { id: 'p', from_name: 'areas', to_name: 'image', type: 'polygonlabels', value: { points: [[0, 0], [10, 0], [0, 10]], polygonlabels: ['road'] } },
  { id: 'k', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 5, y: 6, keypointlabels: ['nose'] } },
  { id: 'c', from_name: 'x', to_name: 'image', type: 'choices', value: { choices: ['a'] } },
];

describe('region views', () => {
  it('gives each shape its geometry, colour and title', () => {
    const views = regionsOn(result, 'image', regionViewCache(labelLookup(config)));
    expect(views).toEqual([
      { id: 'r', control: 'boxes', color: '#ff0000', label: '车', value: 'car', kind: 'rectangle', box: { x: 1, y: 2, width: 3, height: 4 }, rotation: 30 },
      { id: 'p', control: 'areas', color: '#00ff00', label: 'road', value: 'road', kind: 'polygon', points: [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 10 }] },
      { id: 'k', control: 'pose', color: '#0000ff', label: 'nose', value: 'nose', kind: 'keypoint', point: { x: 5, y: 6 } },
    ]);
    expect(views.map(isRotated)).toEqual([true, false, false]);
    expect(imageItemsOn(result, 'other')).toEqual([]);
  });

  it('keeps the view of an unchanged item, so memoised shapes skip it', () => {
    const viewOf = regionViewCache(labelLookup(config));
    const first = regionsOn(result, 'image', viewOf);
    const moved: AnnotationResult = result.map((r) => (r.id === 'k' && r.type === 'keypointlabels' ? { ...r, value: { ...r.value, x: 7 } } : r));
    const second = regionsOn(moved, 'image', viewOf);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(second[2]).not.toBe(first[2]);
  });
});
