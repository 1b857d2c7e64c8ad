/**
 * Deep Zoom tile pyramids (the server cuts one for images over 8,000 px on a side; docs/media.md): reading
 * the descriptor, picking the level that matches the size the image is shown at, and listing the tiles
 * that cover what is on screen, positioned in percent of the image so they sit in the same stage as the
 * shapes. Pure; the component fetches and renders.
 */

export interface DeepZoomImage {
  width: number;
  height: number;
  tileSize: number;
  overlap: number;
  format: string;
}

/** The descriptor's numbers, or null when the XML is not a Deep Zoom descriptor. */
export function parseDzi(xml: string): DeepZoomImage | null {
  const attr = (name: string, within: string) => new RegExp(`${name}="([^"]+)"`).exec(within)?.[1];
  const image = /<Image\b[^>]*>/.exec(xml)?.[0];
  const size = /<Size\b[^>]*>/.exec(xml)?.[0];
  if (!image || !size) return null;
  const tileSize = Number(attr('TileSize', image));
  const overlap = Number(attr('Overlap', image));
  const format = attr('Format', image) ?? 'jpeg';
  const width = Number(attr('Width', size));
  const height = Number(attr('Height', size));
  if (![tileSize, overlap, width, height].every((n) => Number.isInteger(n) && n >= 0) || tileSize === 0 || width === 0 || height === 0) return null;
  return { width, height, tileSize, overlap, format };
}

/** The pyramid's top level: the one at full resolution (level 0 is 1 × 1 px). */
export function maxLevel(image: DeepZoomImage): number {
  return Math.ceil(Math.log2(Math.max(image.width, image.height)));
}

/** Width and height of a level. */
export function levelSize(image: DeepZoomImage, level: number): { width: number; height: number } {
  const factor = 2 ** (maxLevel(image) - level);
  return { width: Math.ceil(image.width / factor), height: Math.ceil(image.height / factor) };
}

/** The smallest level at least as wide as the image is shown (device pixels), else full resolution. */
export function levelFor(image: DeepZoomImage, shownWidthPx: number): number {
  const top = maxLevel(image);
  for (let level = 0; level < top; level++) if (levelSize(image, level).width >= shownWidthPx) return level;
  return top;
}

/** The part of the image on screen, as fractions of its width and height. */
export interface Visible {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TilePlacement {
  key: string;
  url: string;
  /** Percent of the image. */
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The tiles of `level` covering `visible`, in percent of the image. A Deep Zoom tile (col, row) starts
 * `overlap` pixels before its cell (except in the first column or row) and ends `overlap` after it (except
 * at the edge), so neighbours overlap and no seam shows.
 */
export function tilesFor(image: DeepZoomImage, level: number, visible: Visible, baseUrl: string): TilePlacement[] {
  const { width, height } = levelSize(image, level);
  const { tileSize: ts, overlap: ov } = image;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const colFrom = Math.floor((clamp(visible.x0) * width) / ts);
  const colTo = Math.min(Math.ceil(width / ts) - 1, Math.floor((clamp(visible.x1) * width) / ts));
  const rowFrom = Math.floor((clamp(visible.y0) * height) / ts);
  const rowTo = Math.min(Math.ceil(height / ts) - 1, Math.floor((clamp(visible.y1) * height) / ts));
  const out: TilePlacement[] = [];
  for (let row = rowFrom; row <= rowTo; row++) {
    for (let col = colFrom; col <= colTo; col++) {
      const x = Math.max(0, col * ts - ov);
      const y = Math.max(0, row * ts - ov);
      const x2 = Math.min(width, (col + 1) * ts + ov);
      const y2 = Math.min(height, (row + 1) * ts + ov);
      out.push({
        key: `${level}/${col}_${row}`,
        url: `${baseUrl}/${level}/${col}_${row}.${image.format}`,
        left: (x / width) * 100,
        top: (y / height) * 100,
        width: ((x2 - x) / width) * 100,
        height: ((y2 - y) / height) * 100,
      });
    }
  }
  return out;
}

/** The media URL a tile pyramid may exist for (`/api/v1/media/<sha256>`), or null for any other image. */
export function tiledMediaUrl(src: string): string | null {
  return /^\/api\/v1\/media\/[0-9a-f]{64}$/.test(src) ? src : null;
}
