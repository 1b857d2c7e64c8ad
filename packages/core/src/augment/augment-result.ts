/**
 * Geometry-aware label transforms: the annotation result of an image, moved exactly the way an image
 * transform moves the pixels, so an augmented image and its labels stay in step.
 *
 * Values are Label Studio's: percent of the image. Every shape is taken to pixels of the natural size,
 * mapped there (see image-transform.ts), and brought back to percent of the output image. Rectangles keep
 * Label Studio's convention: (x, y) is the anchor (the top-left corner before rotation) and `rotation`
 * turns the box clockwise about it, in pixels (as the editor draws it on a non-square image too). A flip
 * mirrors the corner order, so the new anchor is the mirrored top-right corner; the result is again a box
 * whose corners run clockwise from its anchor. A box that ends up axis-aligned (any quarter turn of an
 * unrotated box) is written with rotation 0, its anchor the top-left corner, which every exporter reads.
 *
 * A crop clips: boxes partly outside are cut to the window, polygons are clipped (Sutherland–Hodgman),
 * polylines are cut and may split into several items, keypoints and regions fully outside are dropped
 * together with the per-region items (same id) that describe them. A rotated box partly outside a crop is
 * refused (its clipped shape is no longer a rectangle). Photometric transforms return the result as is.
 */
import type {
  AnnotationResult,
  BrushLabelsResultItem,
  KeyPointLabelsResultItem,
  PolygonLabelsResultItem,
  PolylineLabelsResultItem,
  RectangleLabelsResultItem,
  ResultItem,
} from '../annotation/result.types.js';
import type { Point } from '../metrics/geometry/polygon.js';
import { doubleSignedArea } from '../metrics/geometry/polygon.js';
import { rleArea } from '../metrics/masks/coco-rle.js';
import { ValidationError, type ValidationIssue } from '../validation/validation-error.js';
import { clipPolygon, clipPolyline, type ClipWindow } from './clip.js';
import { assertImageTransform, pixelMap, type ImageSize, type ImageTransform, type PixelMap } from './image-transform.js';
import { maskTransformProblem, transformMask } from './transform-mask.js';

export interface AugmentedResult {
  result: AnnotationResult;
  /** The output image's natural size. */
  size: ImageSize;
  /** Ids of regions a crop removed entirely (their per-region items went with them). */
  dropped: string[];
}

// Relative tolerance for "still a right angle" and "lies on the window edge": far below pixel precision.
const EPSILON = 1e-9;

const IMAGE_GEOMETRY = new Set(['rectanglelabels', 'polygonlabels', 'polylinelabels', 'keypointlabels', 'brushlabels']);

interface Frame {
  from: ImageSize;
  to: ImageSize;
  px: PixelMap;
  clips: boolean;
}

function toPixels(p: readonly [number, number], size: ImageSize): Point {
  return [(p[0] * size.width) / 100, (p[1] * size.height) / 100];
}

function toPercent(p: Point, size: ImageSize): [number, number] {
  return [(p[0] / size.width) * 100, (p[1] / size.height) * 100];
}

function windowOf(size: ImageSize): ClipWindow {
  return { minX: 0, minY: 0, maxX: size.width, maxY: size.height };
}

function withSize<T extends ResultItem>(item: T, size: ImageSize): T {
  if (!('original_width' in item) && !('original_height' in item)) return item;
  return { ...item, original_width: size.width, original_height: size.height };
}

function normalizeDegrees(d: number): number {
  const n = ((d % 360) + 360) % 360;
  return Math.abs(n - 360) < EPSILON ? 0 : n;
}

type Outcome<T> = { keep: T[] } | { drop: true } | { problem: string; path: string };

function moveRectangle(item: RectangleLabelsResultItem, f: Frame): Outcome<RectangleLabelsResultItem> {
  const v = item.value;
  const t = ((v.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const [ax, ay] = toPixels([v.x, v.y], f.from);
  const w = (v.width * f.from.width) / 100;
  const h = (v.height * f.from.height) / 100;
  const source: Point[] = [
    [ax, ay],
    [ax + w * cos, ay + w * sin],
    [ax + w * cos - h * sin, ay + w * sin + h * cos],
    [ax - h * sin, ay + h * cos],
  ];
  const corners = source.map((c) => f.px.map(c));
  const [m0, m1, m2, m3] = corners as [Point, Point, Point, Point];
  const [anchor, along, down] = f.px.mirrors ? [m1, m0, m2] : [m0, m1, m3];
  const U: Point = [along[0] - anchor[0], along[1] - anchor[1]];
  const V: Point = [down[0] - anchor[0], down[1] - anchor[1]];
  const lu = Math.hypot(U[0], U[1]);
  const lv = Math.hypot(V[0], V[1]);
  if (Math.abs(U[0] * V[0] + U[1] * V[1]) > EPSILON * lu * lv) {
    return {
      path: 'value.rotation',
      problem: 'a rotated box stops being a rectangle when the image is stretched; resize keeping the aspect ratio, or label the region as a polygon',
    };
  }
  const rotation = normalizeDegrees((Math.atan2(U[1], U[0]) * 180) / Math.PI);
  const quarter = Math.abs(rotation / 90 - Math.round(rotation / 90)) < EPSILON;
  const window = windowOf(f.to);
  let box: { x: number; y: number; width: number; height: number; rotation: number };
  if (quarter) {
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    let minX = Math.min(...xs);
    let minY = Math.min(...ys);
    let maxX = Math.max(...xs);
    let maxY = Math.max(...ys);
    if (f.clips) {
      minX = Math.max(minX, window.minX);
      minY = Math.max(minY, window.minY);
      maxX = Math.min(maxX, window.maxX);
      maxY = Math.min(maxY, window.maxY);
      if (maxX <= minX || maxY <= minY) return { drop: true };
    }
    box = { x: minX, y: minY, width: maxX - minX, height: maxY - minY, rotation: 0 };
  } else {
    if (f.clips) {
      const tol = EPSILON * Math.max(f.to.width, f.to.height);
      const inside = corners.every((c) => c[0] >= -tol && c[1] >= -tol && c[0] <= window.maxX + tol && c[1] <= window.maxY + tol);
      if (!inside) {
        if (clipPolygon(corners, window).length < 3) return { drop: true };
        return { path: 'value', problem: 'a rotated box partly outside the crop cannot stay a rectangle; crop around it, or label the region as a polygon' };
      }
    }
    box = { x: anchor[0], y: anchor[1], width: lu, height: lv, rotation };
  }
  const [x, y] = toPercent([box.x, box.y], f.to);
  const value = { ...v, x, y, width: (box.width / f.to.width) * 100, height: (box.height / f.to.height) * 100 };
  if (v.rotation !== undefined || box.rotation !== 0) value.rotation = box.rotation;
  return { keep: [withSize({ ...item, value }, f.to)] };
}

function movePoints(points: readonly (readonly [number, number])[], f: Frame): Point[] {
  return points.map((p) => f.px.map(toPixels(p, f.from)));
}

function percentPoints(points: readonly Point[], f: Frame): [number, number][] {
  return points.map((p) => toPercent(p, f.to));
}

function movePolygon(item: PolygonLabelsResultItem, f: Frame): Outcome<PolygonLabelsResultItem> {
  let ring = movePoints(item.value.points, f);
  if (f.clips) {
    ring = clipPolygon(ring, windowOf(f.to));
    if (ring.length < 3 || doubleSignedArea(ring) === 0) return { drop: true };
  }
  return { keep: [withSize({ ...item, value: { ...item.value, points: percentPoints(ring, f) } }, f.to)] };
}

function movePolyline(item: PolylineLabelsResultItem, f: Frame): Outcome<PolylineLabelsResultItem> {
  const path = movePoints(item.value.points, f);
  const parts = f.clips ? clipPolyline(path, windowOf(f.to)) : [path];
  if (parts.length === 0) return { drop: true };
  // The first piece keeps the id (and so its per-region items); later pieces get new, derived ids.
  return {
    keep: parts.map((part, k) => withSize({ ...item, id: k === 0 ? item.id : `${item.id}_${k + 1}`, value: { ...item.value, points: percentPoints(part, f) } }, f.to)),
  };
}

function moveKeypoint(item: KeyPointLabelsResultItem, f: Frame): Outcome<KeyPointLabelsResultItem> {
  const p = f.px.map(toPixels([item.value.x, item.value.y], f.from));
  if (f.clips && (p[0] < 0 || p[1] < 0 || p[0] > f.to.width || p[1] > f.to.height)) return { drop: true };
  const [x, y] = toPercent(p, f.to);
  const value = { ...item.value, x, y };
  // The marker keeps its size in pixels; `width` is a percent of the image width, which may change.
  if (item.value.width !== undefined) value.width = (item.value.width * f.from.width) / f.to.width;
  return { keep: [withSize({ ...item, value }, f.to)] };
}

function moveBrush(item: BrushLabelsResultItem, transform: ImageTransform, f: Frame): Outcome<BrushLabelsResultItem> {
  if (item.value.format !== 'coco-rle') return { path: 'value.format', problem: 'only "coco-rle" brush masks can be transformed' };
  const problem = maskTransformProblem(transform, item.value.rle, f.from);
  if (problem !== null) return { path: 'value.rle', problem };
  const rle = transformMask(transform, item.value.rle);
  if (f.clips && rleArea(rle) === 0) return { drop: true };
  return { keep: [withSize({ ...item, value: { ...item.value, rle } }, f.to)] };
}

// A resize keeps every axis-aligned shape's percent values exactly; only rotated boxes need the pixel trip.
function resizeKeepsPercent(item: ResultItem): boolean {
  if (item.type === 'rectanglelabels') return (item.value.rotation ?? 0) % 180 === 0;
  return item.type === 'polygonlabels' || item.type === 'polylinelabels' || item.type === 'keypointlabels';
}

function moveItem(item: ResultItem, transform: ImageTransform, f: Frame): Outcome<ResultItem> {
  if (transform.kind === 'resize' && resizeKeepsPercent(item)) return { keep: [withSize(item, f.to)] };
  switch (item.type) {
    case 'rectanglelabels':
      return moveRectangle(item, f);
    case 'polygonlabels':
      return movePolygon(item, f);
    case 'polylinelabels':
      return movePolyline(item, f);
    case 'keypointlabels':
      return moveKeypoint(item, f);
    case 'brushlabels':
      return moveBrush(item, transform, f);
    default:
      return { keep: [item] };
  }
}

/**
 * The result after `transform` is applied to its image of natural size `size` (pixels). Throws a
 * ValidationError naming `result[i]…` for every region that cannot follow the transform exactly, and for
 * an invalid transform.
 *
 * @example augmentResult(result, { kind: 'flip', axis: 'horizontal' }, { width: 640, height: 480 })
 */
export function augmentResult(result: AnnotationResult, transform: ImageTransform, size: ImageSize): AugmentedResult {
  assertImageTransform(transform, size);
  const px = pixelMap(transform, size);
  if (px === null) return { result, size, dropped: [] };
  const frame: Frame = { from: size, to: px.size, px, clips: transform.kind === 'crop' };
  const issues: ValidationIssue[] = [];
  const moved: ResultItem[][] = [];
  const dropped = new Set<string>();
  result.forEach((item, i) => {
    if (!IMAGE_GEOMETRY.has(item.type)) {
      moved.push([item]);
      return;
    }
    const outcome = moveItem(item, transform, frame);
    if ('problem' in outcome) {
      issues.push({ path: `result[${i}].${outcome.path}`, message: outcome.problem });
      moved.push([]);
    } else if ('drop' in outcome) {
      dropped.add(item.id);
      moved.push([]);
    } else {
      moved.push(outcome.keep);
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  // Per-region items (a textarea or choices about a box) share the region's id and leave with it.
  const out = moved.flatMap((items, i) => {
    const item = result[i] as ResultItem;
    return !IMAGE_GEOMETRY.has(item.type) && dropped.has(item.id) ? [] : items;
  });
  return { result: out, size: px.size, dropped: [...dropped] };
}

/** Several transforms in order; the labels and size after the last one. */
export function augmentResultChain(result: AnnotationResult, transforms: readonly ImageTransform[], size: ImageSize): AugmentedResult {
  let current: AugmentedResult = { result, size, dropped: [] };
  transforms.forEach((transform) => {
    const next = augmentResult(current.result, transform, current.size);
    current = { ...next, dropped: [...current.dropped, ...next.dropped] };
  });
  return current;
}
