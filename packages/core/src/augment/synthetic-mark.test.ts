import { describe, expect, it } from 'vitest';
import { IMAGE_AUGMENT_GENERATOR, imageAugmentMark, isSyntheticMark, syntheticMark } from './synthetic-mark.js';

describe('syntheticMark', () => {
  it('records generator, parameters and source task, and copies the parameters', () => {
    const params = { transforms: [{ kind: 'noise', sigma: 4, seed: 9 }] };
    const mark = syntheticMark({ generator: ' image-augment@1 ', params, sourceTaskId: 't-1' });
    expect(mark).toEqual({ synthetic: true, generator: 'image-augment@1', params, sourceTaskId: 't-1' });
    params.transforms[0]!.sigma = 99;
    expect(mark.params).toEqual({ transforms: [{ kind: 'noise', sigma: 4, seed: 9 }] });
    expect(isSyntheticMark(mark)).toBe(true);
    expect(isSyntheticMark({ synthetic: false, generator: 'x', params: {} })).toBe(false);
  });

  it('defaults the source to null and refuses an unnamed generator', () => {
    expect(syntheticMark({ generator: 'g', params: {} }).sourceTaskId).toBeNull();
    expect(() => syntheticMark({ generator: '  ', params: {} })).toThrow('generator: name the generator');
  });

  it('marks an augmented image with its transform list', () => {
    expect(imageAugmentMark([{ kind: 'flip', axis: 'horizontal' }], 'task-7')).toEqual({
      synthetic: true,
      generator: IMAGE_AUGMENT_GENERATOR,
      params: { transforms: [{ kind: 'flip', axis: 'horizontal' }] },
      sourceTaskId: 'task-7',
    });
  });
});
