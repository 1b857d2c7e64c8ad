import { describe, expect, it } from 'vitest';
import { chineseNerTemplate, type LabelConfig } from '@yungang/core';
import { ratingKeys } from './rating-keys.ts';

const rating = { type: 'rating', name: 'q', toName: 'text', maxRating: 5 } as const;

describe('ratingKeys', () => {
  it('gives the digits 1..maxRating to the only rating control', () => {
    const config: LabelConfig = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [rating] };
    expect([...(ratingKeys(config)?.digits ?? [])]).toEqual(['1', '2', '3', '4', '5']);
  });

  it('leaves digits that labels use to the labels, and stays off with two ratings or hotkeys: false', () => {
    const withNer: LabelConfig = { ...structuredClone(chineseNerTemplate), controls: [...structuredClone(chineseNerTemplate.controls), rating] };
    expect([...(ratingKeys(withNer)?.digits ?? [])]).toEqual(['4', '5']);
    const two: LabelConfig = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [rating, { ...rating, name: 'r' }] };
    expect(ratingKeys(two)).toBeNull();
    expect(ratingKeys({ version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ ...rating, hotkeys: false }] })).toBeNull();
  });
});
