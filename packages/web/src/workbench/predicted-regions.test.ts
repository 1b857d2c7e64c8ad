import { describe, expect, it } from 'vitest';
import { annotationReducer, initialHistory, resultFromJson } from './annotation-state.ts';
import { predictedItems, untouchedPredictions } from './predicted-regions.ts';

const box = (id: string, x: number, score?: number) => ({ id, from_name: 'box', to_name: 'image', type: 'rectanglelabels', value: { x, y: 10, width: 20, height: 20, rectanglelabels: ['car'] }, ...(score === undefined ? {} : { score }) });

describe('predicted regions', () => {
  const prediction = { result: [box('a', 10, 0.91), box('b', 40)], score: 0.7 };
  const predicted = predictedItems(prediction);

  it('marks untouched items with their own score, else the prediction score', () => {
    const result = resultFromJson(prediction.result);
    expect([...untouchedPredictions(predicted, result, new Set())]).toEqual([
      ['a', 0.91],
      ['b', 0.7],
    ]);
  });

  it('forgets an item once it is accepted, edited or removed', () => {
    let history = initialHistory(resultFromJson(prediction.result));
    history = annotationReducer(history, { type: 'moveBox', id: 'b', box: { x: 50, y: 10, width: 20, height: 20 } });
    expect([...untouchedPredictions(predicted, history.present, new Set()).keys()]).toEqual(['a']);
    expect([...untouchedPredictions(predicted, history.present, new Set([history.present[0]!])).keys()]).toEqual([]);
    // Restoring the prediction brings new items: shown as predictions again even though "a" was accepted.
    expect([...untouchedPredictions(predicted, resultFromJson(prediction.result), new Set([history.present[0]!])).keys()]).toEqual(['a', 'b']);
    history = annotationReducer(history, { type: 'remove', id: 'a' });
    expect(untouchedPredictions(predicted, history.present, new Set()).size).toBe(0);
    // Undo brings the shape back as the prediction made it: dashed again.
    history = annotationReducer(history, { type: 'undo' });
    expect([...untouchedPredictions(predicted, history.present, new Set()).keys()]).toEqual(['a']);
  });

  it('has nothing to mark without a prediction', () => {
    expect(untouchedPredictions(predictedItems(null), resultFromJson([box('a', 1)]), new Set()).size).toBe(0);
  });
});
