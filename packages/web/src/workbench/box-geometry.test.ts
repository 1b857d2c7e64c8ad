import { describe, expect, it } from 'vitest';
import { asHandle, boxCentre, boxFromCorners, normalizeDegrees, rotateAboutCentre, rotationToward, topMiddle, draggedBox, handlePoint, isTooSmall, moveBox, nudgeBox, resizeBox, roundBox, toPercent, type Box } from './box-geometry.ts';

const rect = { left: 100, top: 50, width: 400, height: 200 };
const box: Box = { x: 10, y: 20, width: 30, height: 40 };

describe('toPercent', () => {
  it('maps screen pixels to percent of the shown image, clamped to its edges', () => {
    expect(toPercent(300, 150, rect)).toEqual({ x: 50, y: 50 });
    expect(toPercent(100, 50, rect)).toEqual({ x: 0, y: 0 });
    expect(toPercent(0, 1000, rect)).toEqual({ x: 0, y: 100 });
    expect(toPercent(900, -20, rect)).toEqual({ x: 100, y: 0 });
    expect(toPercent(10, 10, { left: 0, top: 0, width: 0, height: 0 })).toEqual({ x: 0, y: 0 });
  });
});

describe('boxFromCorners', () => {
  it('gives the same box whichever way the mouse went', () => {
    const expected = { x: 10, y: 20, width: 30, height: 40 };
    expect(boxFromCorners({ x: 10, y: 20 }, { x: 40, y: 60 })).toEqual(expected);
    expect(boxFromCorners({ x: 40, y: 60 }, { x: 10, y: 20 })).toEqual(expected);
    expect(boxFromCorners({ x: 40, y: 20 }, { x: 10, y: 60 })).toEqual(expected);
  });

  it('clamps corners to the image', () => {
    expect(boxFromCorners({ x: -5, y: 90 }, { x: 20, y: 130 })).toEqual({ x: 0, y: 90, width: 20, height: 10 });
  });
});

describe('isTooSmall', () => {
  it('judges in screen pixels', () => {
    // 1% of 400 px = 4 px wide, 2% of 200 px = 4 px high: just big enough.
    expect(isTooSmall({ x: 0, y: 0, width: 1, height: 2 }, rect)).toBe(false);
    expect(isTooSmall({ x: 0, y: 0, width: 0.5, height: 20 }, rect)).toBe(true);
    expect(isTooSmall({ x: 0, y: 0, width: 20, height: 1 }, rect)).toBe(true);
    // The same box is big enough on an image shown twice as large (zoomed in).
    expect(isTooSmall({ x: 0, y: 0, width: 20, height: 1 }, { ...rect, height: 400 })).toBe(false);
  });
});

describe('moveBox', () => {
  it('moves without resizing and stops at the edges', () => {
    expect(moveBox(box, 5, -5)).toEqual({ x: 15, y: 15, width: 30, height: 40 });
    expect(moveBox(box, -50, 0)).toEqual({ x: 0, y: 20, width: 30, height: 40 });
    expect(moveBox(box, 100, 100)).toEqual({ x: 70, y: 60, width: 30, height: 40 });
  });
});

describe('resizeBox', () => {
  it('moves the dragged side and keeps the opposite one', () => {
    expect(resizeBox(box, 'se', { x: 50, y: 70 })).toEqual({ x: 10, y: 20, width: 40, height: 50 });
    expect(resizeBox(box, 'nw', { x: 5, y: 10 })).toEqual({ x: 5, y: 10, width: 35, height: 50 });
    expect(resizeBox(box, 'e', { x: 60, y: 99 })).toEqual({ x: 10, y: 20, width: 50, height: 40 });
    expect(resizeBox(box, 'n', { x: 0, y: 30 })).toEqual({ x: 10, y: 30, width: 30, height: 30 });
  });

  it('flips instead of going negative when dragged past the opposite side', () => {
    expect(resizeBox(box, 'w', { x: 50, y: 0 })).toEqual({ x: 40, y: 20, width: 10, height: 40 });
  });
});

describe('handles', () => {
  it('sit on corners and edge midpoints', () => {
    expect(handlePoint(box, 'nw')).toEqual({ x: 10, y: 20 });
    expect(handlePoint(box, 'se')).toEqual({ x: 40, y: 60 });
    expect(handlePoint(box, 'n')).toEqual({ x: 25, y: 20 });
    expect(handlePoint(box, 'w')).toEqual({ x: 10, y: 40 });
  });

  it('are read back from the DOM safely', () => {
    expect(asHandle('ne')).toBe('ne');
    expect(asHandle('north')).toBeNull();
    expect(asHandle(null)).toBeNull();
  });
});

describe('roundBox', () => {
  it('rounds to 1/10,000 % and never leaves the image', () => {
    expect(roundBox({ x: 33.333333333, y: 0.000001, width: 10.123456, height: 5 })).toEqual({ x: 33.3333, y: 0, width: 10.1235, height: 5 });
    const edge = roundBox({ x: 66.66666, y: 50, width: 33.33334, height: 50 });
    expect(edge.x + edge.width).toBeLessThanOrEqual(100 + 1e-9);
  });
});

describe('draggedBox', () => {
  it('draws, moves and resizes', () => {
    expect(draggedBox({ kind: 'draw', from: { x: 50, y: 50 } }, { x: 20, y: 30 })).toEqual({ x: 20, y: 30, width: 30, height: 20 });
    expect(draggedBox({ kind: 'move', id: 'a', from: { x: 20, y: 30 }, box }, { x: 25, y: 40 })).toEqual({ x: 15, y: 30, width: 30, height: 40 });
    expect(draggedBox({ kind: 'resize', id: 'a', handle: 'se', box }, { x: 100, y: 100 })).toEqual({ x: 10, y: 20, width: 90, height: 80 });
  });
});

describe('nudgeBox', () => {
  it('moves by the step in the arrow direction, inside the image', () => {
    expect(nudgeBox(box, 'ArrowRight', 1)).toEqual({ ...box, x: 11 });
    expect(nudgeBox(box, 'ArrowUp', 2)).toEqual({ ...box, y: 18 });
    expect(nudgeBox({ ...box, x: 0 }, 'ArrowLeft', 1)).toEqual({ ...box, x: 0 });
    expect(nudgeBox(box, 'Enter', 1)).toBeNull();
  });
});

describe('turning a box about its centre', () => {
  const box = { x: 10, y: 20, width: 20, height: 10 };

  it('keeps the centre and size, moving the stored top-left corner', () => {
    // Square image: the centre (20, 25); turned 90° clockwise the corner goes to (20 + 5, 25 - 10).
    const turned = rotateAboutCentre(box, 0, 90, 1);
    expect(turned.rotation).toBe(90);
    expect(turned.box).toEqual({ x: 25, y: 15, width: 20, height: 10 });
    const c = boxCentre(turned.box, 90, 1);
    expect(c.x).toBeCloseTo(20, 9);
    expect(c.y).toBeCloseTo(25, 9);
    // Back to 0 returns the original box.
    expect(rotateAboutCentre(turned.box, 90, 0, 1)).toEqual({ box, rotation: 0 });
  });

  it('turns in pixels on a wide image (2:1), so the centre stays put there too', () => {
    const turned = rotateAboutCentre(box, 0, 30, 2);
    const c = boxCentre(turned.box, 30, 2);
    expect(c.x).toBeCloseTo(20, 3);
    expect(c.y).toBeCloseTo(25, 3);
    expect(rotateAboutCentre(turned.box, 30, -15, 2).rotation).toBe(345);
  });

  it('normalises degrees and reads the pointer angle about the centre', () => {
    expect(normalizeDegrees(-15)).toBe(345);
    expect(normalizeDegrees(720)).toBe(0);
    expect(rotationToward({ x: 50, y: 50 }, { x: 50, y: 10 }, 1)).toBe(0);
    expect(rotationToward({ x: 50, y: 50 }, { x: 80, y: 50 }, 1)).toBe(90);
    expect(rotationToward({ x: 50, y: 50 }, { x: 50, y: 90 }, 1)).toBe(180);
    // On a 2:1 image 10 % across is twice as far in pixels as 10 % down: 45° in pixels is 5 % across, 10 % up.
    expect(rotationToward({ x: 50, y: 50 }, { x: 55, y: 40 }, 2)).toBe(45);
  });

  it('hangs the handle from the top edge after the turn', () => {
    expect(topMiddle(box, 0, 1)).toEqual({ x: 20, y: 20 });
    const p = topMiddle(box, 90, 1);
    expect(p.x).toBeCloseTo(10, 9);
    expect(p.y).toBeCloseTo(30, 9);
  });
});
