import { describe, expect, it } from 'vitest';
import { annotationReducer, boxesOn, choicesOf, initialHistory, newResultId, resultFromJson, spansOn, textOf, type AnnotationAction, type AnnotationHistory } from './annotation-state.ts';

const span = (id: string, start: number, end: number, label: string): AnnotationAction => ({ type: 'addSpan', id, fromName: 'ner', toName: 'text', start, end, text: 'x'.repeat(end - start), label });
const run = (actions: AnnotationAction[], from: AnnotationHistory = initialHistory()) => actions.reduce(annotationReducer, from);

describe('annotationReducer', () => {
  it('adds spans in Label Studio shape and ignores empty or duplicate ones', () => {
    const s = run([span('a', 0, 2, 'PER'), span('b', 3, 3, 'LOC'), span('c', 0, 2, 'PER')]);
    expect(s.present).toEqual([{ id: 'a', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: 'xx', labels: ['PER'] } }]);
    expect(s.past).toHaveLength(1);
  });

  it('undoes and redoes whole results; a new edit clears redo', () => {
    let s = run([span('a', 0, 2, 'PER'), span('b', 3, 5, 'LOC'), { type: 'remove', id: 'a' }]);
    expect(s.present.map((r) => r.id)).toEqual(['b']);
    s = run([{ type: 'undo' }, { type: 'undo' }], s);
    expect(s.present.map((r) => r.id)).toEqual(['a']);
    s = annotationReducer(s, { type: 'redo' });
    expect(s.present.map((r) => r.id)).toEqual(['a', 'b']);
    s = annotationReducer(s, span('c', 6, 7, 'ORG'));
    expect(s.future).toEqual([]);
    expect(annotationReducer(s, { type: 'redo' })).toBe(s);
    expect(annotationReducer(initialHistory(), { type: 'undo' })).toEqual(initialHistory());
  });

  it('toggles single and multiple choices, removing the item when nothing is chosen', () => {
    const toggle = (value: string, mode: 'single' | 'multiple'): AnnotationAction => ({ type: 'toggleChoice', id: 'ch', fromName: 'sentiment', toName: 'text', value, mode });
    let s = run([toggle('positive', 'single'), toggle('negative', 'single')]);
    expect(choicesOf(s.present, 'sentiment')).toEqual(['negative']);
    expect(s.present).toHaveLength(1);
    s = annotationReducer(s, toggle('negative', 'single'));
    expect(s.present).toEqual([]);
    s = run([toggle('a', 'multiple'), toggle('b', 'multiple'), toggle('a', 'multiple')]);
    expect(choicesOf(s.present, 'sentiment')).toEqual(['b']);
  });

  it('resets to a loaded result with empty history', () => {
    const s = run([span('a', 0, 2, 'PER'), { type: 'reset', result: [] }]);
    expect(s).toEqual(initialHistory());
  });

  it('leaves state untouched when removing an unknown id', () => {
    const s = run([span('a', 0, 2, 'PER')]);
    expect(annotationReducer(s, { type: 'remove', id: 'zzz' })).toBe(s);
  });
});

describe('helpers', () => {
  it('lists spans of one field in text order, outer first', () => {
    const s = run([span('inner', 2, 4, 'LOC'), span('outer', 0, 6, 'ORG'), span('first', 0, 1, 'PER')]);
    expect(spansOn(s.present, 'text').map((x) => x.id)).toEqual(['outer', 'first', 'inner']);
    expect(spansOn(s.present, 'other')).toEqual([]);
  });

  it('reads wire results, dropping unknown items', () => {
    const result = resultFromJson([
      { id: 'a', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '李明', labels: ['PER'] } },
      { id: 'b', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive', 3] } },
      { id: 'c', from_name: 'box', to_name: 'image', type: 'rectanglelabels', value: { x: 1 } },
      'garbage',
    ]);
    expect(result.map((r) => r.id)).toEqual(['a', 'b']);
    expect(choicesOf(result, 'sentiment')).toEqual(['positive']);
  });

  it('makes short random ids', () => {
    expect(newResultId(() => new Uint8Array(10))).toBe('AAAAAAAAAA');
    expect(newResultId()).toMatch(/^[A-Za-z0-9]{10}$/);
  });
});

describe('boxes', () => {
  const add = (id: string, label = 'person'): AnnotationAction => ({ type: 'addBox', id, fromName: 'objects', toName: 'image', box: { x: 10, y: 20, width: 30, height: 40 }, label, imageSize: { width: 640, height: 400 } });

  it('adds boxes in Label Studio shape, in percent, and ignores empty ones', () => {
    const s = run([add('a'), { type: 'addBox', id: 'b', fromName: 'objects', toName: 'image', box: { x: 1, y: 1, width: 0, height: 5 }, label: 'person' }]);
    expect(s.present).toEqual([
      { id: 'a', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 20, width: 30, height: 40, rectanglelabels: ['person'] }, original_width: 640, original_height: 400 },
    ]);
    expect(s.past).toHaveLength(1);
    expect(boxesOn(s.present, 'image').map((b) => b.id)).toEqual(['a']);
    expect(boxesOn(s.present, 'other')).toEqual([]);
  });

  it('moves and resizes a box as one undo step, and ignores no-op moves', () => {
    let s = run([add('a'), { type: 'moveBox', id: 'a', box: { x: 50, y: 50, width: 10, height: 10 } }]);
    expect(s.present[0]).toMatchObject({ value: { x: 50, y: 50, width: 10, height: 10, rectanglelabels: ['person'] } });
    expect(s.past).toHaveLength(2);
    expect(annotationReducer(s, { type: 'moveBox', id: 'a', box: { x: 50, y: 50, width: 10, height: 10 } })).toBe(s);
    expect(annotationReducer(s, { type: 'moveBox', id: 'missing', box: { x: 1, y: 1, width: 1, height: 1 } })).toBe(s);
    s = annotationReducer(s, { type: 'undo' });
    expect(s.present[0]).toMatchObject({ value: { x: 10, y: 20 } });
  });

  it('relabels boxes and spans, keeping their place', () => {
    let s = run([add('a'), span('s', 0, 2, 'PER'), { type: 'relabel', id: 'a', label: 'vehicle' }, { type: 'relabel', id: 's', label: 'LOC' }]);
    expect(s.present[0]).toMatchObject({ id: 'a', value: { rectanglelabels: ['vehicle'], x: 10 } });
    expect(s.present[1]).toMatchObject({ id: 's', value: { labels: ['LOC'], start: 0 } });
    const before = s;
    s = annotationReducer(s, { type: 'relabel', id: 'a', label: 'vehicle' });
    expect(s).toBe(before);
  });
});

describe('text areas', () => {
  const type = (text: string, fromName = 'transcript'): AnnotationAction => ({ type: 'setText', id: `id-${fromName}`, fromName, toName: 'image', text });

  it('keeps one item per control and removes it when emptied', () => {
    let s = run([type('云'), type('云冈'), type('云冈石窟')]);
    expect(s.present).toEqual([{ id: 'id-transcript', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['云冈石窟'] } }]);
    expect(textOf(s.present, 'transcript')).toBe('云冈石窟');
    s = annotationReducer(s, type(''));
    expect(s.present).toEqual([]);
    expect(textOf(s.present, 'transcript')).toBe('');
  });

  it('makes a run of typing one undo step, and a new step after any other edit', () => {
    let s = run([type('a'), type('ab'), type('abc')]);
    expect(s.past).toHaveLength(1);
    s = run([span('x', 0, 1, 'PER'), type('abcd'), type('abcde')], s);
    expect(s.past).toHaveLength(3);
    s = annotationReducer(s, { type: 'undo' });
    expect(textOf(s.present, 'transcript')).toBe('abc');
    // After an undo, typing starts a new step again.
    s = run([type('abcX'), type('abcXY')], s);
    expect(s.past).toHaveLength(3);
    s = annotationReducer(s, type('other', 'notes'));
    expect(s.past).toHaveLength(4);
  });

  it('reads several stored strings as lines', () => {
    expect(textOf([{ id: 't', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['第一行', '第二行'] } }], 'transcript')).toBe('第一行\n第二行');
  });
});

describe('resultFromJson for image results', () => {
  it('reads boxes and texts, dropping malformed ones and a zero rotation', () => {
    const items = resultFromJson([
      { id: 'a', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 2, width: 3, height: 4, rotation: 0, rectanglelabels: ['person', 7] } },
      { id: 'b', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 2, width: 3, height: 4, rotation: 15, rectanglelabels: ['car'] } },
      { id: 'c', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 'left', y: 2, width: 3, height: 4, rectanglelabels: [] } },
      { id: 'd', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['云冈', null] } },
    ]);
    expect(items).toEqual([
      { id: 'a', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 2, width: 3, height: 4, rectanglelabels: ['person'] } },
      { id: 'b', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 2, width: 3, height: 4, rotation: 15, rectanglelabels: ['car'] } },
      { id: 'd', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['云冈'] } },
    ]);
  });
});

describe('polygons and keypoints', () => {
  const square = [
    { x: 10, y: 10 },
    { x: 30, y: 10 },
    { x: 30, y: 30 },
    { x: 10, y: 30 },
  ];
  const polygon: AnnotationAction = { type: 'addPolygon', id: 'p', fromName: 'areas', toName: 'image', points: square, label: 'road', imageSize: { width: 640, height: 400 } };
  const keypoint: AnnotationAction = { type: 'addKeypoint', id: 'k', fromName: 'pose', toName: 'image', point: { x: 40, y: 50 }, label: 'nose' };

  it('adds polygons and keypoints in Label Studio shape, refusing polygons core would reject', () => {
    const s = run([polygon, keypoint, { type: 'addPolygon', id: 'line', fromName: 'areas', toName: 'image', points: square.slice(0, 2), label: 'road' }]);
    expect(s.present).toEqual([
      { id: 'p', from_name: 'areas', to_name: 'image', type: 'polygonlabels', value: { points: [[10, 10], [30, 10], [30, 30], [10, 30]], polygonlabels: ['road'] }, original_width: 640, original_height: 400 },
      { id: 'k', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 40, y: 50, keypointlabels: ['nose'] } },
    ]);
    expect(s.past).toHaveLength(2);
  });

  it('reshapes, moves and relabels them as undo steps, ignoring no-ops', () => {
    let s = run([polygon, keypoint, { type: 'setPoints', id: 'p', points: [{ x: 0, y: 0 }, ...square.slice(1)] }, { type: 'moveKeypoint', id: 'k', point: { x: 41, y: 52 } }]);
    expect(s.present[0]).toMatchObject({ value: { points: [[0, 0], [30, 10], [30, 30], [10, 30]] } });
    expect(s.present[1]).toMatchObject({ value: { x: 41, y: 52 } });
    expect(s.past).toHaveLength(4);
    expect(annotationReducer(s, { type: 'moveKeypoint', id: 'k', point: { x: 41, y: 52 } })).toBe(s);
    expect(annotationReducer(s, { type: 'setPoints', id: 'p', points: [{ x: 0, y: 0 }, ...square.slice(1)] })).toBe(s);
    // A reshape into a line would be refused by core, so it is not taken.
    expect(annotationReducer(s, { type: 'setPoints', id: 'p', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }] })).toBe(s);
    expect(annotationReducer(s, { type: 'setPoints', id: 'k', points: square })).toBe(s);
    s = run([{ type: 'relabel', id: 'p', label: 'river' }, { type: 'relabel', id: 'k', label: 'eye' }], s);
    expect(s.present[0]).toMatchObject({ value: { polygonlabels: ['river'] } });
    expect(s.present[1]).toMatchObject({ value: { keypointlabels: ['eye'], x: 41 } });
    s = run([{ type: 'undo' }, { type: 'undo' }, { type: 'undo' }], s);
    expect(s.present[1]).toMatchObject({ value: { x: 40, y: 50, keypointlabels: ['nose'] } });
    s = run([{ type: 'remove', id: 'p' }, { type: 'undo' }, { type: 'redo' }], s);
    expect(s.present.map((r) => r.id)).toEqual(['k']);
  });

  it('reads them back from JSON, keeping a keypoint marker width and dropping malformed points', () => {
    const items = resultFromJson([
      { id: 'p', from_name: 'areas', to_name: 'image', type: 'polygonlabels', value: { points: [[1, 2], [3, 'x'], [5, 6], [7, 8]], polygonlabels: ['road'] } },
      { id: 'k', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 49.6, y: 52.3, width: 0.67, keypointlabels: ['Hello'] } },
      { id: 'bad', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 'a', y: 1, keypointlabels: [] } },
    ]);
    expect(items).toEqual([
      { id: 'p', from_name: 'areas', to_name: 'image', type: 'polygonlabels', value: { points: [[1, 2], [5, 6], [7, 8]], polygonlabels: ['road'] } },
      { id: 'k', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 49.6, y: 52.3, width: 0.67, keypointlabels: ['Hello'] } },
    ]);
  });
});

describe('audio segments in the history', () => {
  it('reads segments (no text) apart from spans and keeps per-region bounds', () => {
    const result = resultFromJson([
      { id: 's1', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 0.5, end: 2.25, labels: ['speech'] } },
      { id: 's1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { start: 0.5, end: 2.25, text: ['你好'] } },
      { id: 's1', from_name: 'speaker', to_name: 'audio', type: 'choices', value: { start: 0.5, end: 2.25, choices: ['A'] } },
      { id: 'e1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '李明', labels: ['PER'] } },
    ]);
    expect(result.map((r) => r.value)).toEqual([
      { start: 0.5, end: 2.25, labels: ['speech'] },
      { text: ['你好'], start: 0.5, end: 2.25 },
      { choices: ['A'], start: 0.5, end: 2.25 },
      { start: 0, end: 2, text: '李明', labels: ['PER'] },
    ]);
  });

  it('commits an edit as one undo step, and a typing streak as one', () => {
    const one = [{ id: 's1', from_name: 'segments', to_name: 'audio', type: 'labels' as const, value: { start: 0, end: 1, labels: ['speech'] } }];
    let s = annotationReducer(initialHistory(), { type: 'edit', result: one });
    s = annotationReducer(s, { type: 'edit', result: [...one], streak: 'segment-text\u0000s1' });
    s = annotationReducer(s, { type: 'edit', result: [...one], streak: 'segment-text\u0000s1' });
    expect(s.past).toHaveLength(2);
    expect(annotationReducer(annotationReducer(s, { type: 'undo' }), { type: 'undo' }).present).toEqual([]);
  });
});
