/**
 * Image transforms as data, and the pixel-space map each one applies to a point.
 *
 * Geometric transforms (flip, rotate, crop, resize) move label geometry; photometric ones (brightness,
 * contrast, noise, grayscale) change pixel values only and leave every label where it is. Coordinates
 * here are pixels of the image's natural size, x to the right and y downwards, as on screen; the labels'
 * percent values are converted by the caller.
 *
 * Rotation is clockwise on screen, about the image centre, and the canvas EXPANDS to the rotated image's
 * bounding box (rounded up to whole pixels, content centred), so no label is ever cut by a rotation: only
 * `crop` drops or clips regions. Multiples of 90° use exact sines so a quarter turn swaps width and height
 * with no rounding.
 */
import type { ImageSize } from '../formats/image-size.js';
import type { Point } from '../metrics/geometry/polygon.js';
import { ValidationError, type ValidationIssue } from '../validation/validation-error.js';

// An image's natural size in pixels: the same type the format converters use.
export type { ImageSize };

export type ImageTransform =
  | { kind: 'flip'; axis: 'horizontal' | 'vertical' }
  | { kind: 'rotate'; degrees: number }
  /** A pixel rectangle of the source image; x, y its top-left corner. */
  | { kind: 'crop'; x: number; y: number; width: number; height: number }
  /** The new size in pixels; percent coordinates of axis-aligned labels do not change. */
  | { kind: 'resize'; width: number; height: number }
  /** Multiplies pixel values (1 = unchanged). */
  | { kind: 'brightness'; factor: number }
  /** Scales pixel values about mid-grey (1 = unchanged). */
  | { kind: 'contrast'; factor: number }
  /** Adds Gaussian noise of standard deviation `sigma` (0..255 scale) from a seeded generator. */
  | { kind: 'noise'; sigma: number; seed: number }
  | { kind: 'grayscale' };

export type ImageTransformKind = ImageTransform['kind'];

/** Transforms that change pixel values only; labels pass through untouched. */
export const PHOTOMETRIC_KINDS: readonly ImageTransformKind[] = Object.freeze(['brightness', 'contrast', 'noise', 'grayscale']);

export function isPhotometric(t: ImageTransform): boolean {
  return PHOTOMETRIC_KINDS.includes(t.kind);
}

/**
 * What a geometric transform does to points: `map` sends a source pixel point to the output image,
 * `mirrors` is true when it reverses orientation (a flip), `size` is the output image size. Only a crop
 * can push geometry off the canvas; callers clip to `[0, size.width] x [0, size.height]`.
 */
export interface PixelMap {
  size: ImageSize;
  map: (p: Point) => Point;
  mirrors: boolean;
}

function positiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function finite(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Problems with `transform` for an image of `size`; empty when it can be applied. */
export function imageTransformProblems(transform: ImageTransform, size: ImageSize, at = 'transform'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const bad = (field: string, message: string): void => {
    issues.push({ path: `${at}.${field}`, message });
  };
  if (!positiveInteger(size.width) || !positiveInteger(size.height)) {
    issues.push({ path: 'size', message: `image size must be positive whole pixels, got ${size.width}x${size.height}` });
    return issues;
  }
  switch (transform.kind) {
    case 'flip':
      if (transform.axis !== 'horizontal' && transform.axis !== 'vertical') bad('axis', 'must be "horizontal" or "vertical"');
      break;
    case 'rotate':
      if (!finite(transform.degrees)) bad('degrees', 'must be a finite number of degrees, clockwise');
      break;
    case 'crop': {
      const { x, y, width, height } = transform;
      if (![x, y].every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0)) bad('x', 'x and y must be whole pixels >= 0');
      if (!positiveInteger(width) || !positiveInteger(height)) bad('width', 'width and height must be whole pixels > 0');
      else if (x + width > size.width || y + height > size.height) {
        bad('width', `the crop ${x},${y} ${width}x${height} must lie inside the ${size.width}x${size.height} image; shrink it or move it`);
      }
      break;
    }
    case 'resize':
      if (!positiveInteger(transform.width) || !positiveInteger(transform.height)) bad('width', 'width and height must be whole pixels > 0');
      break;
    case 'brightness':
    case 'contrast':
      if (!finite(transform.factor) || transform.factor < 0) bad('factor', 'must be a number >= 0 (1 leaves the image unchanged)');
      break;
    case 'noise':
      if (!finite(transform.sigma) || transform.sigma < 0) bad('sigma', 'must be a number >= 0 (0..255 scale)');
      if (!Number.isInteger(transform.seed)) bad('seed', 'must be a whole number so the noise can be reproduced');
      break;
    case 'grayscale':
      break;
    default:
      issues.push({ path: `${at}.kind`, message: `unknown transform; use one of flip, rotate, crop, resize, brightness, contrast, noise, grayscale` });
  }
  return issues;
}

/** Throws a ValidationError when `transform` cannot be applied to an image of `size`. */
export function assertImageTransform(transform: ImageTransform, size: ImageSize): void {
  const issues = imageTransformProblems(transform, size);
  if (issues.length > 0) throw new ValidationError(issues);
}

/** cos and sin of a clockwise angle, exact for multiples of 90°. */
export function exactCosSin(degrees: number): [number, number] {
  const d = ((degrees % 360) + 360) % 360;
  if (d === 0) return [1, 0];
  if (d === 90) return [0, 1];
  if (d === 180) return [-1, 0];
  if (d === 270) return [0, -1];
  const t = (d * Math.PI) / 180;
  return [Math.cos(t), Math.sin(t)];
}

/**
 * The output size of a rotation: the rotated image's bounding box, exact for quarter turns, otherwise
 * rounded up to whole pixels (a hair of tolerance keeps 2.0000000001 from becoming 3).
 */
export function rotatedSize(size: ImageSize, degrees: number): ImageSize {
  const [cos, sin] = exactCosSin(degrees);
  const w = Math.abs(size.width * cos) + Math.abs(size.height * sin);
  const h = Math.abs(size.width * sin) + Math.abs(size.height * cos);
  return { width: Math.ceil(w - 1e-9), height: Math.ceil(h - 1e-9) };
}

/** The pixel map of a geometric transform; null for a photometric one (nothing moves). */
export function pixelMap(transform: ImageTransform, size: ImageSize): PixelMap | null {
  const { width: W, height: H } = size;
  switch (transform.kind) {
    case 'flip':
      return transform.axis === 'horizontal'
        ? { size, map: ([x, y]) => [W - x, y], mirrors: true }
        : { size, map: ([x, y]) => [x, H - y], mirrors: true };
    case 'rotate': {
      const [cos, sin] = exactCosSin(transform.degrees);
      const out = rotatedSize(size, transform.degrees);
      const cx = W / 2;
      const cy = H / 2;
      const ox = out.width / 2;
      const oy = out.height / 2;
      return {
        size: out,
        map: ([x, y]) => {
          const dx = x - cx;
          const dy = y - cy;
          return [ox + dx * cos - dy * sin, oy + dx * sin + dy * cos];
        },
        mirrors: false,
      };
    }
    case 'crop': {
      const { x: cx, y: cy } = transform;
      return { size: { width: transform.width, height: transform.height }, map: ([x, y]) => [x - cx, y - cy], mirrors: false };
    }
    case 'resize': {
      const sx = transform.width / W;
      const sy = transform.height / H;
      return { size: { width: transform.width, height: transform.height }, map: ([x, y]) => [x * sx, y * sy], mirrors: false };
    }
    default:
      return null;
  }
}
