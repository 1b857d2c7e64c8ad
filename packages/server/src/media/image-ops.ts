/**
 * The pixel side of image preprocessing and augmentation, with sharp. Pure measures and label transforms
 * live in core (image-metrics, augment); this file only decodes bytes to the grayscale arrays those
 * measures read, and applies an ImageTransform to the pixels the same way core moves the labels, so an
 * augmented image and its augmented result stay in step.
 *
 * Every operation starts from the upright image (EXIF orientation applied), because label coordinates are
 * fractions of the upright image every tool displays. Each transform runs in its own sharp pipeline since
 * sharp reorders operations within one pipeline.
 */
import sharp from 'sharp';
import {
  assertImageTransform,
  differenceHash,
  exposureScore,
  laplacianVariance,
  perceptualHash,
  rotatedSize,
  seededRandom,
  type ExposureScore,
  type GrayImage,
  type ImageTransform,
} from '@yungang/core';
import { DECODE_OPTIONS } from './image-source.js';

/** An encoded image and its size in pixels. */
export interface EncodedImage {
  png: Buffer;
  width: number;
  height: number;
}

/** The upright image as 8-bit grayscale, row-major, one byte per pixel. */
export async function decodeGray(input: Buffer): Promise<GrayImage> {
  const { data, info } = await sharp(input, DECODE_OPTIONS).autoOrient().grayscale().raw().toBuffer({ resolveWithObject: true });
  // sharp keeps an alpha channel through grayscale(); take the first channel of each pixel.
  if (info.channels === 1) return { width: info.width, height: info.height, data };
  const gray = new Uint8Array(info.width * info.height);
  for (let i = 0; i < gray.length; i++) gray[i] = data[i * info.channels] as number;
  return { width: info.width, height: info.height, data: gray };
}

export interface ImageQuality {
  width: number;
  height: number;
  perceptualHash: string;
  differenceHash: string;
  /** Variance of the Laplacian: higher is sharper. */
  sharpness: number;
  exposure: ExposureScore;
}

/** Hashes, sharpness and exposure of an encoded image; sharp rejects damaged files (see DECODE_OPTIONS). */
export async function imageQuality(input: Buffer): Promise<ImageQuality> {
  const gray = await decodeGray(input);
  return {
    width: gray.width,
    height: gray.height,
    perceptualHash: perceptualHash(gray),
    differenceHash: differenceHash(gray),
    sharpness: laplacianVariance(gray),
    exposure: exposureScore(gray),
  };
}

/** Standard normal samples from a seeded generator (Box–Muller), so noise is reproducible from its seed. */
function gaussian(seed: number): () => number {
  const random = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

async function addNoise(input: Buffer, sigma: number, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
  const next = gaussian(seed);
  const colourChannels = info.channels === 2 || info.channels === 4 ? info.channels - 1 : info.channels;
  for (let p = 0; p < info.width * info.height; p++) {
    for (let c = 0; c < colourChannels; c++) {
      const i = p * info.channels + c;
      data[i] = Math.max(0, Math.min(255, Math.round((data[i] as number) + sigma * next())));
    }
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer();
}

/**
 * Rotates clockwise about the centre onto a canvas of core's rotatedSize (the rotated bounding box rounded
 * up). libvips rounds its canvas to the nearest pixel instead, so the difference (at most one pixel) is
 * added on the right and bottom; content can sit up to half a pixel off core's centre, below what a label
 * can resolve.
 */
async function rotate(input: Buffer, degrees: number, width: number, height: number): Promise<Buffer> {
  const turned = await sharp(input).rotate(degrees, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer({ resolveWithObject: true });
  const target = rotatedSize({ width, height }, degrees);
  if (turned.info.width === target.width && turned.info.height === target.height) return turned.data;
  let pipeline = sharp(turned.data);
  const right = Math.max(0, target.width - turned.info.width);
  const bottom = Math.max(0, target.height - turned.info.height);
  if (right > 0 || bottom > 0) pipeline = sharp(await pipeline.extend({ right, bottom, background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer());
  return pipeline.extract({ left: 0, top: 0, width: target.width, height: target.height }).png().toBuffer();
}

async function applyOne(input: Buffer, transform: ImageTransform, width: number, height: number): Promise<Buffer> {
  const image = sharp(input);
  switch (transform.kind) {
    case 'flip':
      // sharp's flop mirrors left↔right (our horizontal flip), flip mirrors top↔bottom.
      return (transform.axis === 'horizontal' ? image.flop() : image.flip()).png().toBuffer();
    case 'rotate':
      return rotate(input, transform.degrees, width, height);
    case 'crop':
      return image.extract({ left: transform.x, top: transform.y, width: transform.width, height: transform.height }).png().toBuffer();
    case 'resize':
      return image.resize(transform.width, transform.height, { fit: 'fill' }).png().toBuffer();
    case 'brightness':
      return image.linear(transform.factor, 0).png().toBuffer();
    case 'contrast':
      return image.linear(transform.factor, 128 * (1 - transform.factor)).png().toBuffer();
    case 'grayscale':
      return image.grayscale().png().toBuffer();
    case 'noise':
      return addNoise(input, transform.sigma, transform.seed);
  }
}

/**
 * Applies `transforms` in order to the upright image and returns a PNG; pair it with core's
 * augmentResultChain over the same transforms and size for the labels. Throws core's ValidationError for a
 * transform that does not fit the image.
 */
export async function applyImageTransforms(input: Buffer, transforms: readonly ImageTransform[]): Promise<EncodedImage> {
  let png: Buffer = await sharp(input, DECODE_OPTIONS).autoOrient().png().toBuffer();
  let { width, height } = await sharp(png).metadata();
  for (const transform of transforms) {
    assertImageTransform(transform, { width, height });
    png = await applyOne(png, transform, width, height);
    ({ width, height } = await sharp(png).metadata());
  }
  return { png, width, height };
}
