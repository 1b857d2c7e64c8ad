/**
 * Blur score: the variance of the Laplacian (the 4-neighbour kernel). Edges give the Laplacian large
 * positive and negative values; blur flattens them, so a sharp image scores high and a blurred or flat one
 * near 0. The score depends on content and size, so compare it within a dataset (or to a per-project
 * threshold) rather than as an absolute.
 */
import { assertGrayImage, type GrayImage } from './gray-image.js';

/** Variance of the Laplacian over interior pixels; images smaller than 3x3 have none and score 0. */
export function laplacianVariance(image: GrayImage): number {
  assertGrayImage(image);
  const { width: w, height: h, data } = image;
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = 4 * (data[i] as number) - (data[i - 1] as number) - (data[i + 1] as number) - (data[i - w] as number) - (data[i + w] as number);
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}
