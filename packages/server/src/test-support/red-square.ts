import sharp from 'sharp';
import type { RectangleValue } from '@yungang/core';

// Pixels and labels for the augmentation tests: a red square whose box must follow every transform.

/** A 200x100 white PNG with a red square at pixels x 20..80, y 20..60 (the box x 10, y 20, 30 × 40 % labels it). */
export async function redSquarePng(): Promise<Buffer> {
  const red = await sharp({ create: { width: 60, height: 40, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
  return sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: red, left: 20, top: 20 }])
    .png()
    .toBuffer();
}

/** Bounding box [minX, minY, maxX, maxY] (pixel edges) of the clearly red, opaque pixels. */
export async function redBounds(png: Buffer): Promise<[number, number, number, number]> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * 4;
      if ((data[i] as number) > 180 && (data[i + 1] as number) < 90 && (data[i + 2] as number) < 90 && (data[i + 3] as number) > 200) {
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x + 1);
        maxY = Math.max(maxY, y + 1);
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/** The pixel bounding box of a (possibly rotated) Label Studio box on an image of this size. */
export function labelBounds(v: RectangleValue, width: number, height: number): [number, number, number, number] {
  const t = ((v.rotation ?? 0) * Math.PI) / 180;
  const [ax, ay, w, h] = [(v.x * width) / 100, (v.y * height) / 100, (v.width * width) / 100, (v.height * height) / 100];
  const xs = [ax, ax + w * Math.cos(t), ax + w * Math.cos(t) - h * Math.sin(t), ax - h * Math.sin(t)];
  const ys = [ay, ay + w * Math.sin(t), ay + w * Math.sin(t) + h * Math.cos(t), ay + h * Math.cos(t)];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
