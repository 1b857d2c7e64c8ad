/**
 * Pixels ↔ percent. Our results keep coordinates in percent of the image (Label Studio's convention), while
 * COCO, VOC and CVAT count pixels: converting needs the image's natural size, and a wrong size silently
 * moves every shape, so the size is only ever taken from a stated source, never guessed.
 */
import type { AnnotationResult } from '../annotation/result.types.js';

export interface ImageSize {
  width: number;
  height: number;
}

export function toPercent(pixels: number, extent: number): number {
  return (pixels / extent) * 100;
}

export function toPixels(percent: number, extent: number): number {
  return (percent * extent) / 100;
}

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A size from two untrusted values (JSON numbers or numeric strings), when both are positive. */
export function sizeOf(width: unknown, height: unknown): ImageSize | undefined {
  const w = positive(width);
  const h = positive(height);
  return w !== undefined && h !== undefined ? { width: w, height: h } : undefined;
}

/**
 * A task's image size: from a result item's `original_width`/`original_height` (Label Studio records the
 * size the image had when drawn), else from the task data's `width`/`height` (our image imports store them
 * there); undefined when neither says.
 */
export function imageSizeOf(data: Record<string, unknown>, result: AnnotationResult = []): ImageSize | undefined {
  for (const item of result) {
    if ('original_width' in item) {
      const size = sizeOf(item.original_width, item.original_height);
      if (size) return size;
    }
  }
  return sizeOf(data.width, data.height);
}
