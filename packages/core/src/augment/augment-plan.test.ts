import { describe, expect, it } from 'vitest';
import { ValidationError } from '../validation/validation-error.js';
import { augmentStepProblems, resolveAugmentSteps } from './augment-plan.js';

describe('augmentation steps', () => {
  it('become exact pixel transforms for one image, sizes followed through the chain', () => {
    expect(
      resolveAugmentSteps(
        [
          { kind: 'rotate', degrees: 90 },
          { kind: 'crop', x: 0.25, y: 0.1, width: 0.5, height: 0.8 },
          { kind: 'scale', factor: 0.5 },
          { kind: 'colour', brightness: 1.2, contrast: 1, grayscale: true },
          { kind: 'noise', sigma: 5 },
          { kind: 'noise', sigma: 5, seed: 9 },
        ],
        { width: 200, height: 100 },
        1000,
      ),
    ).toEqual([
      { kind: 'rotate', degrees: 90 },
      // After the quarter turn the image is 100 x 200.
      { kind: 'crop', x: 25, y: 20, width: 50, height: 160 },
      { kind: 'resize', width: 25, height: 80 },
      { kind: 'brightness', factor: 1.2 },
      { kind: 'grayscale' },
      { kind: 'noise', sigma: 5, seed: 1004 },
      { kind: 'noise', sigma: 5, seed: 9 },
    ]);
  });

  it('refuses a crop that leaves no pixel, and a crop or colour step that makes no sense, with paths', () => {
    expect(() => resolveAugmentSteps([{ kind: 'crop', x: 0, y: 0, width: 0.001, height: 1 }], { width: 100, height: 100 }, 0)).toThrow(ValidationError);
    expect(augmentStepProblems([{ kind: 'crop', x: 0.5, y: 0.5, width: 0.6, height: 0.4 }, { kind: 'colour' }], 'variants[2]')).toEqual([
      { path: 'variants[2][0].width', message: 'x + width must be at most 1 (the right edge), got 1.1' },
      { path: 'variants[2][1]', message: 'a colour step needs brightness, contrast or grayscale' },
    ]);
  });
});
