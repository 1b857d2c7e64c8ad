import { describe, expect, it } from 'vitest';
import { imageCaptionTemplate } from '@yungang/core';
import { labelLookup, UNKNOWN_LABEL_COLOR } from './label-lookup.ts';

describe('labelLookup', () => {
  it('finds colours and titles of span and box labels by control', () => {
    const { colorOf, titleOf } = labelLookup(imageCaptionTemplate);
    expect(colorOf('objects', 'statue')).toBe('#8e24aa');
    expect(titleOf('objects', 'person')).toBe('人物');
    expect(colorOf('entities', 'vehicle')).toBe('#1e88e5');
  });

  it('falls back to grey and the raw value for unknown labels', () => {
    const { colorOf, titleOf } = labelLookup(imageCaptionTemplate);
    expect(colorOf('objects', 'tree')).toBe(UNKNOWN_LABEL_COLOR);
    expect(titleOf('nope', 'tree')).toBe('tree');
  });
});
