import { describe, expect, it } from 'vitest';
import { annotationReducer, choicesOf, initialHistory, newResultId, resultFromJson, spansOn, type AnnotationAction, type AnnotationHistory } from './annotation-state.ts';

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
