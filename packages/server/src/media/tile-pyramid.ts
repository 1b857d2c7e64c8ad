import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DECODE_OPTIONS } from './image-source.js';

/** Images with a side longer than this get a tile pyramid: a browser cannot decode them whole in good time. */
export const TILE_THRESHOLD = 8000;
/** Deep Zoom's usual geometry: 254 + 2 × 1 overlap = 256 px tiles. */
export const TILE_SIZE = 254;
export const TILE_OVERLAP = 1;

export interface TileManifest {
  version: 1;
  width: number;
  height: number;
  tileSize: number;
  overlap: number;
  format: 'jpeg' | 'png';
  /** "level/col_row" → SHA-256 of the tile's blob. */
  tiles: Record<string, string>;
}

export interface PyramidFiles {
  format: 'jpeg' | 'png';
  /** "level/col_row" → the tile's file on disk. */
  files: Map<string, string>;
}

export function needsTiles(width: number, height: number): boolean {
  return Math.max(width, height) > TILE_THRESHOLD;
}

/**
 * Cuts the (upright) display image into a Deep Zoom pyramid with libvips' dzsave, which streams the image
 * and keeps memory flat even at 20,000 × 20,000. Tiles are JPEG, or PNG when the image has transparency.
 */
export async function writePyramid(displayPath: string, hasAlpha: boolean, dir: string): Promise<PyramidFiles> {
  const format = hasAlpha ? 'png' : 'jpeg';
  let pipeline = sharp(displayPath, DECODE_OPTIONS);
  pipeline = format === 'png' ? pipeline.png() : pipeline.jpeg({ quality: 85 });
  await pipeline.tile({ size: TILE_SIZE, overlap: TILE_OVERLAP, layout: 'dz', container: 'fs' }).toFile(join(dir, 'pyramid.dz'));
  const root = join(dir, 'pyramid_files');
  const files = new Map<string, string>();
  for (const level of await readdir(root)) {
    if (!/^\d+$/.test(level)) continue;
    for (const name of await readdir(join(root, level))) {
      const match = /^(\d+_\d+)\.(jpeg|png)$/.exec(name);
      if (match) files.set(`${level}/${match[1]}`, join(root, level, name));
    }
  }
  return { format, files };
}

/** The Deep Zoom descriptor (.dzi) viewers such as OpenSeadragon open; tiles are at `<name>_files/level/col_row.format`. */
export function dziDescriptor(m: { width: number; height: number; tileSize: number; overlap: number; format: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="${m.format}" Overlap="${m.overlap}" TileSize="${m.tileSize}"><Size Width="${m.width}" Height="${m.height}"/></Image>\n`;
}
