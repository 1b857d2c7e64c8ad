import { describe, expect, it } from 'vitest';
import { decodeRle, rleArea } from '@yungang/core';
import { maskAt, maskLayerPixels, paintPath, rlePixel, strokeMask } from './brush-mask.ts';

describe('brush strokes', () => {
  const size = { width: 20, height: 10 };

  it('paints a capsule along the path and rubs it out again', () => {
    const painted = strokeMask(null, size, [{ x: 2, y: 5 }, { x: 18, y: 5 }], 2, false);
    expect(painted).not.toBeNull();
    expect(typeof painted!.counts).toBe('string');
    expect(painted!.size).toEqual([10, 20]);
    // A 16 × 4 band plus two half discs: about 16·4 + π·4 ≈ 77 pixels.
    expect(rleArea(painted!)).toBeGreaterThan(65);
    expect(rleArea(painted!)).toBeLessThan(85);
    const half = strokeMask(painted, size, [{ x: 10, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }, { x: 20, y: 0 }], 0.5, false);
    expect(rleArea(half!)).toBeGreaterThan(rleArea(painted!));
    const erased = strokeMask(painted, size, [{ x: 10, y: 5 }, { x: 20, y: 5 }], 3, true);
    expect(rleArea(erased!)).toBeLessThan(rleArea(painted!) * 0.6);
    expect(strokeMask(painted, size, [{ x: 0, y: 5 }, { x: 20, y: 5 }], 4, true)).toBeNull();
  });

  it('stamps a single click as a disc, clipped at the edges', () => {
    const mask = { width: 4, height: 4, data: new Uint8Array(16) };
    paintPath(mask, [{ x: 0, y: 0 }], 1, 1);
    // Only pixel (0, 0) has its centre (0.5, 0.5) within 1 of the corner.
    expect([...mask.data].filter((v) => v === 1)).toHaveLength(1);
    expect(mask.data[0]).toBe(1);
  });

  it('turns a mask into row-major RGBA', () => {
    const rle = strokeMask(null, { width: 3, height: 2 }, [{ x: 2.5, y: 0.5 }], 0.4, false)!;
    expect([...decodeRle(rle).data]).toEqual([0, 0, 0, 0, 1, 0]);
    const pixels = maskLayerPixels([{ id: 'a', rle, color: '#ff8000' }], { width: 3, height: 2 }, 128);
    expect([...pixels.slice(8, 12)]).toEqual([255, 128, 0, 128]);
    expect(pixels[3]).toBe(0);
    // A mask of another size is not drawn.
    expect(maskLayerPixels([{ id: 'a', rle, color: '#ff8000' }], { width: 2, height: 3 }, 128).every((v) => v === 0)).toBe(true);
  });

  it('reads one pixel of a mask from its runs, as decoding would', () => {
    const rle = strokeMask(null, size, [{ x: 4, y: 3 }, { x: 15, y: 6 }], 1.5, false)!;
    const { data } = decodeRle(rle);
    for (let x = 0; x < size.width; x++) for (let y = 0; y < size.height; y++) expect(rlePixel(rle, x, y)).toBe(data[x * size.height + y] === 1);
    expect(rlePixel(rle, -1, 3)).toBe(false);
    expect(rlePixel(rle, 4, size.height)).toBe(false);
  });

  it('finds the mask on top at a point: the last in result order', () => {
    const left = strokeMask(null, size, [{ x: 2, y: 5 }, { x: 12, y: 5 }], 2, false)!;
    const right = strokeMask(null, size, [{ x: 8, y: 5 }, { x: 18, y: 5 }], 2, false)!;
    const masks = [
      { id: 'left', rle: left, color: '#ff0000' },
      { id: 'right', rle: right, color: '#0000ff' },
    ];
    expect(maskAt(masks, size, { x: 3.2, y: 5.4 })).toBe('left');
    // Both are painted at x = 10: the later one is drawn over the earlier.
    expect(maskAt(masks, size, { x: 10.5, y: 5.5 })).toBe('right');
    expect(maskAt([...masks].reverse(), size, { x: 10.5, y: 5.5 })).toBe('left');
    expect(maskAt(masks, size, { x: 10.5, y: 0.5 })).toBeNull();
    // A mask of another size is not drawn, so not hit either.
    expect(maskAt(masks, { width: 10, height: 20 }, { x: 3.2, y: 5.4 })).toBeNull();
  });
});
