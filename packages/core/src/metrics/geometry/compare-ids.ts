/**
 * A total order on image and category ids that sorts canonical non-negative integers numerically ("2"
 * before "10") and everything else after them by UTF-16 code units. pycocotools evaluates images in
 * sorted id order and COCO ids are integers; the order decides which of two detections with exactly
 * equal scores on different images is ranked first, so sorting "42" and "133" as numbers reproduces
 * pycocotools on COCO data.
 */

const CANONICAL_INTEGER = /^(?:0|[1-9][0-9]*)$/;

/** Compares two ids: integers numerically first, then other strings by code units. */
export function compareIds(a: string, b: string): number {
  const aInt = CANONICAL_INTEGER.test(a);
  const bInt = CANONICAL_INTEGER.test(b);
  if (aInt !== bInt) return aInt ? -1 : 1;
  // Without leading zeros, a longer integer is larger; equal lengths compare digit by digit. No
  // Number() conversion, so ids beyond 2^53 still order correctly.
  if (aInt && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
