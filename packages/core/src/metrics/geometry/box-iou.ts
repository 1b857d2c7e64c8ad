/**
 * Intersection over union of axis-aligned boxes in COCO's bbox convention: `[x, y, width, height]` with
 * continuous coordinates, so a box's area is `width * height` (no "+1 pixel" as in the old PASCAL VOC
 * devkit). This is what pycocotools' `maskUtils.iou` computes for boxes (`bbIou` in maskApi.c).
 */

/** A box `[x, y, width, height]`: top-left corner and size, continuous coordinates (COCO `bbox`). */
export type Box = readonly [x: number, y: number, width: number, height: number];

/** Throws a RangeError unless `box` is four finite numbers with a non-negative width and height. */
export function assertBox(box: Box, what = 'box'): void {
  // Inputs often come from JSON, so the tuple type is not proof of the shape.
  if (!Array.isArray(box as unknown) || box.length !== 4 || !box.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new RangeError(`${what} must be [x, y, width, height] of four finite numbers`);
  }
  if (box[2] < 0 || box[3] < 0) throw new RangeError(`${what} must have a non-negative width and height`);
}

/**
 * Intersection over union of two boxes `[x, y, width, height]`, in [0, 1]; 0 when they only touch or
 * when either is empty.
 *
 * @example boxIoU([0, 0, 2, 2], [1, 0, 2, 2]) // 2 / (4 + 4 - 2) = 1/3
 */
export function boxIoU(a: Box, b: Box): number {
  assertBox(a, 'a');
  assertBox(b, 'b');
  return boxIoUUnchecked(a, b);
}

/**
 * `boxIoU` without validation, for inner loops over boxes already checked. The operations and their order
 * are those of pycocotools' bbIou, so IoUs (and therefore matches at a threshold) agree bit for bit.
 */
export function boxIoUUnchecked(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  if (w <= 0) return 0;
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (h <= 0) return 0;
  const intersection = w * h;
  return intersection / (a[2] * a[3] + b[2] * b[3] - intersection);
}
