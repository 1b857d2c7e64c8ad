import { describe, expect, it } from 'vitest';
import { clampView, FIT_VIEW, fitSize, MAX_SCALE, panBy, wheelFactor, zoomAt } from './image-view.ts';

const fitted = { width: 400, height: 300 };

describe('fitSize', () => {
  it('keeps the aspect ratio and fits the tighter side', () => {
    expect(fitSize({ width: 800, height: 600 }, { width: 400, height: 1000 })).toEqual({ width: 400, height: 300 });
    expect(fitSize({ width: 800, height: 600 }, { width: 2000, height: 300 })).toEqual({ width: 400, height: 300 });
  });

  it('enlarges small images', () => {
    expect(fitSize({ width: 100, height: 50 }, { width: 600, height: 600 })).toEqual({ width: 600, height: 300 });
  });

  it('is empty until both sizes are known', () => {
    expect(fitSize({ width: 0, height: 0 }, { width: 600, height: 600 })).toEqual({ width: 0, height: 0 });
    expect(fitSize({ width: 10, height: 10 }, { width: 0, height: 600 })).toEqual({ width: 0, height: 0 });
  });
});

describe('zoomAt', () => {
  it('keeps the image point under the pointer in place', () => {
    const v = zoomAt(FIT_VIEW, 2, { x: 100, y: 150 }, fitted);
    expect(v.scale).toBe(2);
    // Image point (100, 150) at scale 1 is at screen 100,150; after zooming it must still be there.
    expect(v.tx + 100 * v.scale).toBeCloseTo(100);
    expect(v.ty + 150 * v.scale).toBeCloseTo(150);
    const w = zoomAt(v, 1.5, { x: 300, y: 20 }, fitted);
    const imageX = (300 - v.tx) / v.scale;
    expect(w.tx + imageX * w.scale).toBeCloseTo(300);
  });

  it('does not zoom out past the fitted view or in past the maximum', () => {
    expect(zoomAt(FIT_VIEW, 0.5, { x: 10, y: 10 }, fitted)).toEqual(FIT_VIEW);
    expect(zoomAt({ scale: 2, tx: -100, ty: -50 }, 0.1, { x: 10, y: 10 }, fitted)).toEqual(FIT_VIEW);
    expect(zoomAt(FIT_VIEW, 1000, { x: 0, y: 0 }, fitted).scale).toBe(MAX_SCALE);
  });
});

describe('panBy and clampView', () => {
  it('pans a zoomed image but never leaves an empty margin', () => {
    const v = { scale: 2, tx: -100, ty: -100 };
    expect(panBy(v, 50, -20, fitted)).toEqual({ scale: 2, tx: -50, ty: -120 });
    expect(panBy(v, 500, 500, fitted)).toEqual({ scale: 2, tx: 0, ty: 0 });
    expect(panBy(v, -5000, -5000, fitted)).toEqual({ scale: 2, tx: -400, ty: -300 });
  });

  it('does not pan the fitted view', () => {
    expect(panBy(FIT_VIEW, 30, 30, fitted)).toEqual(FIT_VIEW);
    expect(clampView({ scale: 0.5, tx: 3, ty: 3 }, fitted)).toEqual(FIT_VIEW);
  });
});

describe('wheelFactor', () => {
  it('zooms in on wheel up, out on wheel down, bounded per event', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1.15);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
    expect(wheelFactor(-100000)).toBe(wheelFactor(-300));
  });
});
