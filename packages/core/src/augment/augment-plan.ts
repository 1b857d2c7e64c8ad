/**
 * Augmentation steps as people ask for them, and the exact transforms they become for one image.
 *
 * A request names steps independent of any image size (crop a fraction of the picture, scale by a
 * factor, jitter colours); `resolveAugmentSteps` turns them into core's pixel `ImageTransform`s for a given
 * image, so the pixels (server) and the labels (`augmentResultChain`) are moved by the very same list, and
 * that list, seeds included, is what the synthetic mark records.
 */
import type { ImageSize } from '../formats/image-size.js';
import { ValidationError, type ValidationIssue } from '../validation/validation-error.js';
import { pixelMap, type ImageTransform } from './image-transform.js';

export type AugmentStep =
  | { kind: 'flip'; axis: 'horizontal' | 'vertical' }
  /** Clockwise, any angle; the canvas grows so nothing is cut. */
  | { kind: 'rotate'; degrees: number }
  /** A window given as fractions (0..1) of the current image: left, top, width, height. */
  | { kind: 'crop'; x: number; y: number; width: number; height: number }
  /** Both sides multiplied by `factor` (aspect kept), rounded to whole pixels. */
  | { kind: 'scale'; factor: number }
  /** Brightness and contrast factors (1 = unchanged), optionally to grayscale. */
  | { kind: 'colour'; brightness?: number; contrast?: number; grayscale?: boolean }
  /** Gaussian noise of standard deviation `sigma` (0..255); `seed` fixes it (default: derived from the run seed). */
  | { kind: 'noise'; sigma: number; seed?: number };

/** Checks steps before any image is read; each problem has its path (`variants[1][0].factor: …`). */
export function augmentStepProblems(steps: readonly AugmentStep[], at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  steps.forEach((step, i) => {
    const path = `${at}[${i}]`;
    const bad = (field: string, message: string) => issues.push({ path: `${path}.${field}`, message });
    switch (step.kind) {
      case 'crop':
        if (step.x + step.width > 1 + 1e-9) bad('width', `x + width must be at most 1 (the right edge), got ${step.x + step.width}`);
        if (step.y + step.height > 1 + 1e-9) bad('height', `y + height must be at most 1 (the bottom edge), got ${step.y + step.height}`);
        break;
      case 'colour':
        if (step.brightness === undefined && step.contrast === undefined && !step.grayscale) issues.push({ path, message: 'a colour step needs brightness, contrast or grayscale' });
        break;
      default:
        break;
    }
  });
  return issues;
}

/**
 * The pixel transforms `steps` make for an image of `size`. `seed` numbers the noise of steps that give
 * none (different per variant and task, reproducible from the mark). Throws a ValidationError when a
 * step leaves nothing (a crop narrower than one pixel).
 */
export function resolveAugmentSteps(steps: readonly AugmentStep[], size: ImageSize, seed: number): ImageTransform[] {
  const out: ImageTransform[] = [];
  let current = size;
  const push = (t: ImageTransform): void => {
    out.push(t);
    current = pixelMap(t, current)?.size ?? current;
  };
  steps.forEach((step, i) => {
    switch (step.kind) {
      case 'flip':
        push({ kind: 'flip', axis: step.axis });
        break;
      case 'rotate':
        push({ kind: 'rotate', degrees: step.degrees });
        break;
      case 'crop': {
        const x = Math.round(step.x * current.width);
        const y = Math.round(step.y * current.height);
        const width = Math.min(current.width - x, Math.round(step.width * current.width));
        const height = Math.min(current.height - y, Math.round(step.height * current.height));
        if (width < 1 || height < 1) throw new ValidationError([{ path: `steps[${i}]`, message: `the crop leaves no pixel of a ${current.width}x${current.height} image; make it larger` }]);
        push({ kind: 'crop', x, y, width, height });
        break;
      }
      case 'scale':
        push({ kind: 'resize', width: Math.max(1, Math.round(current.width * step.factor)), height: Math.max(1, Math.round(current.height * step.factor)) });
        break;
      case 'colour':
        if (step.brightness !== undefined && step.brightness !== 1) push({ kind: 'brightness', factor: step.brightness });
        if (step.contrast !== undefined && step.contrast !== 1) push({ kind: 'contrast', factor: step.contrast });
        if (step.grayscale) push({ kind: 'grayscale' });
        break;
      case 'noise':
        push({ kind: 'noise', sigma: step.sigma, seed: step.seed ?? (seed + i) >>> 0 });
        break;
    }
  });
  return out;
}
