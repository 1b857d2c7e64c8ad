import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { augmentResultChain, hammingDistance, type ImageTransform, type RectangleLabelsResultItem } from '@yungang/core';
import { applyImageTransforms, decodeGray, imageQuality } from './image-ops.js';
import { labelBounds, redBounds, redSquarePng } from '../test-support/red-square.js';

const box: RectangleLabelsResultItem = { id: 'b1', from_name: 'box', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 20, width: 30, height: 40, rectanglelabels: ['Red'] } };

describe('applyImageTransforms keeps the pixels in step with augmentResult', () => {
  const cases: [string, ImageTransform[]][] = [
    ['horizontal flip', [{ kind: 'flip', axis: 'horizontal' }]],
    ['vertical flip', [{ kind: 'flip', axis: 'vertical' }]],
    ['rotate 90', [{ kind: 'rotate', degrees: 90 }]],
    ['rotate 180', [{ kind: 'rotate', degrees: 180 }]],
    ['rotate 270', [{ kind: 'rotate', degrees: 270 }]],
    ['rotate 30', [{ kind: 'rotate', degrees: 30 }]],
    ['rotate -37.5', [{ kind: 'rotate', degrees: -37.5 }]],
    ['crop through the square', [{ kind: 'crop', x: 50, y: 10, width: 100, height: 80 }]],
    ['resize up', [{ kind: 'resize', width: 400, height: 200 }]],
    ['resize stretching', [{ kind: 'resize', width: 100, height: 300 }]],
    ['a chain', [{ kind: 'rotate', degrees: 90 }, { kind: 'flip', axis: 'horizontal' }, { kind: 'crop', x: 10, y: 30, width: 80, height: 150 }, { kind: 'resize', width: 160, height: 300 }]],
    ['colour and noise', [{ kind: 'brightness', factor: 0.9 }, { kind: 'contrast', factor: 1.1 }, { kind: 'noise', sigma: 4, seed: 3 }]],
  ];

  it.each(cases)('%s', async (_name, transforms) => {
    const image = await applyImageTransforms(await redSquarePng(), transforms);
    const labels = augmentResultChain([box], transforms, { width: 200, height: 100 });
    expect(labels.size).toEqual({ width: image.width, height: image.height });
    const moved = labels.result[0] as RectangleLabelsResultItem;
    const expected = labelBounds(moved.value, image.width, image.height);
    const actual = await redBounds(image.png);
    // Interpolated edges (resizes, arbitrary angles) may gain or lose a pixel; misplacement would be far more.
    actual.forEach((edge, i) => expect(Math.abs(edge - (expected[i] as number))).toBeLessThanOrEqual(1.5));
  });
});

/** A 192x128 RGB scene: a colour gradient, two soft blobs and a hard-edged bar (so it has detail to blur). */
async function scenePng(): Promise<Buffer> {
  const width = 192;
  const height = 128;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const blob = 90 * Math.exp(-((x - 60) ** 2 + (y - 40) ** 2) / 400) + 70 * Math.exp(-((x - 140) ** 2 + (y - 90) ** 2) / 300);
      const bar = x > 100 && x < 110 && y > 10 && y < 70 ? 60 : 0;
      const i = (y * width + x) * 3;
      data[i] = Math.min(255, 30 + x / 2 + blob);
      data[i + 1] = Math.min(255, 40 + y + bar);
      data[i + 2] = Math.min(255, 80 + blob / 2);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

describe('decodeGray and imageQuality', () => {
  it('decodes the upright image: an EXIF-rotated JPEG comes back with width and height swapped', async () => {
    const jpeg = await sharp(await redSquarePng()).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const gray = await decodeGray(jpeg);
    expect([gray.width, gray.height]).toEqual([100, 200]);
    expect(gray.data.length).toBe(100 * 200);
  });

  it('scores a sharp picture above its blurred copy and keeps a re-encoded copy a near-duplicate', async () => {
    const png = await scenePng();
    const sharpOne = await imageQuality(png);
    const blurredOne = await imageQuality(await sharp(png).blur(4).png().toBuffer());
    expect(sharpOne.sharpness).toBeGreaterThan(5 * blurredOne.sharpness);
    const reencoded = await imageQuality(await sharp(png).resize(144, 96).jpeg({ quality: 60 }).toBuffer());
    expect(hammingDistance(sharpOne.perceptualHash, reencoded.perceptualHash)).toBeLessThanOrEqual(4);
    const other = await imageQuality(await sharp(png).flop().png().toBuffer());
    expect(hammingDistance(sharpOne.perceptualHash, other.perceptualHash)).toBeGreaterThan(10);
    expect(sharpOne.exposure.verdict).toBe('ok');
    expect((await imageQuality(await redSquarePng())).exposure.verdict).toBe('overexposed');
  });

  it('rejects a truncated file', async () => {
    const png = await redSquarePng();
    await expect(decodeGray(png.subarray(0, Math.floor(png.length / 2)))).rejects.toThrow();
  });
});
