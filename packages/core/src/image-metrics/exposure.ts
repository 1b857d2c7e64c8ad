/**
 * Exposure score: how bright an image is on average and how much of it is crushed to black or blown to
 * white (detail that no later step can recover). The verdict flags images for review; the thresholds are
 * options because night scenes or document scans legitimately sit at the extremes.
 */
import { assertGrayImage, type GrayImage } from './gray-image.js';

export interface ExposureOptions {
  /** Values at or below this count as black. Default 16. */
  darkAt?: number;
  /** Values at or above this count as white. Default 239. */
  brightAt?: number;
  /** A share of black (or white) pixels at or above this flags the image. Default 0.5. */
  maxClippedShare?: number;
}

export interface ExposureScore {
  /** Mean brightness, 0 (black) .. 1 (white). */
  mean: number;
  darkShare: number;
  brightShare: number;
  verdict: 'underexposed' | 'overexposed' | 'ok';
}

/** Brightness statistics and a verdict for `image`. */
export function exposureScore(image: GrayImage, options: ExposureOptions = {}): ExposureScore {
  assertGrayImage(image);
  const darkAt = options.darkAt ?? 16;
  const brightAt = options.brightAt ?? 239;
  const maxClipped = options.maxClippedShare ?? 0.5;
  let sum = 0;
  let dark = 0;
  let bright = 0;
  const n = image.data.length;
  for (let i = 0; i < n; i++) {
    const v = image.data[i] as number;
    sum += v;
    if (v <= darkAt) dark++;
    if (v >= brightAt) bright++;
  }
  const mean = sum / n / 255;
  const darkShare = dark / n;
  const brightShare = bright / n;
  const verdict = darkShare >= maxClipped ? 'underexposed' : brightShare >= maxClipped ? 'overexposed' : 'ok';
  return { mean, darkShare, brightShare, verdict };
}
