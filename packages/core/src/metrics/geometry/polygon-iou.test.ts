import { describe, expect, it } from 'vitest';
import type { Point } from './polygon.js';
import { polygonArea, toPoints } from './polygon.js';
import { polygonIntersectionArea, polygonIoU } from './polygon-iou.js';
import { seededRandom } from '../../random/seeded-random.js';

const rect = (x0: number, y0: number, x1: number, y1: number): Point[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

// A U shape, open at the top: 6×4 minus the 2×3 notch [2, 4] × [1, 4], area 24 − 6 = 18.
const U: Point[] = [[0, 0], [6, 0], [6, 4], [4, 4], [4, 1], [2, 1], [2, 4], [0, 4]];

// Random star-shaped polygon around (cx, cy) with integer vertices: simple, usually non-convex.
function star(random: () => number, cx: number, cy: number, radius: number, vertices: number): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = ((i + 0.2 + 0.6 * random()) / vertices) * 2 * Math.PI;
    const r = radius * (0.3 + 0.7 * random());
    points.push([Math.round(cx + r * Math.cos(angle)), Math.round(cy + r * Math.sin(angle))]);
  }
  return points;
}

// Reference for convex pairs: Sutherland–Hodgman (valid here because the clip polygon is convex).
function convexClipArea(subject: readonly Point[], clip: readonly Point[]): number {
  const ccw = (ring: readonly Point[]): Point[] => (signed(ring) < 0 ? [...ring].reverse() : [...ring]);
  const signed = (ring: readonly Point[]): number =>
    ring.reduce((s, p, i) => {
      const q = ring[(i + 1) % ring.length] as Point;
      return s + p[0] * q[1] - q[0] * p[1];
    }, 0) / 2;
  let output = ccw(subject);
  const c = ccw(clip);
  for (let i = 0; i < c.length && output.length > 0; i++) {
    const a = c[i] as Point;
    const b = c[(i + 1) % c.length] as Point;
    const side = (p: Point): number => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j] as Point;
      const q = input[(j + 1) % input.length] as Point;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) output.push(p);
      if ((sp >= 0) !== (sq >= 0)) {
        const t = sp / (sp - sq);
        output.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return output.length < 3 ? 0 : Math.abs(signed(output));
}

function convexPolygon(random: () => number, cx: number, cy: number, radius: number, vertices: number): Point[] {
  const angles = Array.from({ length: vertices }, () => random() * 2 * Math.PI).sort((a, b) => a - b);
  return angles.map((angle): Point => [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
}

describe('polygonArea', () => {
  it('uses the shoelace formula in either winding and spelling', () => {
    expect(polygonArea([[0, 0], [4, 0], [4, 3]])).toBe(6);
    expect(polygonArea([0, 0, 0, 3, 4, 0])).toBe(6);
    expect(polygonArea(U)).toBe(18);
    expect(polygonArea([[0, 0], [1, 1]])).toBe(0);
  });
});

describe('toPoints', () => {
  it('accepts flat COCO lists and point arrays, dropping repeated and closing points', () => {
    expect(toPoints([0, 0, 1, 0, 1, 1])).toEqual([[0, 0], [1, 0], [1, 1]]);
    expect(toPoints([[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]])).toEqual([[0, 0], [1, 0], [1, 1]]);
  });

  it('rejects malformed input', () => {
    expect(() => toPoints([0, 0, 1])).toThrow(RangeError);
    expect(() => toPoints([0, 0, 1, Number.NaN])).toThrow(RangeError);
    expect(() => toPoints([[0, 0], 1] as unknown as Point[])).toThrow(RangeError);
  });
});

describe('polygonIoU', () => {
  it('computes hand-checked convex cases', () => {
    // [0,2]² vs [1,3]×[0,2]: intersection 2, union 4 + 4 − 2 = 6.
    expect(polygonIoU([0, 0, 2, 0, 2, 2, 0, 2], rect(1, 0, 3, 2))).toBeCloseTo(1 / 3, 14);
    // Triangle (0,0),(10,0),(0,10) (area 50) vs square [2,12]² (area 100): the overlap is the triangle
    // x, y ≥ 2, x + y ≤ 10 with legs 6, area 18; IoU = 18 / (50 + 100 − 18) = 18 / 132. pycocotools
    // 2.0.11 (maskUtils.frPyObjects on a 20×20 image, then maskUtils.iou) gives 0.1154 for the same
    // pair because it rasterises (the triangle becomes 45 pixels): documented, not a bug.
    expect(polygonIoU([0, 0, 10, 0, 0, 10], [2, 2, 12, 2, 12, 12, 2, 12])).toBeCloseTo(18 / 132, 14);
  });

  it('is 1 for the same polygon in any spelling, winding, start vertex or with extra collinear vertices', () => {
    const flat = U.flat();
    expect(polygonIoU(U, flat)).toBe(1);
    expect(polygonIoU(U, [...U].reverse())).toBe(1);
    expect(polygonIoU(U, [...U.slice(3), ...U.slice(0, 3)])).toBe(1);
    expect(polygonIoU(rect(0.1, 0.1, 0.7, 0.3), [[0.1, 0.1], [0.4, 0.1], [0.7, 0.1], [0.7, 0.3], [0.1, 0.3]])).toBeCloseTo(1, 12);
  });

  it('handles non-convex polygons (both pieces of a cut through a U)', () => {
    // The bar [0,6]×[2,3] crosses both arms of the U: pieces [0,2]×[2,3] and [4,6]×[2,3], area 4.
    // IoU = 4 / (18 + 6 − 4) = 0.2.
    expect(polygonIntersectionArea(U, rect(0, 2, 6, 3))).toBeCloseTo(4, 12);
    expect(polygonIoU(U, rect(0, 2, 6, 3))).toBeCloseTo(0.2, 14);
    // [1,5]×[0.5,2]: the base strip gives 4 × 0.5 = 2, the arms [1,2] and [4,5] × [1,2] give 2; total 4.
    expect(polygonIntersectionArea(rect(1, 0.5, 5, 2), U)).toBeCloseTo(4, 12);
    // Inside the notch, touching its three sides: no area in common.
    expect(polygonIntersectionArea(U, rect(2, 1, 4, 4))).toBe(0);
    expect(polygonIoU(U, rect(2, 2, 4, 3))).toBe(0);
  });

  it('counts shared boundaries once: touching from outside gives 0, nested gives the inner area', () => {
    expect(polygonIoU(rect(0, 0, 2, 2), rect(2, 0, 4, 2))).toBe(0);
    expect(polygonIoU(rect(0, 0, 2, 2), rect(1, 2, 3, 4))).toBe(0);
    expect(polygonIntersectionArea(rect(0, 0, 4, 4), rect(0, 0, 2, 4))).toBe(8);
    expect(polygonIntersectionArea(rect(0, 0, 4, 4), rect(1, 0, 3, 2))).toBe(4);
    // Partly shared edge: [0,4]×[0,2] and [2,6]×[0,2] share [2,4] of the bottom and top edges.
    expect(polygonIntersectionArea(rect(0, 0, 4, 2), rect(2, 0, 6, 2))).toBe(4);
  });

  it('is 0 for degenerate polygons and does not lose precision far from the origin', () => {
    expect(polygonIoU([[0, 0], [1, 1], [2, 2]], rect(0, 0, 2, 2))).toBe(0);
    expect(polygonIoU([], [])).toBe(0);
    const far = (ring: Point[]): Point[] => ring.map(([x, y]) => [x + 1e6, y - 3e6]);
    expect(polygonIoU(far(U), far(rect(0, 2, 6, 3)))).toBeCloseTo(0.2, 9);
  });

  it('agrees with Sutherland–Hodgman on random convex pairs', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const a = convexPolygon(random, random() * 10, random() * 10, 1 + random() * 6, 3 + Math.floor(random() * 8));
      const b = convexPolygon(random, random() * 10, random() * 10, 1 + random() * 6, 3 + Math.floor(random() * 8));
      expect(polygonIntersectionArea(a, b)).toBeCloseTo(convexClipArea(a, b), 9);
    }
  });

  it('is symmetric, bounded and additive over a split of the other polygon (random non-convex pairs)', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 300; i++) {
      const a = star(random, 20, 20, 15, 4 + Math.floor(random() * 12));
      const b = star(random, 15 + Math.floor(random() * 10), 15 + Math.floor(random() * 10), 15, 4 + Math.floor(random() * 12));
      const ab = polygonIntersectionArea(a, b);
      expect(polygonIntersectionArea(b, a)).toBeCloseTo(ab, 9);
      expect(ab).toBeLessThanOrEqual(Math.min(polygonArea(a), polygonArea(b)) + 1e-9);
      expect(polygonIntersectionArea(a, a)).toBeCloseTo(polygonArea(a), 9);
      // Cutting a rectangle at an integer x makes halves whose edges run along a's integer vertices and
      // along each other: the two intersections must add up exactly, which tests shared-edge handling.
      const x0 = Math.floor(random() * 20);
      const y0 = Math.floor(random() * 20);
      const cut = x0 + 1 + Math.floor(random() * 15);
      const x1 = cut + 1 + Math.floor(random() * 15);
      const y1 = y0 + 1 + Math.floor(random() * 25);
      const whole = polygonIntersectionArea(a, rect(x0, y0, x1, y1));
      const halves = polygonIntersectionArea(a, rect(x0, y0, cut, y1)) + polygonIntersectionArea(a, rect(cut, y0, x1, y1));
      expect(halves).toBeCloseTo(whole, 9);
    }
  });

  it('matches a brute-force pixel count for random integer rectilinear (non-convex) polygons', () => {
    // Unions of unit cells on a grid, traced as staircase polygons: the exact intersection is the number
    // of cells in both, an oracle independent of the algorithm.
    const random = seededRandom(3);
    const staircase = (heights: number[], x0: number): { ring: Point[]; cells: Set<string> } => {
      const ring: Point[] = [[x0, 0]];
      const cells = new Set<string>();
      heights.forEach((h, i) => {
        ring.push([x0 + i, h], [x0 + i + 1, h]);
        for (let y = 0; y < h; y++) cells.add(`${x0 + i},${y}`);
      });
      ring.push([x0 + heights.length, 0]);
      return { ring: ring.reverse(), cells }; // clockwise on purpose: winding must not matter
    };
    for (let i = 0; i < 200; i++) {
      const a = staircase(Array.from({ length: 3 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 8)), Math.floor(random() * 4));
      const b = staircase(Array.from({ length: 3 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 8)), Math.floor(random() * 4));
      const common = [...a.cells].filter((c) => b.cells.has(c)).length;
      expect(polygonIntersectionArea(a.ring, b.ring)).toBeCloseTo(common, 9);
      expect(polygonIoU(a.ring, b.ring)).toBeCloseTo(common / (a.cells.size + b.cells.size - common), 12);
    }
  });
});
