/**
 * Moving COCO RLE brush masks with the image. Flips, quarter turns and crops permute pixels, so they are
 * exact; a resize samples the nearest source pixel (what an image resize does to a label mask, which must
 * stay binary). An arbitrary-angle rotation would need resampling with sub-pixel choices that the pixel
 * side of the augmentation may not make the same way, so it is refused rather than approximated.
 */
import type { BinaryMask, CocoRle } from '../metrics/masks/coco-rle.js';
import { compressRle, decodeRle, encodeMask } from '../metrics/masks/coco-rle.js';
import { exactCosSin, type ImageSize, type ImageTransform } from './image-transform.js';

/** Why `transform` cannot move a mask of this image, or null when it can. */
export function maskTransformProblem(transform: ImageTransform, rle: CocoRle, size: ImageSize): string | null {
  const [h, w] = rle.size;
  if (h !== size.height || w !== size.width) {
    return `the mask is ${w}x${h} pixels but the image is ${size.width}x${size.height}; masks must have the image's natural size`;
  }
  if (transform.kind === 'rotate') {
    const d = ((transform.degrees % 360) + 360) % 360;
    if (d % 90 !== 0) return 'brush masks can only be rotated by multiples of 90°; convert the mask to a polygon first or use a quarter turn';
  }
  return null;
}

function remap(source: BinaryMask, width: number, height: number, from: (x: number, y: number) => [number, number]): BinaryMask {
  const data = new Uint8Array(width * height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const [sx, sy] = from(x, y);
      data[x * height + y] = source.data[sx * source.height + sy] ?? 0;
    }
  }
  return { width, height, data };
}

/** The mask after `transform` (checked with maskTransformProblem first); string counts stay compressed. */
export function transformMask(transform: ImageTransform, rle: CocoRle): CocoRle {
  const m = decodeRle(rle);
  const W = m.width;
  const H = m.height;
  let out: BinaryMask;
  switch (transform.kind) {
    case 'flip':
      out = transform.axis === 'horizontal' ? remap(m, W, H, (x, y) => [W - 1 - x, y]) : remap(m, W, H, (x, y) => [x, H - 1 - y]);
      break;
    case 'rotate': {
      const [cos, sin] = exactCosSin(transform.degrees);
      if (cos === 1) out = m;
      else if (cos === -1) out = remap(m, W, H, (x, y) => [W - 1 - x, H - 1 - y]);
      // Clockwise quarter turn: output (x, y) shows source (y, H' - 1 - x) where the output is H x W.
      else if (sin === 1) out = remap(m, H, W, (x, y) => [y, H - 1 - x]);
      else out = remap(m, H, W, (x, y) => [W - 1 - y, x]);
      break;
    }
    case 'crop': {
      const { x: cx, y: cy } = transform;
      out = remap(m, transform.width, transform.height, (x, y) => [x + cx, y + cy]);
      break;
    }
    case 'resize': {
      const sx = W / transform.width;
      const sy = H / transform.height;
      // Pixel centres: output pixel x covers source [x*sx, (x+1)*sx); sample at its centre.
      out = remap(m, transform.width, transform.height, (x, y) => [Math.min(W - 1, Math.floor((x + 0.5) * sx)), Math.min(H - 1, Math.floor((y + 0.5) * sy))]);
      break;
    }
    default:
      return rle;
  }
  const encoded = encodeMask(out);
  return typeof rle.counts === 'string' ? compressRle(encoded) : encoded;
}
