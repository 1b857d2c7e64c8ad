import { describe, expect, it } from 'vitest';
import type { AnnotationResult } from '@yungang/core';
import { moveInRanking, placeInRanking, rankingIn, setPairwise, setRanking, setResponseEdit, setResponseRating, toggleTurnChoice } from './dialogue-edit.ts';

const base = { id: 'new', fromName: 'c', toName: 'chat' };

describe('dialogue edits', () => {
  it('moves candidates in a ranking, clamped to its ends', () => {
    expect(rankingIn([], 'c', 3)).toEqual([0, 1, 2]);
    expect(moveInRanking([0, 1, 2], 2, -1)).toEqual([0, 2, 1]);
    expect(moveInRanking([0, 2, 1], 2, -5)).toEqual([2, 0, 1]);
    expect(moveInRanking([2, 0, 1], 2, 10)).toEqual([0, 1, 2]);
    expect(placeInRanking([0, 1, 2], 0, 2)).toEqual([1, 2, 0]);
    const ranked = setRanking([], { ...base, ranking: [1, 0, 2] });
    expect(rankingIn(ranked, 'c', 3)).toEqual([1, 0, 2]);
    // The item keeps its id across edits.
    expect(setRanking(ranked, { ...base, id: 'other', ranking: [0, 1, 2] })[0]!.id).toBe('new');
  });

  it('sets, keeps the reason of, and clears a pairwise choice', () => {
    let r: AnnotationResult = setPairwise([], { ...base, selected: 'left' });
    r = setPairwise(r, { ...base, reason: '更准确' });
    expect(r[0]!.value).toEqual({ selected: 'left', reason: '更准确' });
    r = setPairwise(r, { ...base, selected: 'tie' });
    expect(r[0]!.value).toEqual({ selected: 'tie', reason: '更准确' });
    expect(setPairwise(r, { ...base, selected: 'tie' })).toEqual([]);
  });

  it('rates candidates one by one, toggles turn labels and keeps or drops the gold edit', () => {
    let r = setResponseRating([], { ...base, count: 3, response: 1, rating: 4 });
    r = setResponseRating(r, { ...base, count: 3, response: 0, rating: 2 });
    expect(r[0]!.value).toEqual({ ratings: [2, 4, 0] });
    let t = toggleTurnChoice([], { ...base, turn: 1, value: 'A.1.a', mode: 'multiple' });
    t = toggleTurnChoice(t, { ...base, turn: 1, value: 'A.2.b', mode: 'multiple' });
    expect(t[0]!.value).toEqual({ turn: 1, choices: ['A.1.a', 'A.2.b'] });
    expect(toggleTurnChoice(toggleTurnChoice(t, { ...base, turn: 1, value: 'A.1.a', mode: 'multiple' }), { ...base, turn: 1, value: 'A.2.b', mode: 'multiple' })).toEqual([]);
    const e = setResponseEdit([], { ...base, response: 2, text: '改正', original: '原文' });
    expect(e[0]!.value).toMatchObject({ response: 2, text: '改正', original: '原文' });
    expect(e[0]!.type === 'responseedit' && e[0]!.value.patch).toContain('+改正');
    expect(setResponseEdit(e, { ...base, response: 2, text: '原文', original: '原文' })).toEqual([]);
  });
});
