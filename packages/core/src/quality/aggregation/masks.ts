/**
 * Several annotators' brush masks on one image. Agreement matches whole masks (one per object, as
 * painted) by mask IoU, like polygons; fusion is pixel-wise, per label: a pixel belongs to the label when
 * a strict majority of annotators painted it with that label. Unlike polygons, masks share one pixel grid,
 * so a vote per pixel is exact and needs no representative shape.
 */
import { mergeRles, rleArea, rleIoU, voteRles, type CocoRle } from '../../metrics/masks/coco-rle.js';
import { assertDistinctWorkers, compareCodePoints, resolveMinVotes } from './common.js';
import { matchF1 } from './match-f1.js';

/** One annotator's masks on one image. */
export interface MaskAnnotation {
  worker: string;
  masks: readonly { rle: CocoRle; label: string }[];
}

/** A label's fused mask (uncompressed counts). */
export interface FusedMask {
  label: string;
  rle: CocoRle;
}

/**
 * Per label, the pixels painted with it by at least `minVotes` annotators (default: a strict majority of
 * all annotators given, including those who painted nothing). Labels in code-point order; labels whose
 * vote leaves no pixel are left out. Masks of another size than the first one met cannot share its grid
 * and are ignored (validation ties every mask to the task's stated image size, so this only happens for
 * tasks without one).
 */
export function fuseMasks(annotations: readonly MaskAnnotation[], options: { minVotes?: number } = {}): FusedMask[] {
  assertDistinctWorkers(annotations, 'fuseMasks');
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fuseMasks');
  const size = annotations.flatMap((a) => a.masks)[0]?.rle.size;
  if (size === undefined) return [];
  const sameGrid = (m: { rle: CocoRle }): boolean => m.rle.size[0] === size[0] && m.rle.size[1] === size[1];
  const labels = [...new Set(annotations.flatMap((a) => a.masks.map((m) => m.label)))].sort(compareCodePoints);
  const fused: FusedMask[] = [];
  for (const label of labels) {
    // Each annotator votes once per pixel: their masks of this label are united first.
    const perWorker = annotations.flatMap((a) => {
      const own = a.masks.filter((m) => m.label === label && sameGrid(m)).map((m) => m.rle);
      return own.length === 0 ? [] : [mergeRles(own)];
    });
    if (perWorker.length < minVotes) continue;
    const rle = voteRles(perWorker, minVotes);
    if (rleArea(rle) > 0) fused.push({ label, rle });
  }
  return fused;
}

/** Agreement of two annotators' masks: F1 of same-label masks matched one-to-one at mask IoU ≥ `threshold`. */
export function maskF1(a: readonly { rle: CocoRle; label: string }[], b: readonly { rle: CocoRle; label: string }[], threshold = 0.5): number {
  const sameSize = (x: CocoRle, y: CocoRle): boolean => x.size[0] === y.size[0] && x.size[1] === y.size[1];
  return matchF1(a, b, (x, y) => (sameSize(x.rle, y.rle) ? rleIoU(x.rle, y.rle) : 0), threshold);
}
