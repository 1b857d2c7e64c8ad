/** The reducer's polyline and brush-mask edits: one undo step each, items core accepts, wire round trip. */
import { describe, expect, it } from 'vitest';
import { annotationReducer, initialHistory, maskOf, resultFromJson, type AnnotationAction, type AnnotationHistory } from './annotation-state.ts';

const run = (actions: AnnotationAction[], start: AnnotationHistory = initialHistory()): AnnotationHistory => actions.reduce(annotationReducer, start);

describe('polylines', () => {
  it('adds an open path of two or more distinct points and reshapes it', () => {
    const add: AnnotationAction = { type: 'addPolyline', id: 'p1', fromName: 'lanes', toName: 'image', points: [{ x: 10, y: 50 }, { x: 90, y: 50 }], label: 'lane' };
    const state = run([add]);
    expect(state.present).toEqual([{ id: 'p1', from_name: 'lanes', to_name: 'image', type: 'polylinelabels', value: { points: [[10, 50], [90, 50]], polylinelabels: ['lane'] } }]);
    expect(run([{ ...add, points: [{ x: 1, y: 1 }, { x: 1, y: 1 }] }]).present).toEqual([]);
    const moved = run([{ type: 'setPoints', id: 'p1', points: [{ x: 10, y: 40 }, { x: 90, y: 50 }] }], state);
    expect(moved.present[0]).toMatchObject({ value: { points: [[10, 40], [90, 50]] } });
    expect(run([{ type: 'relabel', id: 'p1', label: 'edge' }], moved).present[0]).toMatchObject({ value: { polylinelabels: ['edge'] } });
    expect(run([{ type: 'undo' }], moved).present).toEqual(state.present);
  });
});

describe('brush masks', () => {
  it('keeps one mask per label, replaced per stroke, removed when emptied', () => {
    const set = (counts: string | null): AnnotationAction => ({ type: 'setMask', id: `m${String(counts)}`, fromName: 'masks', toName: 'image', label: 'road', rle: counts === null ? null : { size: [2, 3], counts }, imageSize: { width: 3, height: 2 } });
    const one = run([set('15')]);
    expect(one.present).toEqual([{ id: 'm15', from_name: 'masks', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: { size: [2, 3], counts: '15' }, brushlabels: ['road'] }, original_width: 3, original_height: 2 }]);
    const two = run([set('024')], one);
    expect(two.present).toHaveLength(1);
    expect(maskOf(two.present, 'masks', 'image', 'road')?.id).toBe('m15');
    expect(maskOf(two.present, 'masks', 'image', 'road')?.value.rle.counts).toBe('024');
    expect(two.past).toHaveLength(2);
    expect(run([set(null)], two).present).toEqual([]);
    // The image size is informative and not read back; the mask is.
    expect(resultFromJson(JSON.parse(JSON.stringify(two.present)) as unknown[])).toEqual([{ id: 'm15', from_name: 'masks', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: { size: [2, 3], counts: '024' }, brushlabels: ['road'] } }]);
  });
});

describe('z-order', () => {
  it('moves an item to the front (end of the result) or the back, one undo step, none when already there', () => {
    const add = (id: string): AnnotationAction => ({ type: 'addPolyline', id, fromName: 'lanes', toName: 'image', points: [{ x: 1, y: 1 }, { x: 2, y: 2 }], label: 'lane' });
    const state = run([add('a'), add('b'), add('c')]);
    const front = run([{ type: 'reorder', id: 'a', to: 'front' }], state);
    expect(front.present.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(run([{ type: 'reorder', id: 'c', to: 'back' }], front).present.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(run([{ type: 'reorder', id: 'a', to: 'front' }], front)).toBe(front);
    expect(run([{ type: 'undo' }], front).present.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('region attributes and turning', () => {
  const item = { id: 'b', from_name: 'box', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 10, width: 20, height: 20, rectanglelabels: ['car'], attributes: { colour: 'red', doors: 4, junk: true } } };

  it('reads attributes from the wire (strings and numbers only) and sets or clears them as one undo step per field', () => {
    const [read] = resultFromJson([item]);
    expect(read?.value).toMatchObject({ attributes: { colour: 'red', doors: 4 } });
    let h = initialHistory(resultFromJson([item]));
    h = annotationReducer(h, { type: 'setAttribute', id: 'b', name: 'plate', value: 'A1' });
    h = annotationReducer(h, { type: 'setAttribute', id: 'b', name: 'plate', value: 'A12' });
    expect(h.past).toHaveLength(1);
    h = annotationReducer(h, { type: 'setAttribute', id: 'b', name: 'colour', value: null });
    h = annotationReducer(h, { type: 'setAttribute', id: 'b', name: 'doors', value: '' });
    expect(h.present[0]?.value).toEqual({ x: 10, y: 10, width: 20, height: 20, rectanglelabels: ['car'], attributes: { plate: 'A12' } });
    h = annotationReducer(h, { type: 'setAttribute', id: 'b', name: 'plate', value: null });
    expect(h.present[0]?.value).not.toHaveProperty('attributes');
  });

  it('turns a box, dropping the rotation key at 0, and keeps attributes through moves and turns', () => {
    let h = initialHistory(resultFromJson([item]));
    h = annotationReducer(h, { type: 'rotateBox', id: 'b', box: { x: 30, y: 10, width: 20, height: 20 }, rotation: 90 });
    expect(h.present[0]?.value).toMatchObject({ x: 30, y: 10, rotation: 90, attributes: { colour: 'red' } });
    h = annotationReducer(h, { type: 'moveBox', id: 'b', box: { x: 31, y: 10, width: 20, height: 20 } });
    expect(h.present[0]?.value).toMatchObject({ x: 31, rotation: 90 });
    h = annotationReducer(h, { type: 'rotateBox', id: 'b', box: { x: 11, y: 10, width: 20, height: 20 }, rotation: 0 });
    expect(h.present[0]?.value).not.toHaveProperty('rotation');
  });

  it('relabels a mask unless its new label has a mask already', () => {
    const mask = (id: string, label: string) => ({ id, from_name: 'paint', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: { size: [2, 2], counts: [0, 4] }, brushlabels: [label] } });
    let h = initialHistory(resultFromJson([mask('m1', 'sky'), mask('m2', 'road')]));
    h = annotationReducer(h, { type: 'relabel', id: 'm1', label: 'road' });
    expect(h.past).toHaveLength(0);
    h = annotationReducer(h, { type: 'relabel', id: 'm1', label: 'tree' });
    expect(h.present[0]?.value).toMatchObject({ brushlabels: ['tree'] });
  });
});
