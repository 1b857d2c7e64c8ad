import sharp from 'sharp';
import { DECODE_OPTIONS, IMAGE_MIME, type ImageFormat, type ImageSource } from './image-source.js';

/** Longest side of a thumbnail; WebP keeps it a few kilobytes. */
export const THUMB_SIZE = 256;

/** Formats every browser shows in <img> as they are; TIFF (Safari only) and BMP are served as PNG. */
const BROWSER_READY = new Set<ImageFormat>(['jpeg', 'png', 'webp']);

export interface DisplayPlan {
  /** False: the original bytes are served as they are. */
  reencode: boolean;
  format: 'jpeg' | 'png' | 'webp';
  mime: string;
  /** After EXIF orientation. */
  width: number;
  height: number;
}

/**
 * What annotators are shown. The original is served untouched when that is already right; otherwise a
 * copy: turned upright (browsers do honour EXIF orientation, but box coordinates are fractions of the
 * width and height every tool must agree on, so the served image carries no rotation left to apply),
 * without metadata when asked, and as PNG when browsers cannot show the format.
 */
export function planDisplay(source: ImageSource, stripMetadata: boolean): DisplayPlan {
  const turned = source.orientation >= 5 && source.orientation <= 8;
  const width = turned ? source.height : source.width;
  const height = turned ? source.width : source.height;
  const format = BROWSER_READY.has(source.format) ? (source.format as DisplayPlan['format']) : 'png';
  const reencode = source.orientation !== 1 || stripMetadata || !BROWSER_READY.has(source.format);
  return { reencode, format, mime: IMAGE_MIME[format], width, height };
}

/** Writes the re-encoded display image (see planDisplay) to `out`. */
export async function writeDisplay(source: ImageSource, plan: DisplayPlan, stripMetadata: boolean, out: string): Promise<void> {
  let pipeline = source.open().autoOrient();
  // Without keepMetadata sharp writes no EXIF/XMP/IPTC at all; the colour profile is kept either way, since
  // it is no secret and dropping it shifts colours. autoOrient resets the orientation tag to 1.
  pipeline = stripMetadata ? pipeline.keepIccProfile() : pipeline.keepMetadata();
  if (plan.format === 'jpeg') pipeline = pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' });
  else if (plan.format === 'webp') pipeline = pipeline.webp({ quality: 92 });
  else pipeline = pipeline.png();
  await pipeline.toFile(out);
}

/** A WebP thumbnail of the (upright) display image, at most THUMB_SIZE px on its longest side. */
export async function writeThumbnail(displayPath: string, out: string): Promise<void> {
  await sharp(displayPath, DECODE_OPTIONS).autoOrient().resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toFile(out);
}
