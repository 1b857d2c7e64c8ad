/**
 * A grayscale image as plain numbers, so image quality measures stay pure: row-major (`data[y * width + x]`),
 * values 0 (black) .. 255 (white). The server decodes files to this shape; tests build it by hand.
 */

export interface GrayImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** Throws a RangeError naming the problem when `image` is not a usable grayscale image. */
export function assertGrayImage(image: GrayImage, what = 'image'): void {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width <= 0 || image.height <= 0) {
    throw new RangeError(`${what}: width and height must be whole pixels > 0, got ${image.width}x${image.height}`);
  }
  if (image.data.length !== image.width * image.height) {
    throw new RangeError(`${what}: data must hold width x height = ${image.width * image.height} values, got ${image.data.length}`);
  }
}

/**
 * Interleaved RGB/RGBA (or already gray) pixels → gray, with the BT.601 luma weights most perceptual
 * hashes are defined with (so hashes match other tools that read the same file). Alpha is ignored.
 */
export function toGray(pixels: ArrayLike<number>, width: number, height: number, channels: number): GrayImage {
  if (![1, 2, 3, 4].includes(channels)) throw new RangeError(`channels must be 1..4, got ${channels}`);
  if (pixels.length !== width * height * channels) throw new RangeError(`pixels must hold width x height x channels = ${width * height * channels} values, got ${pixels.length}`);
  const data = new Float64Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const o = i * channels;
    data[i] = channels < 3 ? (pixels[o] as number) : 0.299 * (pixels[o] as number) + 0.587 * (pixels[o + 1] as number) + 0.114 * (pixels[o + 2] as number);
  }
  return { width, height, data };
}

/** Weights of the source pixels each output pixel covers along one axis (box filter, exact overlaps). */
function coverage(from: number, to: number): { start: number; weights: number[] }[] {
  const scale = from / to;
  const out: { start: number; weights: number[] }[] = [];
  for (let i = 0; i < to; i++) {
    const a = i * scale;
    const b = (i + 1) * scale;
    const start = Math.floor(a);
    const weights: number[] = [];
    for (let s = start; s < Math.min(from, Math.ceil(b)); s++) weights.push((Math.min(b, s + 1) - Math.max(a, s)) / scale);
    out.push({ start, weights });
  }
  return out;
}

/**
 * The image resampled to `width` x `height` by area averaging: each output pixel is the mean of the source
 * area it covers. Separable, exact for any ratio, up or down.
 */
export function resizeGray(image: GrayImage, width: number, height: number): GrayImage {
  assertGrayImage(image);
  const cols = coverage(image.width, width);
  const rows = coverage(image.height, height);
  const across = new Float64Array(width * image.height);
  for (let y = 0; y < image.height; y++) {
    cols.forEach(({ start, weights }, x) => {
      let sum = 0;
      weights.forEach((w, k) => {
        sum += w * (image.data[y * image.width + start + k] as number);
      });
      across[y * width + x] = sum;
    });
  }
  const data = new Float64Array(width * height);
  rows.forEach(({ start, weights }, y) => {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      weights.forEach((w, k) => {
        sum += w * (across[(start + k) * width + x] as number);
      });
      data[y * width + x] = sum;
    }
  });
  return { width, height, data };
}
