import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seeded-random.js';
import { exposureScore } from './exposure.js';
import { resizeGray, toGray, type GrayImage } from './gray-image.js';
import { differenceHash, hammingDistance, NEAR_DUPLICATE_DISTANCE, perceptualHash } from './perceptual-hash.js';
import { laplacianVariance } from './sharpness.js';

function image(width: number, height: number, at: (x: number, y: number) => number): GrayImage {
  const data = new Float64Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = at(x, y);
  return { width, height, data };
}

const checkerboard = image(64, 64, (x, y) => ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 === 0 ? 0 : 255));

/** A 5x5 box blur (edges clamped). */
function blurred(src: GrayImage): GrayImage {
  return image(src.width, src.height, (x, y) => {
    let sum = 0;
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const sx = Math.min(src.width - 1, Math.max(0, x + dx));
        const sy = Math.min(src.height - 1, Math.max(0, y + dy));
        sum += src.data[sy * src.width + sx] as number;
      }
    }
    return sum / 25;
  });
}

// A smooth "photo-like" scene: two blobs on a gradient, so low frequencies carry the picture.
const scene = image(96, 64, (x, y) => 40 + x + 60 * Math.exp(-((x - 30) ** 2 + (y - 20) ** 2) / 200) + 80 * Math.exp(-((x - 70) ** 2 + (y - 45) ** 2) / 150));

describe('laplacianVariance (blur score)', () => {
  it('matches a hand-worked value', () => {
    // Interior pixels (1,1) and (2,1): Laplacians 4·10 = 40 and −10; mean 15, variance 25² = 625.
    expect(laplacianVariance({ width: 4, height: 3, data: [0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0] })).toBe(625);
  });

  it('scores a sharp checkerboard far above the same board blurred, and a flat image 0', () => {
    const sharp = laplacianVariance(checkerboard);
    const soft = laplacianVariance(blurred(checkerboard));
    expect(soft).toBeGreaterThan(0);
    expect(sharp).toBeGreaterThan(20 * soft);
    expect(laplacianVariance(image(10, 10, () => 128))).toBe(0);
  });
});

describe('exposureScore', () => {
  it('calls a black image underexposed and a white one overexposed', () => {
    expect(exposureScore(image(8, 8, () => 0))).toEqual({ mean: 0, darkShare: 1, brightShare: 0, verdict: 'underexposed' });
    expect(exposureScore(image(8, 8, () => 255))).toEqual({ mean: 1, darkShare: 0, brightShare: 1, verdict: 'overexposed' });
  });

  it('counts clipped pixels and means by hand', () => {
    expect(exposureScore({ width: 2, height: 2, data: [0, 255, 128, 128] })).toEqual({ mean: 511 / 4 / 255, darkShare: 0.25, brightShare: 0.25, verdict: 'ok' });
    expect(exposureScore({ width: 2, height: 2, data: [0, 255, 128, 128] }, { maxClippedShare: 0.25 }).verdict).toBe('underexposed');
  });
});

describe('perceptual and difference hashes', () => {
  it('keeps near-duplicates close: resized, brightened, lightly noised', () => {
    const random = seededRandom(42);
    const noisy = image(96, 64, (x, y) => (scene.data[y * 96 + x] as number) + (random() - 0.5) * 12);
    const brighter = image(96, 64, (x, y) => (scene.data[y * 96 + x] as number) + 15);
    const smaller = resizeGray(scene, 60, 40);
    const base = perceptualHash(scene);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    for (const copy of [noisy, brighter, smaller]) {
      expect(hammingDistance(base, perceptualHash(copy))).toBeLessThanOrEqual(4);
      expect(hammingDistance(differenceHash(scene), differenceHash(copy))).toBeLessThanOrEqual(4);
    }
  });

  it('sets different pictures far apart', () => {
    const mirrored = image(96, 64, (x, y) => scene.data[y * 96 + (95 - x)] as number);
    expect(hammingDistance(perceptualHash(scene), perceptualHash(mirrored))).toBeGreaterThan(NEAR_DUPLICATE_DISTANCE);
    expect(hammingDistance(perceptualHash(scene), perceptualHash(checkerboard))).toBeGreaterThan(NEAR_DUPLICATE_DISTANCE);
  });

  it('gives the textbook dHash of a gradient: every bit set when brightness grows to the right', () => {
    expect(differenceHash(image(90, 80, (x) => x))).toBe('ffffffffffffffff');
    expect(differenceHash(image(90, 80, (x) => 255 - x))).toBe('0000000000000000');
  });

  it('counts differing bits and refuses mismatched hashes', () => {
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('00000000000000f1', '0000000000000000')).toBe(5);
    expect(() => hammingDistance('ff', 'fff')).toThrow('hex strings of equal length');
  });
});

describe('gray images', () => {
  it('averages areas when shrinking and interpolates coverage when growing', () => {
    expect(Array.from(resizeGray({ width: 4, height: 2, data: [0, 10, 20, 30, 40, 50, 60, 70] }, 2, 1).data)).toEqual([25, 45]);
    const grown = Array.from(resizeGray({ width: 2, height: 1, data: [0, 30] }, 3, 1).data);
    grown.forEach((v, i) => expect(v).toBeCloseTo([0, 15, 30][i] as number, 12));
  });

  it('turns RGB(A) into BT.601 luma and checks the buffer length', () => {
    expect(Array.from(toGray([255, 0, 0, 255, 0, 0, 255, 9], 2, 1, 4).data)).toEqual([0.299 * 255, 0.114 * 255]);
    expect(() => toGray([1, 2, 3], 2, 1, 3)).toThrow('pixels must hold width x height x channels = 6 values, got 3');
    expect(() => laplacianVariance({ width: 3, height: 3, data: [1] })).toThrow('data must hold width x height = 9 values, got 1');
  });
});
