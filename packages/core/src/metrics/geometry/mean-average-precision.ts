/**
 * COCO mean average precision for boxes, following pycocotools' COCOeval (`iouType='bbox'`,
 * `evaluate()` + `accumulate()` + the first three numbers of `summarize()`), for area range "all" and
 * 100 detections per image. Every step mirrors COCOeval, tie-breaking included, so the numbers agree with
 * pycocotools to floating-point rounding of the final means. Crowd annotations (`iscrowd`) are not
 * supported: every gold box is an ordinary one. See docs/quality/geometry.md for the procedure.
 */
import type { Box } from './box-iou.js';
import { assertBox, boxIoUUnchecked } from './box-iou.js';
import { COCO_IOU_THRESHOLDS, COCO_RECALL_THRESHOLDS } from './coco-thresholds.js';
import { compareIds } from './compare-ids.js';

/** One gold (ground-truth) box: the image it is on, its category and `[x, y, width, height]`. */
export interface GoldBox {
  image: string;
  category: string;
  box: Box;
}

/** One predicted box, with the model's confidence `score` (higher is more confident). */
export interface PredictedBox extends GoldBox {
  score: number;
}

/** Options of `meanAveragePrecision`. */
export interface MeanAveragePrecisionOptions {
  /** IoU thresholds averaged into `map`; default COCO's 0.50:0.05:0.95. */
  iouThresholds?: readonly number[];
  /** Highest-scoring detections kept per image and category; default 100 (COCO's maxDets). */
  maxDetections?: number;
}

/** Average precision of one category: mean over the IoU thresholds, and at IoU 0.50 and 0.75. */
export interface CategoryAveragePrecision {
  category: string;
  ap: number;
  ap50: number;
  ap75: number;
}

/** Mean over categories of the average precision at one IoU threshold. */
export interface ThresholdAveragePrecision {
  iouThreshold: number;
  ap: number;
}

/**
 * Result of `meanAveragePrecision`. Values are in [0, 1], or -1 (pycocotools' marker) when no category
 * has gold boxes. `perCategory` lists the categories with gold boxes, in id order.
 */
export interface MeanAveragePrecisionResult {
  /** AP averaged over categories and the IoU thresholds (COCO "AP", stats[0]). */
  map: number;
  /** AP at IoU 0.50 (COCO "AP50", stats[1]); computed even when 0.5 is not among `iouThresholds`. */
  map50: number;
  /** AP at IoU 0.75 (COCO "AP75", stats[2]); computed even when 0.75 is not among `iouThresholds`. */
  map75: number;
  perCategory: CategoryAveragePrecision[];
  perThreshold: ThresholdAveragePrecision[];
}

// COCO's area range "all" is [0, 1e5²]; boxes larger than that are ignored, as in pycocotools.
const MAX_AREA = 1e5 ** 2;
// Python's np.spacing(1), added to the precision denominator by pycocotools.
const SPACING_OF_ONE = Number.EPSILON;

interface Detection {
  box: Box;
  score: number;
}

interface ImageCategory {
  gold: Box[];
  detections: Detection[];
}

/** pycocotools' evaluateImg for one image and category: which kept detections matched, per threshold. */
interface ImageEvaluation {
  scores: number[];
  matched: boolean[][];
  ignored: boolean[][];
  positives: number;
}

function area(box: Box): number {
  return box[2] * box[3];
}

/** Indices of `values` in descending order; stable like np.argsort(-values, kind='mergesort'). */
function descendingOrder(values: readonly number[]): number[] {
  // Array.prototype.sort is stable (ES2019), so equal values keep their input order.
  return values.map((_, i) => i).sort((i, j) => (values[j] as number) - (values[i] as number));
}

function evaluateImage(entry: ImageCategory, thresholds: readonly number[], maxDetections: number): ImageEvaluation {
  // Gold: not-ignored first, stably (np.argsort(ignore, kind='mergesort')).
  const goldIgnore = entry.gold.map((box) => area(box) > MAX_AREA);
  const goldOrder = entry.gold.map((_, i) => i).sort((i, j) => Number(goldIgnore[i]) - Number(goldIgnore[j]));
  const gold = goldOrder.map((i) => entry.gold[i] as Box);
  const ignoreGold = goldOrder.map((i) => goldIgnore[i] as boolean);
  const detectionOrder = descendingOrder(entry.detections.map((d) => d.score)).slice(0, maxDetections);
  const detections = detectionOrder.map((i) => entry.detections[i] as Detection);
  const ious = detections.map((d) => gold.map((g) => boxIoUUnchecked(d.box, g)));

  const matched: boolean[][] = [];
  const ignored: boolean[][] = [];
  for (const threshold of thresholds) {
    const goldTaken = gold.map(() => false);
    const matchedAt = detections.map(() => false);
    const ignoredAt = detections.map(() => false);
    detections.forEach((_, d) => {
      // pycocotools caps the threshold just below 1 so that IoU = 1 still matches at threshold 1.
      let best = Math.min(threshold, 1 - 1e-10);
      let m = -1;
      const row = ious[d] as number[];
      for (let g = 0; g < gold.length; g++) {
        if (goldTaken[g]) continue;
        // Once matched to a regular box, never trade it for an ignored one (they are sorted last).
        if (m > -1 && !ignoreGold[m] && ignoreGold[g]) break;
        // `<`, not `<=`: among equal IoUs the later gold box wins, exactly as in pycocotools.
        if ((row[g] as number) < best) continue;
        best = row[g] as number;
        m = g;
      }
      if (m === -1) return;
      matchedAt[d] = true;
      ignoredAt[d] = ignoreGold[m] as boolean;
      goldTaken[m] = true;
    });
    // Unmatched detections outside the area range are ignored rather than counted as false positives.
    detections.forEach((det, d) => {
      if (!matchedAt[d] && area(det.box) > MAX_AREA) ignoredAt[d] = true;
    });
    matched.push(matchedAt);
    ignored.push(ignoredAt);
  }
  return { scores: detections.map((d) => d.score), matched, ignored, positives: ignoreGold.filter((i) => !i).length };
}

/** pycocotools' accumulate for one category: AP (mean 101-point interpolated precision) per threshold, or null (-1 there). */
function categoryAveragePrecision(evaluations: readonly ImageEvaluation[], thresholdCount: number): number[] | null {
  const positives = evaluations.reduce((sum, e) => sum + e.positives, 0);
  if (evaluations.length === 0 || positives === 0) return null;
  // Detections of all images, image by image in id order, then stably by descending score.
  const entries = evaluations.flatMap((e) => e.scores.map((score, d) => ({ score, e, d })));
  const order = descendingOrder(entries.map((x) => x.score)).map((i) => entries[i] as (typeof entries)[number]);
  const result: number[] = [];
  for (let t = 0; t < thresholdCount; t++) {
    const recall: number[] = [];
    const precision: number[] = [];
    let tp = 0;
    let fp = 0;
    for (const { e, d } of order) {
      // Ignored detections count as neither, but still take a position, as in pycocotools' cumsum.
      if (!e.ignored[t]?.[d]) {
        if (e.matched[t]?.[d]) tp++;
        else fp++;
      }
      recall.push(tp / positives);
      precision.push(tp / (fp + tp + SPACING_OF_ONE));
    }
    // Interpolate: precision at a rank becomes the best precision at any later rank.
    for (let i = precision.length - 1; i > 0; i--) {
      if ((precision[i] as number) > (precision[i - 1] as number)) precision[i - 1] = precision[i] as number;
    }
    // For each recall point r, the precision at the first rank whose recall is ≥ r (np.searchsorted
    // side='left'); recall points never reached contribute 0.
    let sum = 0;
    let rank = 0;
    for (const r of COCO_RECALL_THRESHOLDS) {
      while (rank < recall.length && (recall[rank] as number) < r) rank++;
      if (rank === recall.length) break;
      sum += precision[rank] as number;
    }
    result.push(sum / COCO_RECALL_THRESHOLDS.length);
  }
  return result;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? -1 : values.reduce((a, b) => a + b, 0) / values.length;
}

function validate(gold: readonly GoldBox[], predicted: readonly PredictedBox[], thresholds: readonly number[], maxDetections: number): void {
  gold.forEach((g, i) => {
    if (typeof g.image !== 'string' || typeof g.category !== 'string') throw new RangeError(`gold[${i}] needs string image and category`);
    assertBox(g.box, `gold[${i}].box`);
  });
  predicted.forEach((p, i) => {
    if (typeof p.image !== 'string' || typeof p.category !== 'string') throw new RangeError(`predicted[${i}] needs string image and category`);
    assertBox(p.box, `predicted[${i}].box`);
    if (typeof p.score !== 'number' || !Number.isFinite(p.score)) throw new RangeError(`predicted[${i}].score must be a finite number`);
  });
  if (thresholds.length === 0 || !thresholds.every((t) => typeof t === 'number' && t >= 0 && t <= 1)) {
    throw new RangeError('iouThresholds must be a non-empty list of numbers in [0, 1]');
  }
  if (!Number.isInteger(maxDetections) || maxDetections < 1) throw new RangeError('maxDetections must be a positive integer');
}

/**
 * COCO mean average precision of predicted boxes against gold boxes (pycocotools COCOeval, bbox, area
 * "all", maxDets 100). Boxes are `[x, y, width, height]`. Categories without gold boxes are left out;
 * predictions of such categories are therefore ignored. An image that only has predictions counts as an
 * image with no gold boxes (all its detections are false positives).
 *
 * @example
 * meanAveragePrecision(
 *   [{ image: '1', category: 'cat', box: [0, 0, 10, 10] }],
 *   [{ image: '1', category: 'cat', box: [0, 0, 10, 10], score: 0.9 }],
 * ) // { map: 1, map50: 1, map75: 1, perCategory: [{ category: 'cat', ap: 1, … }], perThreshold: [...] }
 */
export function meanAveragePrecision(
  gold: readonly GoldBox[],
  predicted: readonly PredictedBox[],
  options: MeanAveragePrecisionOptions = {},
): MeanAveragePrecisionResult {
  const thresholds = options.iouThresholds ?? COCO_IOU_THRESHOLDS;
  const maxDetections = options.maxDetections ?? 100;
  validate(gold, predicted, thresholds, maxDetections);
  // Thresholds actually evaluated: the requested ones, then 0.5 and 0.75 for map50/map75 if missing.
  const evaluated = [...thresholds];
  if (!evaluated.includes(0.5)) evaluated.push(0.5);
  if (!evaluated.includes(0.75)) evaluated.push(0.75);
  const at50 = evaluated.indexOf(0.5);
  const at75 = evaluated.indexOf(0.75);

  // category → image → boxes, keeping input order inside each cell (pycocotools' order too).
  const cells = new Map<string, Map<string, ImageCategory>>();
  const cell = (category: string, image: string): ImageCategory => {
    let images = cells.get(category);
    if (images === undefined) cells.set(category, (images = new Map()));
    let entry = images.get(image);
    if (entry === undefined) images.set(image, (entry = { gold: [], detections: [] }));
    return entry;
  };
  for (const g of gold) cell(g.category, g.image).gold.push(g.box);
  const goldCategories = new Set(cells.keys());
  for (const p of predicted) {
    if (goldCategories.has(p.category)) cell(p.category, p.image).detections.push({ box: p.box, score: p.score });
  }

  const perCategory: CategoryAveragePrecision[] = [];
  const apByCategory: number[][] = [];
  for (const category of [...goldCategories].sort(compareIds)) {
    const images = cells.get(category) as Map<string, ImageCategory>;
    const evaluations = [...images.keys()].sort(compareIds).map((image) => evaluateImage(images.get(image) as ImageCategory, evaluated, maxDetections));
    const ap = categoryAveragePrecision(evaluations, evaluated.length);
    if (ap === null) continue; // every gold box ignored (larger than COCO's area range): -1 in pycocotools
    apByCategory.push(ap);
    perCategory.push({ category, ap: mean(ap.slice(0, thresholds.length)), ap50: ap[at50] as number, ap75: ap[at75] as number });
  }

  return {
    map: mean(perCategory.map((c) => c.ap)),
    map50: mean(perCategory.map((c) => c.ap50)),
    map75: mean(perCategory.map((c) => c.ap75)),
    perCategory,
    perThreshold: thresholds.map((iouThreshold, t) => ({ iouThreshold, ap: mean(apByCategory.map((ap) => ap[t] as number)) })),
  };
}
