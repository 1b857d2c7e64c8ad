import { compressCounts, decodeRle, encodeMask, rleCounts, type BinaryMask, type CocoRle } from '@yungang/core';
import type { Point } from './box-geometry.ts';
import type { Size } from './image-view.ts';

/**
 * A brush stroke applied to a stored mask. Strokes are kept as pointer positions in the image's natural
 * pixels and rasterised here, pure, onto a mask of the image's size: the painted area is then exactly
 * the same whatever the zoom or screen the stroke was made at, and this is testable without a canvas.
 */

/** Pixels whose centre lies within `radius` of the path `points` (a capsule per segment, a disc for one point) get `value`. */
export function paintPath(mask: BinaryMask, points: readonly Point[], radius: number, value: 0 | 1): void {
  const { width, height, data } = mask;
  const r2 = radius * radius;
  const segments: [Point, Point][] = points.length === 1 ? [[points[0]!, points[0]!]] : points.slice(1).map((p, i) => [points[i]!, p]);
  for (const [a, b] of segments) {
    const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - radius));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + radius));
    const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - radius));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + radius));
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length2 = dx * dx + dy * dy;
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const px = x + 0.5;
        const py = y + 0.5;
        // Distance from the pixel centre to the segment: project, clamp to the ends.
        const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / length2));
        const ex = a.x + t * dx - px;
        const ey = a.y + t * dy - py;
        if (ex * ex + ey * ey <= r2) data[x * height + y] = value;
      }
    }
  }
}

/**
 * `previous` (or an empty mask) with a stroke painted (`erase` false) or rubbed out (`erase` true), as
 * compressed COCO RLE; null when no pixel is left, since an empty mask is no result item.
 */
export function strokeMask(previous: CocoRle | null, size: Size, points: readonly Point[], radius: number, erase: boolean): CocoRle | null {
  const fits = previous !== null && previous.size[0] === size.height && previous.size[1] === size.width;
  const mask = fits ? decodeRle(previous) : { width: size.width, height: size.height, data: new Uint8Array(size.width * size.height) };
  if (points.length > 0) paintPath(mask, points, radius, erase ? 0 : 1);
  if (!mask.data.includes(1)) return null;
  const counts = encodeMask(mask).counts;
  return { size: [size.height, size.width], counts: typeof counts === 'string' ? counts : compressCounts(counts) };
}

/** A mask to show: its RLE and its label's colour ("#rrggbb"). */
export interface MaskView {
  id: string;
  rle: CocoRle;
  color: string;
}

/**
 * RGBA pixels (row-major, as canvases want them) of masks laid over each other in result order, the last
 * on top, each in its colour at `alpha` (0..255); the selected mask, if any, at `selectedAlpha`, so it
 * stands out without changing the order. Masks of another size than `size` are left out.
 */
export function maskLayerPixels(masks: readonly MaskView[], size: Size, alpha: number, selected: { id: string | null; alpha: number } = { id: null, alpha }): Uint8ClampedArray<ArrayBuffer> {
  const { width, height } = size;
  const pixels = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  for (const mask of masks) {
    if (mask.rle.size[0] !== height || mask.rle.size[1] !== width) continue;
    const r = parseInt(mask.color.slice(1, 3), 16);
    const g = parseInt(mask.color.slice(3, 5), 16);
    const b = parseInt(mask.color.slice(5, 7), 16);
    const a = mask.id === selected.id ? selected.alpha : alpha;
    const { data } = decodeRle(mask.rle);
    for (let x = 0; x < width; x++) {
      for (let y = 0; y < height; y++) {
        if (data[x * height + y] !== 1) continue;
        const at = (y * width + x) * 4;
        pixels[at] = r;
        pixels[at + 1] = g;
        pixels[at + 2] = b;
        pixels[at + 3] = a;
      }
    }
  }
  return pixels;
}

/** Whether pixel (`x`, `y`) of a mask is painted: walks the runs (column-major, zeros first), no decoding of the whole mask. */
export function rlePixel(rle: CocoRle, x: number, y: number): boolean {
  const [height, width] = rle.size;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= width || y >= height) return false;
  const index = x * height + y;
  let end = 0;
  const counts = rleCounts(rle);
  for (let i = 0; i < counts.length; i++) {
    end += counts[i]!;
    if (index < end) return i % 2 === 1;
  }
  return false;
}

/**
 * The mask painted at `point` (natural pixels) that is drawn on top, or null: masks are laid in result
 * order, the last on top (as `maskLayerPixels` draws them), so the search runs from the end. Masks of
 * another size than `size` are not drawn and so are never hit.
 */
export function maskAt(masks: readonly MaskView[], size: Size, point: Point): string | null {
  const x = Math.floor(point.x);
  const y = Math.floor(point.y);
  for (let i = masks.length - 1; i >= 0; i--) {
    const mask = masks[i]!;
    if (mask.rle.size[0] !== size.height || mask.rle.size[1] !== size.width) continue;
    if (rlePixel(mask.rle, x, y)) return mask.id;
  }
  return null;
}
