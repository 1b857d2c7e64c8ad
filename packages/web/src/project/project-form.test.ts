import { describe, expect, it } from 'vitest';
import { clampOverlap, leaseSeconds } from './project-form.ts';

describe('project form helpers', () => {
  it('converts lease minutes to seconds within API bounds', () => {
    expect(leaseSeconds(30)).toBe(1800);
    expect(leaseSeconds(0)).toBe(60);
    expect(leaseSeconds(1e9)).toBe(7 * 24 * 3600);
    expect(leaseSeconds(Number.NaN)).toBe(1800);
  });

  it('clamps overlap to 1..100', () => {
    expect(clampOverlap(0)).toBe(1);
    expect(clampOverlap(3.4)).toBe(3);
    expect(clampOverlap(500)).toBe(100);
  });
});
