/**
 * The image operators of a preprocessing pipeline (docs/pipelines.md, "Image operators") on the pixels of
 * one image: decode, turn upright, strip metadata, shrink, and the near-duplicate, blur and exposure
 * filters. Core decides (image-operator-spec.ts); this file only does the sharp work and keeps per-operator
 * counts in the same shape as core's text pipeline stats, so one table shows both.
 *
 * The input bytes are never changed: a changed image comes back as new bytes for the caller to store as a
 * new content-addressed blob.
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import {
  blurVerdict,
  exposureScore,
  exposureVerdict,
  faceRegions,
  faceVerdict,
  ImageNearDedupIndex,
  laplacianVariance,
  NEAR_DUPLICATE_DISTANCE,
  perceptualHash,
  planImageResize,
  type DropReason,
  type ExposureScore,
  type GrayImage,
  type ImageOperatorSpec,
  type ImageTransform,
  type OperatorStats,
} from '@yungang/core';
import { DECODE_OPTIONS } from './image-source.js';
import { decodeGray } from './image-ops.js';
import { ssdFaceDetector, type FaceDetector } from './face-detector.js';

/** Browser-ready formats an output keeps; anything else (TIFF, BMP) is written as PNG. */
type OutputFormat = 'jpeg' | 'png' | 'webp';

/** Measures taken by the operators that ran, recorded with the output (and shown by a dry run). */
export interface ImageScores {
  perceptualHash?: string;
  sharpness?: number;
  exposure?: ExposureScore;
  /** Faces found by face-blur (at or above its minScore). */
  faces?: number;
}

export type ImageStageOutcome =
  | {
      status: 'kept' | 'changed';
      /** The output bytes (the input itself when kept). */
      bytes: Buffer;
      format: OutputFormat;
      width: number;
      height: number;
      /** Geometric transforms applied, for moving labels with core's augmentResultChain. */
      transforms: ImageTransform[];
      /** The operators that changed the image, in order. */
      changedBy: string[];
      scores: ImageScores;
    }
  | { status: 'dropped'; droppedBy: { operator: number; op: string; reason: string; duplicateOf?: number }; scores: ImageScores };

/** One image operator with its position in the whole spec. */
export interface PlacedImageOperator {
  index: number;
  spec: ImageOperatorSpec;
}

/** Changed and dropped examples each operator keeps (a split run merges its shards' up to this many). */
export const IMAGE_EXAMPLES = 5;
const EXAMPLES = IMAGE_EXAMPLES;

function outputFormat(meta: Metadata): OutputFormat {
  return meta.format === 'jpeg' || meta.format === 'webp' ? meta.format : 'png';
}

function encode(pipeline: Sharp, format: OutputFormat): Promise<Buffer> {
  if (format === 'jpeg') return pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer();
  if (format === 'webp') return pipeline.webp({ quality: 92 }).toBuffer();
  return pipeline.png().toBuffer();
}

function uprightSize(meta: Metadata): { width: number; height: number } {
  const turned = (meta.orientation ?? 1) >= 5;
  return turned ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
}

function hasMetadata(meta: Metadata): boolean {
  return Boolean(meta.exif ?? meta.xmp ?? meta.iptc) || (meta.orientation ?? 1) !== 1;
}

/**
 * Runs a spec's image operators over images one at a time, in run order (near-duplicate state is kept
 * across calls). `field` is the task-data field every operator reads (the server resolved defaults).
 */
export class ImageStage {
  private readonly dedup = new Map<number, ImageNearDedupIndex>();
  readonly stats: OperatorStats[];

  constructor(
    private readonly operators: readonly PlacedImageOperator[],
    readonly field: string,
    private readonly faces: FaceDetector = ssdFaceDetector,
  ) {
    this.stats = operators.map(({ spec }) => ({ op: spec.op, field, kept: 0, changed: 0, dropped: 0, skipped: 0, examples: { changed: [], dropped: [] } }));
    for (const { index, spec } of operators) if (spec.op === 'image-near-dedup') this.dedup.set(index, new ImageNearDedupIndex(spec.maxDistance ?? NEAR_DUPLICATE_DISTANCE));
  }

  /** The spec position of the i-th image operator. */
  indexOf(i: number): number {
    return this.operators[i]!.index;
  }

  /** Counts saved in a checkpoint (resume), so the run's stats are those of an uninterrupted run. */
  restoreStats(saved: readonly OperatorStats[]): void {
    saved.forEach((s, i) => {
      if (this.stats[i]?.op === s.op) this.stats[i] = s;
    });
  }

  get empty(): boolean {
    return this.operators.length === 0;
  }

  /** A record whose field holds no stored image of this organisation passes every image operator untouched. */
  skip(): void {
    for (const s of this.stats) s.skipped++;
  }

  /** Restores near-duplicate state on resume: an image kept earlier in the run, with the pHash it was kept under. */
  remember(perceptualHashValue: string, runIndex: number): void {
    for (const index of this.dedup.values()) index.check(perceptualHashValue, runIndex);
  }

  async process(input: Buffer, runIndex: number, label: string): Promise<ImageStageOutcome> {
    let bytes = input;
    let meta: Metadata | undefined;
    let gray: GrayImage | undefined;
    let format: OutputFormat = 'png';
    const transforms: ImageTransform[] = [];
    const changedBy: string[] = [];
    const scores: ImageScores = {};
    const readMeta = async (): Promise<Metadata> => (meta ??= await sharp(bytes, DECODE_OPTIONS).metadata());
    const readGray = async (): Promise<GrayImage> => (gray ??= await decodeGray(bytes));
    const changeTo = (next: Buffer, op: string): void => {
      bytes = next;
      meta = undefined;
      gray = undefined;
      changedBy.push(op);
    };

    for (const [i, { index, spec }] of this.operators.entries()) {
      const stats = this.stats[i]!;
      let drop: DropReason | null = null;
      let changed = false;
      try {
        const m = await readMeta();
        format = outputFormat(m);
        switch (spec.op) {
          case 'image-validate':
            // Decoding every pixel (with warnings as errors) finds truncated and damaged files a header read misses.
            await sharp(bytes, DECODE_OPTIONS).raw().toBuffer();
            break;
          case 'image-orient':
            if ((m.orientation ?? 1) !== 1) {
              changeTo(await encode(sharp(bytes, DECODE_OPTIONS).autoOrient().keepMetadata(), format), spec.op);
              changed = true;
            }
            break;
          case 'image-strip-metadata':
            if (hasMetadata(m)) {
              // Turned upright first: dropping the orientation tag alone would turn the picture on its side.
              changeTo(await encode(sharp(bytes, DECODE_OPTIONS).autoOrient().keepIccProfile(), format), spec.op);
              changed = true;
            }
            break;
          case 'image-resize': {
            const target = planImageResize(spec, uprightSize(m));
            if (target) {
              changeTo(await encode(sharp(bytes, DECODE_OPTIONS).autoOrient().resize(target.width, target.height, { fit: 'fill' }).keepIccProfile(), format), spec.op);
              transforms.push({ kind: 'resize', width: target.width, height: target.height });
              changed = true;
            }
            break;
          }
          case 'image-near-dedup':
            scores.perceptualHash = perceptualHash(await readGray());
            drop = this.dedup.get(index)!.check(scores.perceptualHash, runIndex);
            break;
          case 'blur-filter':
            scores.sharpness = laplacianVariance(await readGray());
            drop = blurVerdict(spec, scores.sharpness);
            break;
          case 'exposure-filter':
            scores.exposure = exposureScore(await readGray());
            drop = exposureVerdict(spec, scores.exposure);
            break;
          case 'face-blur': {
            const upright = await sharp(bytes, DECODE_OPTIONS).autoOrient().removeAlpha().raw().toBuffer({ resolveWithObject: true });
            const size = { width: upright.info.width, height: upright.info.height };
            const regions = faceRegions(spec, await this.faces.detect(upright.data, size.width, size.height), size);
            scores.faces = regions.length;
            drop = faceVerdict(spec, regions.length);
            if (!drop && regions.length > 0) {
              changeTo(await encode(await coverFaces(bytes, regions, spec.action === 'pixelate' ? 'pixelate' : 'blur'), format), spec.op);
              changed = true;
            }
            break;
          }
        }
      } catch (err) {
        // sharp throws plain errors for files it cannot read: that is this image's problem, dropped with the reason.
        drop = { reason: `not a readable image (${(err as Error).message.trim().split('\n')[0]})` };
      }
      if (drop) {
        stats.dropped++;
        if (stats.examples.dropped.length < EXAMPLES) stats.examples.dropped.push({ index: runIndex, before: label, reason: drop.reason, ...(drop.duplicateOf !== undefined ? { duplicateOf: drop.duplicateOf } : {}) });
        return { status: 'dropped', droppedBy: { operator: index, op: spec.op, ...drop }, scores };
      }
      if (changed) {
        stats.changed++;
        if (stats.examples.changed.length < EXAMPLES) stats.examples.changed.push({ index: runIndex, before: label, after: `${label} (${spec.op})` });
      } else stats.kept++;
    }
    const size = uprightSize(await sharp(bytes, DECODE_OPTIONS).metadata());
    return { status: changedBy.length > 0 ? 'changed' : 'kept', bytes, format, ...size, transforms, changedBy, scores };
  }
}

/**
 * The upright image with every region blurred or pixelated. Each region is cut from the upright picture,
 * blurred in proportion to its size (so a large face is as unreadable as a small one) or shrunk to 8 × 8
 * blocks and enlarged again, and pasted back; metadata is not carried over (a de-identified image keeps no
 * EXIF either).
 */
async function coverFaces(bytes: Buffer, regions: readonly { left: number; top: number; width: number; height: number }[], style: 'blur' | 'pixelate'): Promise<Sharp> {
  const upright = await sharp(bytes, DECODE_OPTIONS).autoOrient().toBuffer();
  const patches = await Promise.all(
    regions.map(async (r) => {
      const cut = sharp(upright).extract(r);
      const input =
        style === 'blur'
          ? await cut.blur(Math.max(6, Math.min(r.width, r.height) / 5)).toBuffer()
          : await sharp(await cut.resize(8, 8, { fit: 'fill' }).toBuffer()).resize(r.width, r.height, { fit: 'fill', kernel: 'nearest' }).toBuffer();
      return { input, left: r.left, top: r.top };
    }),
  );
  return sharp(upright).composite(patches);
}
