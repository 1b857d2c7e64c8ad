import { open, readFile } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { decode as decodeBmp } from 'bmp-ts';

/** The formats media intake accepts; anything else is reported per file and not stored. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'bmp';

export const IMAGE_MIME: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', tiff: 'image/tiff', bmp: 'image/bmp' };

/** 1,000 megapixels (about 31,600 px square): a 20,000 × 20,000 scan fits; decoding far larger needs more memory than a small server has. */
export const MAX_PIXELS = 1_000_000_000;
/** BMP is decoded in memory by bmp-ts (libvips cannot read it), so its size is capped. */
const MAX_BMP_BYTES = 256 * 1024 * 1024;

/** Why a file was not stored; the message is shown per file to whoever uploaded it. */
export class MediaRejection extends Error {}

/** A readable image: what it is and how to start decoding it. */
export interface ImageSource {
  format: ImageFormat;
  /** As stored in the file, before EXIF orientation. */
  width: number;
  height: number;
  /** EXIF (or TIFF) orientation, 1 = upright; 5–8 swap width and height. */
  orientation: number;
  hasAlpha: boolean;
  /** A fresh decoding pipeline (sharp pipelines are single-use). */
  open(): Sharp;
}

/**
 * Options for every pipeline over uploaded bytes: refuse images beyond MAX_PIXELS before decoding them,
 * and treat decoder warnings (a truncated JPEG, a bad checksum) as errors, so damaged files are rejected
 * instead of stored with grey bands.
 */
export const DECODE_OPTIONS = { limitInputPixels: MAX_PIXELS, failOn: 'warning' } as const;

/** Tells the format from the first bytes (never from the file name, which the uploader chose). */
export async function sniffFormat(path: string): Promise<ImageFormat | 'zip' | undefined> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    const b = head.subarray(0, bytesRead);
    if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
    if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
    if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
    if (b.length >= 4 && (b.toString('latin1', 0, 4) === 'II*\0' || b.toString('latin1', 0, 4) === 'MM\0*')) return 'tiff';
    if (b.length >= 2 && b.toString('latin1', 0, 2) === 'BM') return 'bmp';
    if (b.length >= 4 && b.toString('latin1', 0, 4) === 'PK\x03\x04') return 'zip';
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Reads the header of an accepted image; throws MediaRejection with a reason a person can act on. */
export async function openImage(path: string, format: ImageFormat): Promise<ImageSource> {
  if (format === 'bmp') return openBmp(path);
  let meta: Metadata;
  try {
    meta = await sharp(path, DECODE_OPTIONS).metadata();
  } catch (e) {
    throw new MediaRejection(`not a readable ${format.toUpperCase()} file (${(e as Error).message.trim()})`);
  }
  // sharp names what it found; a PNG header on a GIF body and the like end here.
  if (meta.format !== format && !(format === 'tiff' && meta.format === 'tiff')) throw new MediaRejection(`the file starts like ${format.toUpperCase()} but decodes as ${String(meta.format)}`);
  checkPixels(meta.width, meta.height);
  return { format, width: meta.width, height: meta.height, orientation: meta.orientation ?? 1, hasAlpha: meta.hasAlpha, open: () => sharp(path, DECODE_OPTIONS) };
}

async function openBmp(path: string): Promise<ImageSource> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_BMP_BYTES) throw new MediaRejection(`BMP files over ${MAX_BMP_BYTES / 1048576} MB are not accepted (they are decoded in memory); convert it to PNG or TIFF first`);
  let image: { width: number; height: number; data: Buffer };
  try {
    image = decodeBmp(bytes, { toRGBA: true });
  } catch (e) {
    throw new MediaRejection(`not a readable BMP file (${(e as Error).message})`);
  }
  const { width, height, data } = image;
  if (!(width > 0 && height > 0) || data.length < width * height * 4) throw new MediaRejection('not a readable BMP file (its pixel data is shorter than its header says)');
  checkPixels(width, height);
  // 24-bit BMPs, and most 32-bit ones, leave the fourth byte 0: only a BMP with some non-zero alpha has transparency.
  let hasAlpha = false;
  for (let i = 3; i < data.length && !hasAlpha; i += 4) hasAlpha = data[i] !== 0;
  const raw = { width, height, channels: 4 as const };
  return {
    format: 'bmp',
    width,
    height,
    orientation: 1,
    hasAlpha,
    open: () => (hasAlpha ? sharp(data, { raw, limitInputPixels: MAX_PIXELS }) : sharp(data, { raw, limitInputPixels: MAX_PIXELS }).removeAlpha()),
  };
}

function checkPixels(width: number, height: number): void {
  if (width * height > MAX_PIXELS) throw new MediaRejection(`the image is ${width} × ${height} px, more than the ${MAX_PIXELS.toLocaleString('en')} pixels this server decodes; split it or scale it down`);
}
