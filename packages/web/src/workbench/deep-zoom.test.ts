import { describe, expect, it } from 'vitest';
import { levelFor, levelSize, maxLevel, parseDzi, tiledMediaUrl, tilesFor } from './deep-zoom.ts';

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="jpeg" Overlap="1" TileSize="254"><Size Width="20000" Height="10000"/></Image>\n';

describe('deep zoom', () => {
  const image = parseDzi(XML)!;

  it('reads the descriptor', () => {
    expect(image).toEqual({ width: 20000, height: 10000, tileSize: 254, overlap: 1, format: 'jpeg' });
    expect(parseDzi('<html/>')).toBeNull();
  });

  it('has levels from 1 px up to full size, halving each step (rounding up)', () => {
    expect(maxLevel(image)).toBe(15); // 2^15 = 32,768 ≥ 20,000
    expect(levelSize(image, 15)).toEqual({ width: 20000, height: 10000 });
    expect(levelSize(image, 14)).toEqual({ width: 10000, height: 5000 });
    expect(levelSize(image, 0)).toEqual({ width: 1, height: 1 });
  });

  it('picks the smallest level at least as wide as the image is shown', () => {
    expect(levelFor(image, 1200)).toBe(11); // 1,250 px wide
    expect(levelFor(image, 30000)).toBe(15);
  });

  it('lists the tiles on screen, overlapping their neighbours by the overlap, in percent', () => {
    // Level 11 is 1,250 × 625: 5 × 3 tiles; the whole image visible.
    const all = tilesFor(image, 11, { x0: 0, y0: 0, x1: 1, y1: 1 }, '/t');
    expect(all).toHaveLength(15);
    expect(all[0]).toEqual({ key: '11/0_0', url: '/t/11/0_0.jpeg', left: 0, top: 0, width: (255 / 1250) * 100, height: (255 / 625) * 100 });
    const second = all.find((t) => t.key === '11/1_0')!;
    expect(second.left).toBeCloseTo((253 / 1250) * 100, 12);
    expect(second.width).toBeCloseTo((256 / 1250) * 100, 12);
    // Zoomed into the top-left quarter: only its tiles.
    expect(tilesFor(image, 11, { x0: 0, y0: 0, x1: 0.25, y1: 0.25 }, '/t').map((t) => t.key)).toEqual(['11/0_0', '11/1_0']);
  });

  it('only media URLs can have a pyramid', () => {
    expect(tiledMediaUrl(`/api/v1/media/${'a'.repeat(64)}`)).not.toBeNull();
    expect(tiledMediaUrl('https://example.org/a.jpg')).toBeNull();
    expect(tiledMediaUrl(`/api/v1/media/${'a'.repeat(64)}/thumb`)).toBeNull();
  });
});
