import { describe, expect, it } from 'vitest';
import { augmentVariants, linesOf } from './synthesis-form.ts';

describe('synthesis form', () => {
  it('turns ticked augmentations into one variant each, in a fixed order', () => {
    expect(augmentVariants(new Set(['noise', 'flipH', 'rotateAngle']), 15)).toEqual([[{ kind: 'flip', axis: 'horizontal' }], [{ kind: 'rotate', degrees: 15 }], [{ kind: 'noise', sigma: 8 }]]);
    expect(augmentVariants(new Set(['rotateAngle']), 0)).toEqual([]);
    expect(augmentVariants(new Set(['rotateAngle']), 999)).toEqual([[{ kind: 'rotate', degrees: 360 }]]);
  });

  it('reads one text per line', () => {
    expect(linesOf(' a \n\n b\n')).toEqual(['a', 'b']);
  });
});
