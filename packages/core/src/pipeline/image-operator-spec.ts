/**
 * Image operators of a preprocessing pipeline (docs/pipelines.md, "Image operators"): their spec types,
 * option checks, and the pure decisions they make from measures the server computes (size, pHash,
 * sharpness, exposure). Decoding and re-encoding pixels is I/O and lives on the server; everything that
 * decides what happens to an image lives here so it is tested without sharp.
 *
 * An image operator reads the task-data field holding an image URL (`field`, default: the project's first
 * image field). The server runs the image operators of a spec first, in their order, then the text ones.
 */
import type { ImageSize } from '../formats/image-size.js';
import { hammingDistance, NEAR_DUPLICATE_DISTANCE } from '../image-metrics/perceptual-hash.js';
import type { ExposureScore } from '../image-metrics/exposure.js';
import type { ValidationIssue } from '../validation/validation-error.js';
import type { DropReason } from './operator.js';

interface ImageOperatorBase {
  /** The task-data field holding the image URL; default the project's first image field. */
  field?: string;
}
/** Decodes the whole image; a file that does not decode is dropped with the decoder's reason. */
export interface ImageValidateOperatorSpec extends ImageOperatorBase {
  op: 'image-validate';
}
/** Applies the EXIF orientation to the pixels (the output is upright, orientation tag 1). */
export interface ImageOrientOperatorSpec extends ImageOperatorBase {
  op: 'image-orient';
}
/** Removes EXIF, XMP and IPTC (GPS position, camera serial, …); the colour profile stays. Turns the image upright first. */
export interface ImageStripMetadataOperatorSpec extends ImageOperatorBase {
  op: 'image-strip-metadata';
}
/** Shrinks images whose longer side exceeds `maxSide` to fit inside it, keeping the aspect ratio; never enlarges. */
export interface ImageResizeOperatorSpec extends ImageOperatorBase {
  op: 'image-resize';
  maxSide: number;
}
/** Drops an image whose pHash is within `maxDistance` bits of an image kept earlier in the run. */
export interface ImageNearDedupOperatorSpec extends ImageOperatorBase {
  op: 'image-near-dedup';
  /** Hamming distance between 64-bit pHashes at or below which two images are near duplicates (default 10). */
  maxDistance?: number;
}
/** Drops images whose sharpness (variance of the Laplacian on the grayscale image) is below `minSharpness`. */
export interface BlurFilterOperatorSpec extends ImageOperatorBase {
  op: 'blur-filter';
  minSharpness: number;
}
/** Drops images whose mean brightness (0..1) is outside `min`..`max`, or whose clipped share (black or white) exceeds `maxClipped`. */
export interface ExposureFilterOperatorSpec extends ImageOperatorBase {
  op: 'exposure-filter';
  min?: number;
  max?: number;
  maxClipped?: number;
}

/**
 * De-identification: finds faces with a detector that ships inside an npm package (server side) and blurs
 * or pixelates each one, or drops images that show any face (`action: drop`).
 */
export interface FaceBlurOperatorSpec extends ImageOperatorBase {
  op: 'face-blur';
  /** Detector confidence (0..1) at or above which a face counts (default 0.5). */
  minScore?: number;
  /** Margin added around each face box, as a share of its size on each side (default 0.25: hair and ears too). */
  padding?: number;
  /** blur (Gaussian, strength from the face size), pixelate (8 × 8 blocks), or drop the image (default blur). */
  action?: 'blur' | 'pixelate' | 'drop';
}

export type ImageOperatorSpec =
  | FaceBlurOperatorSpec
  | ImageValidateOperatorSpec
  | ImageOrientOperatorSpec
  | ImageStripMetadataOperatorSpec
  | ImageResizeOperatorSpec
  | ImageNearDedupOperatorSpec
  | BlurFilterOperatorSpec
  | ExposureFilterOperatorSpec;
export type ImageOperatorName = ImageOperatorSpec['op'];

type Check = (value: unknown, path: string, issues: ValidationIssue[]) => void;

function range(min: number, max: number, integer: boolean): Check {
  return (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      issues.push({ path, message: `must be ${integer ? 'a whole number' : 'a number'} between ${min} and ${max}, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}` });
    }
  };
}

function oneOf(values: readonly string[]): Check {
  return (v, path, issues) => {
    if (typeof v !== 'string' || !values.includes(v)) issues.push({ path, message: `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}` });
  };
}

/** Options of each image operator (besides `op` and `field`) with their checks, in the shape pipeline-spec uses. */
export const IMAGE_OPERATORS: Record<ImageOperatorName, { options: Record<string, Check>; required?: string[] }> = {
  'image-validate': { options: {} },
  'image-orient': { options: {} },
  'image-strip-metadata': { options: {} },
  'image-resize': { options: { maxSide: range(16, 65_536, true) }, required: ['maxSide'] },
  'image-near-dedup': { options: { maxDistance: range(0, 64, true) } },
  'blur-filter': { options: { minSharpness: range(0, 1_000_000, false) }, required: ['minSharpness'] },
  'exposure-filter': { options: { min: range(0, 1, false), max: range(0, 1, false), maxClipped: range(0, 1, false) } },
  'face-blur': { options: { minScore: range(0.05, 1, false), padding: range(0, 2, false), action: oneOf(['blur', 'pixelate', 'drop']) } },
};

export const IMAGE_OPERATOR_NAMES = Object.keys(IMAGE_OPERATORS) as ImageOperatorName[];

/** True for an operator the server runs on an image field rather than core on a text field. */
export function isImageOperator(spec: { op: string }): spec is ImageOperatorSpec {
  return (IMAGE_OPERATOR_NAMES as readonly string[]).includes(spec.op);
}

/** Cross-option checks (bounds in the right order, something to filter on). */
export function imageOperatorProblems(record: Record<string, unknown>, path: string): ValidationIssue[] {
  if (record.op === 'exposure-filter' && record.min === undefined && record.max === undefined && record.maxClipped === undefined) {
    return [{ path, message: 'exposure-filter needs `min` and/or `max` (mean brightness 0..1) or `maxClipped` (share of black or white pixels 0..1)' }];
  }
  return [];
}

/** The size an `image-resize` makes of an image of `size`; null when it already fits (never enlarges). */
export function planImageResize(spec: Pick<ImageResizeOperatorSpec, 'maxSide'>, size: ImageSize): ImageSize | null {
  const longer = Math.max(size.width, size.height);
  if (longer <= spec.maxSide) return null;
  const scale = spec.maxSide / longer;
  // The longer side lands exactly on maxSide; the other is rounded, at least one pixel.
  return size.width >= size.height
    ? { width: spec.maxSide, height: Math.max(1, Math.round(size.height * scale)) }
    : { width: Math.max(1, Math.round(size.width * scale)), height: spec.maxSide };
}

/** Why `blur-filter` drops an image of this sharpness, or null to keep it. */
export function blurVerdict(spec: Pick<BlurFilterOperatorSpec, 'minSharpness'>, sharpness: number): DropReason | null {
  return sharpness < spec.minSharpness ? { reason: `blurred: sharpness ${sharpness.toFixed(1)} is below ${spec.minSharpness}` } : null;
}

/** Why `exposure-filter` drops an image with this exposure, or null to keep it. */
export function exposureVerdict(spec: Omit<ExposureFilterOperatorSpec, 'op' | 'field'>, exposure: ExposureScore): DropReason | null {
  const mean = exposure.mean;
  if (spec.min !== undefined && mean < spec.min) return { reason: `too dark: mean brightness ${mean.toFixed(3)} is below ${spec.min}` };
  if (spec.max !== undefined && mean > spec.max) return { reason: `too bright: mean brightness ${mean.toFixed(3)} is above ${spec.max}` };
  const clipped = Math.max(exposure.darkShare, exposure.brightShare);
  if (spec.maxClipped !== undefined && clipped > spec.maxClipped) {
    const which = exposure.darkShare >= exposure.brightShare ? 'black' : 'white';
    return { reason: `clipped: ${(clipped * 100).toFixed(1)} % of the pixels are ${which}, above ${(spec.maxClipped * 100).toFixed(1)} %` };
  }
  return null;
}

/**
 * Near-duplicate index over 64-bit perceptual hashes: the first image of a group is kept, later ones within
 * `maxDistance` bits are dropped naming it. A linear scan over the kept hashes (a few nanoseconds each), so
 * fine up to a few hundred thousand images per run; the memory is 16 characters and an index per kept image.
 */
export class ImageNearDedupIndex {
  private readonly kept: { hash: string; index: number }[] = [];
  constructor(private readonly maxDistance = NEAR_DUPLICATE_DISTANCE) {}

  /** Drop reason when `hash` is near a kept image; otherwise remembers it as kept (run index `index`). */
  check(hash: string, index: number): DropReason | null {
    for (const k of this.kept) {
      const distance = hammingDistance(hash, k.hash);
      if (distance <= this.maxDistance) return { reason: `near-duplicate image: pHash ${distance} bits from an earlier one`, duplicateOf: k.index };
    }
    this.kept.push({ hash, index });
    return null;
  }

  get size(): number {
    return this.kept.length;
  }
}

/** A detected face: a box in pixels of the upright image, and the detector's confidence. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/**
 * The pixel rectangles `face-blur` covers: the faces at or above `minScore`, each grown by `padding` of its
 * size on every side, rounded outwards and clipped to the image (empty ones left out).
 */
export function faceRegions(spec: Pick<FaceBlurOperatorSpec, 'minScore' | 'padding'>, faces: readonly FaceBox[], size: ImageSize): { left: number; top: number; width: number; height: number }[] {
  const minScore = spec.minScore ?? 0.5;
  const padding = spec.padding ?? 0.25;
  const out: { left: number; top: number; width: number; height: number }[] = [];
  for (const f of faces) {
    if (f.score < minScore) continue;
    const left = Math.max(0, Math.floor(f.x - f.width * padding));
    const top = Math.max(0, Math.floor(f.y - f.height * padding));
    const right = Math.min(size.width, Math.ceil(f.x + f.width * (1 + padding)));
    const bottom = Math.min(size.height, Math.ceil(f.y + f.height * (1 + padding)));
    if (right > left && bottom > top) out.push({ left, top, width: right - left, height: bottom - top });
  }
  return out;
}

/** Why `face-blur` with `action: drop` drops an image showing `faces` faces, or null to keep it. */
export function faceVerdict(spec: Pick<FaceBlurOperatorSpec, 'action'>, faces: number): DropReason | null {
  return spec.action === 'drop' && faces > 0 ? { reason: `shows ${faces} face${faces === 1 ? '' : 's'} (de-identification drops images with faces)` } : null;
}
