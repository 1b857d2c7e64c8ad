import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ssdFaceDetector } from './face-detector.js';
import { ImageStage } from './image-stage.js';

const require = createRequire(import.meta.url);
const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
interface Labelled {
  images: { file: string; faces: [number, number][] }[];
}
const labels = JSON.parse(readFileSync(new URL('./test-fixtures/face-samples.json', import.meta.url), 'utf8')) as Labelled;

async function upright(file: string) {
  return sharp(join(demoDir, file)).autoOrient().removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** Mean absolute difference of two same-size raw RGB buffers over a rectangle. */
function meanDiff(a: Buffer, b: Buffer, width: number, r: { left: number; top: number; width: number; height: number }): number {
  let sum = 0;
  for (let y = r.top; y < r.top + r.height; y++) for (let x = r.left; x < r.left + r.width; x++) for (let c = 0; c < 3; c++) sum += Math.abs(a[(y * width + x) * 3 + c]! - b[(y * width + x) * 3 + c]!);
  return sum / (r.width * r.height * 3);
}

describe('face detection (SSD MobileNet v1 from the face-api npm package)', () => {
  it('finds at least 90 % of the hand-labelled faces in the package demo photographs, and none in a faceless picture', async () => {
    let found = 0;
    let total = 0;
    for (const image of labels.images) {
      const { data, info } = await upright(image.file);
      const boxes = (await ssdFaceDetector.detect(data, info.width, info.height)).filter((b) => b.score >= 0.5);
      for (const [x, y] of image.faces) {
        total++;
        if (boxes.some((b) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height)) found++;
      }
    }
    expect(total).toBe(22);
    expect(found / total).toBeGreaterThanOrEqual(0.9);
    // A gradient with noise has no face.
    const width = 640;
    const height = 480;
    const noise = Buffer.alloc(width * height * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = ((i * 2654435761) >>> 24) % 64 + (i % (width * 3)) / 12;
    expect((await ssdFaceDetector.detect(noise, width, height)).filter((b) => b.score >= 0.5)).toEqual([]);
  }, 120_000);

  it('face-blur covers every face and leaves the rest of the picture alone; action drop drops it', async () => {
    const input = readFileSync(join(demoDir, 'sample1.jpg'));
    const stage = new ImageStage([{ index: 0, spec: { op: 'face-blur' } }], 'image');
    const out = await stage.process(input, 0, 'sample1.jpg');
    expect(out.status).toBe('changed');
    if (out.status !== 'changed') return;
    expect(out.scores.faces).toBe(3);
    expect(out.changedBy).toEqual(['face-blur']);
    const before = await upright('sample1.jpg');
    const after = await sharp(out.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([after.info.width, after.info.height]).toEqual([before.info.width, before.info.height]);
    // Around each labelled face the picture changed a lot; a corner far from any face hardly (JPEG noise only).
    for (const [x, y] of labels.images[0]!.faces) {
      expect(meanDiff(before.data, after.data, before.info.width, { left: x - 20, top: y - 20, width: 40, height: 40 })).toBeGreaterThan(6);
    }
    expect(meanDiff(before.data, after.data, before.info.width, { left: 1700, top: 1000, width: 200, height: 200 })).toBeLessThan(3);
    expect(stage.stats[0]).toMatchObject({ op: 'face-blur', changed: 1, dropped: 0 });

    const strict = new ImageStage([{ index: 0, spec: { op: 'face-blur', action: 'drop' } }], 'image');
    const dropped = await strict.process(input, 0, 'sample1.jpg');
    expect(dropped).toMatchObject({ status: 'dropped', droppedBy: { op: 'face-blur', reason: expect.stringContaining('3 faces') } });
  }, 120_000);
});
