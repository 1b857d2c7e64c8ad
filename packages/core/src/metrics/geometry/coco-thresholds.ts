/**
 * COCO's threshold grids, reproduced bit for bit. pycocotools builds them with `np.linspace`, which
 * computes `start + i * step` and then sets the last value to `stop`; the ninth IoU threshold is
 * therefore 0.8999999999999999, not 0.9. Matching exact doubles matters because an IoU or a recall equal
 * to a threshold falls on one side of it or the other.
 */

function linspace(start: number, stop: number, count: number): number[] {
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? stop : i * step + start));
}

/** COCO's IoU thresholds 0.50:0.05:0.95 (ten values), as pycocotools' `Params.iouThrs`. */
export const COCO_IOU_THRESHOLDS: readonly number[] = Object.freeze(linspace(0.5, 0.95, 10));

/** COCO's 101 recall points 0:0.01:1 for interpolated precision, as pycocotools' `Params.recThrs`. */
export const COCO_RECALL_THRESHOLDS: readonly number[] = Object.freeze(linspace(0, 1, 101));
