import { describe, expect, it } from 'vitest';
import type {
  AnnotationResult,
  BrushLabelsResultItem,
  KeyPointLabelsResultItem,
  PolygonLabelsResultItem,
  PolylineLabelsResultItem,
  RectangleLabelsResultItem,
  RectangleValue,
  ResultItem,
  TextAreaResultItem,
} from '../annotation/result.types.js';
import { rectangleCorners } from '../metrics/geometry/rectangle.js';
import { compressRle, decodeRle, encodeMask } from '../metrics/masks/coco-rle.js';
import { ValidationError } from '../validation/validation-error.js';
import { augmentResult, augmentResultChain } from './augment-result.js';
import { pixelMap, type ImageSize, type ImageTransform } from './image-transform.js';

const WIDE: ImageSize = { width: 200, height: 100 };

function box(value: Partial<RectangleValue>, id = 'b1'): RectangleLabelsResultItem {
  return { id, from_name: 'box', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 20, width: 30, height: 40, rectanglelabels: ['Car'], ...value } };
}

function polygon(points: [number, number][], id = 'p1'): PolygonLabelsResultItem {
  return { id, from_name: 'poly', to_name: 'image', type: 'polygonlabels', value: { points, polygonlabels: ['Road'] } };
}

function polyline(points: [number, number][], id = 'l1'): PolylineLabelsResultItem {
  return { id, from_name: 'line', to_name: 'image', type: 'polylinelabels', value: { points, polylinelabels: ['Lane'] } };
}

function keypoint(x: number, y: number, id = 'k1', width?: number): KeyPointLabelsResultItem {
  return { id, from_name: 'kp', to_name: 'image', type: 'keypointlabels', value: { x, y, ...(width === undefined ? {} : { width }), keypointlabels: ['Eye'] } };
}

function note(id: string): TextAreaResultItem {
  return { id, from_name: 'note', to_name: 'image', type: 'textarea', value: { text: ['about this region'] } };
}

function only<T extends ResultItem>(result: AnnotationResult): T {
  expect(result).toHaveLength(1);
  return result[0] as T;
}

function boxValue(result: AnnotationResult): RectangleValue {
  return only<RectangleLabelsResultItem>(result).value;
}

/** A box's corners in pixels, clockwise from its anchor, Label Studio's convention (rotation in pixels). */
function pixelCorners(v: RectangleValue, size: ImageSize): [number, number][] {
  const t = ((v.rotation ?? 0) * Math.PI) / 180;
  const ax = (v.x * size.width) / 100;
  const ay = (v.y * size.height) / 100;
  const w = (v.width * size.width) / 100;
  const h = (v.height * size.height) / 100;
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [
    [ax, ay],
    [ax + w * c, ay + w * s],
    [ax + w * c - h * s, ay + w * s + h * c],
    [ax - h * s, ay + h * c],
  ];
}

function sortedPoints(points: readonly (readonly [number, number])[]): [number, number][] {
  return points.map((p): [number, number] => [p[0], p[1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function expectPointsClose(actual: readonly (readonly [number, number])[], expected: readonly (readonly [number, number])[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((p, i) => {
    const q = expected[i] as readonly [number, number];
    expect(Math.abs(p[0] - q[0])).toBeLessThan(1e-9);
    expect(Math.abs(p[1] - q[1])).toBeLessThan(1e-9);
  });
}

function expectBoxClose(actual: RectangleValue, expected: RectangleValue): void {
  expect(actual.rectanglelabels).toEqual(expected.rectanglelabels);
  for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(actual[key] - expected[key])).toBeLessThan(1e-9);
  const dr = Math.abs((((actual.rotation ?? 0) - (expected.rotation ?? 0) + 540) % 360) - 180);
  expect(dr).toBeLessThan(1e-9);
}

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('augmentResult: exact boxes on a 200x100 image', () => {
  // The box covers pixels x 20..80, y 20..60 (x 10%, y 20%, 30% x 40%).
  const cases: [string, ImageTransform, ImageSize, Omit<RectangleValue, 'rectanglelabels'>][] = [
    ['horizontal flip', { kind: 'flip', axis: 'horizontal' }, WIDE, { x: 60, y: 20, width: 30, height: 40 }],
    ['vertical flip', { kind: 'flip', axis: 'vertical' }, WIDE, { x: 10, y: 40, width: 30, height: 40 }],
    // 90° clockwise: (x, y) → (100 − y, x) on a 100x200 canvas: x 40..80, y 20..80.
    ['rotate 90', { kind: 'rotate', degrees: 90 }, { width: 100, height: 200 }, { x: 40, y: 10, width: 40, height: 30 }],
    ['rotate 180', { kind: 'rotate', degrees: 180 }, WIDE, { x: 60, y: 40, width: 30, height: 40 }],
    // 270°: (x, y) → (y, 200 − x): x 20..60, y 120..180.
    ['rotate 270', { kind: 'rotate', degrees: 270 }, { width: 100, height: 200 }, { x: 20, y: 60, width: 40, height: 30 }],
    ['rotate -90 (= 270)', { kind: 'rotate', degrees: -90 }, { width: 100, height: 200 }, { x: 20, y: 60, width: 40, height: 30 }],
    // Crop 50,10 100x80: the box is clipped to x 50..80 → 0..30 of 100, y 20..60 → 10..50 of 80.
    ['crop (clipped)', { kind: 'crop', x: 50, y: 10, width: 100, height: 80 }, { width: 100, height: 80 }, { x: 0, y: 12.5, width: 30, height: 50 }],
    ['resize keeping the aspect', { kind: 'resize', width: 400, height: 200 }, { width: 400, height: 200 }, { x: 10, y: 20, width: 30, height: 40 }],
    ['resize stretching', { kind: 'resize', width: 100, height: 300 }, { width: 100, height: 300 }, { x: 10, y: 20, width: 30, height: 40 }],
  ];
  it.each(cases)('%s', (_name, transform, size, expected) => {
    const out = augmentResult([box({})], transform, WIDE);
    expect(out.size).toEqual(size);
    expectBoxClose(boxValue(out.result), { ...expected, rectanglelabels: ['Car'] });
    expect(boxValue(out.result).rotation).toBeUndefined();
  });

  it('keeps percent values bit for bit on a resize (axis-aligned shapes never take the pixel trip)', () => {
    const input: AnnotationResult = [box({ x: 10.1, y: 20.3 }), polygon([[1.1, 2.2], [50.5, 3.3], [7.7, 90.9]]), keypoint(33.3, 66.7)];
    expect(augmentResult(input, { kind: 'resize', width: 123, height: 457 }, WIDE).result).toEqual(input);
  });

  it('updates original_width/original_height when the item records them', () => {
    const item = { ...box({}), original_width: 200, original_height: 100 };
    const out = only<RectangleLabelsResultItem>(augmentResult([item], { kind: 'rotate', degrees: 90 }, WIDE).result);
    expect([out.original_width, out.original_height]).toEqual([100, 200]);
  });
});

describe('augmentResult: rotated boxes stay valid Label Studio rectangles', () => {
  const turned = box({ x: 40, y: 30, width: 15, height: 20, rotation: 30 });

  const transforms: ImageTransform[] = [
    { kind: 'flip', axis: 'horizontal' },
    { kind: 'flip', axis: 'vertical' },
    { kind: 'rotate', degrees: 90 },
    { kind: 'rotate', degrees: 180 },
    { kind: 'rotate', degrees: 37.5 },
    { kind: 'resize', width: 400, height: 200 },
  ];
  it.each(transforms)('%o moves the corners exactly where the image goes', (transform) => {
    const out = augmentResult([turned], transform, WIDE);
    const map = pixelMap(transform, WIDE);
    if (map === null) throw new Error('geometric transform expected');
    const expected = sortedPoints(pixelCorners(turned.value, WIDE).map((c) => map.map(c)));
    const moved = boxValue(out.result);
    expect(moved.width).toBeGreaterThan(0);
    expect(moved.height).toBeGreaterThan(0);
    expect(moved.rotation).toBeGreaterThanOrEqual(0);
    expect(moved.rotation).toBeLessThan(360);
    expectPointsClose(sortedPoints(pixelCorners(moved, out.size)), expected);
    // Clockwise from the anchor on screen (y down): the corner turn is positive.
    const [a, b, c] = pixelCorners(moved, out.size) as [[number, number], [number, number], [number, number]];
    expect((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])).toBeGreaterThan(0);
  });

  it('a horizontal flip anchors at the mirrored top-right corner and negates the angle', () => {
    // Square 100x100 image, box anchored at (50, 50), 10 wide, turned 30°: the mirrored top-right corner
    // is (50 − 10·cos30°, 50 + 10·sin30°) = (41.34…, 55), and the rotation becomes −30° = 330°.
    const out = augmentResult([box({ x: 50, y: 50, width: 10, height: 10, rotation: 30 })], { kind: 'flip', axis: 'horizontal' }, { width: 100, height: 100 });
    expectBoxClose(boxValue(out.result), { x: 50 - 10 * Math.cos(Math.PI / 6), y: 55, width: 10, height: 10, rotation: 330, rectanglelabels: ['Car'] });
  });

  it("agrees with core's rectangleCorners on a square image (where percent and pixel rotation coincide)", () => {
    const square: ImageSize = { width: 100, height: 100 };
    const v = { x: 40, y: 30, width: 15, height: 20, rotation: 30 };
    for (const t of [{ kind: 'flip', axis: 'horizontal' }, { kind: 'flip', axis: 'vertical' }, { kind: 'rotate', degrees: 90 }] as ImageTransform[]) {
      const map = pixelMap(t, square);
      if (map === null) throw new Error('geometric transform expected');
      const moved = boxValue(augmentResult([box(v)], t, square).result);
      expectPointsClose(sortedPoints(rectangleCorners(moved)), sortedPoints(rectangleCorners(v).map((c) => map.map(c))));
    }
  });

  it('an arbitrary rotation expands the canvas to the rotated bounding box and turns an upright box', () => {
    const out = augmentResult([box({})], { kind: 'rotate', degrees: 30 }, WIDE);
    // 200·cos30° + 100·sin30° = 223.2 → 224; 200·sin30° + 100·cos30° = 186.6 → 187.
    expect(out.size).toEqual({ width: 224, height: 187 });
    expect(boxValue(out.result).rotation).toBeCloseTo(30, 9);
  });

  it('a box turned by a quarter turn is written upright, anchored at its top-left corner', () => {
    // Turned 90° about (100, 50) px: covers x 60..100, y 50..110 px... on a 200x200 image to keep it inside.
    const square: ImageSize = { width: 200, height: 200 };
    const out = augmentResult([box({ x: 50, y: 25, width: 30, height: 20, rotation: 90 })], { kind: 'flip', axis: 'vertical' }, square);
    // Corners before: (100,50) (100,110) (60,110) (60,50); mirrored in y: y 90..150. Upright: x 30%, y 45%.
    expectBoxClose(boxValue(out.result), { x: 30, y: 45, width: 20, height: 30, rotation: 0, rectanglelabels: ['Car'] });
  });

  it('refuses to stretch a rotated box, naming the region', () => {
    expect(issuesOf(() => augmentResult([note('n'), turned], { kind: 'resize', width: 200, height: 300 }, WIDE))).toEqual([
      'result[1].value.rotation: a rotated box stops being a rectangle when the image is stretched; resize keeping the aspect ratio, or label the region as a polygon',
    ]);
  });

  it('refuses a rotated box cut by a crop, keeps one inside it and drops one outside it', () => {
    const inside = augmentResult([turned], { kind: 'crop', x: 40, y: 10, width: 120, height: 80 }, WIDE);
    expect(boxValue(inside.result).rotation).toBeCloseTo(30, 9);
    expect(augmentResult([turned], { kind: 'crop', x: 0, y: 0, width: 20, height: 20 }, WIDE)).toMatchObject({ result: [], dropped: ['b1'] });
    expect(issuesOf(() => augmentResult([turned], { kind: 'crop', x: 90, y: 0, width: 110, height: 100 }, WIDE))).toEqual([
      'result[0].value: a rotated box partly outside the crop cannot stay a rectangle; crop around it, or label the region as a polygon',
    ]);
  });
});

describe('augmentResult: polygons, polylines, keypoints', () => {
  const tri = polygon([[10, 10], [60, 20], [30, 90]]);
  const line = polyline([[5, 5], [95, 50], [20, 95]]);
  const kp = keypoint(12.5, 80, 'k1', 2);

  it('moves every vertex exactly (horizontal flip and a quarter turn)', () => {
    const flipped = augmentResult([tri, kp], { kind: 'flip', axis: 'horizontal' }, WIDE).result;
    expect((flipped[0] as PolygonLabelsResultItem).value.points).toEqual([[90, 10], [40, 20], [70, 90]]);
    expect((flipped[1] as KeyPointLabelsResultItem).value).toMatchObject({ x: 87.5, y: 80, width: 2 });
    // 90°: pixel (x, y) → (100 − y, x) on 100x200. (20,10) → (90,20) → 90%, 10%.
    const turned = augmentResult([tri, kp], { kind: 'rotate', degrees: 90 }, WIDE).result;
    expectPointsClose((turned[0] as PolygonLabelsResultItem).value.points, [[90, 10], [80, 60], [10, 30]]);
    const k = (turned[1] as KeyPointLabelsResultItem).value;
    // (25, 80) px → (20, 25) px of 100x200; the 4 px marker is now 4% of a 100 px wide image.
    expect([k.x, k.y, k.width]).toEqual([20, 12.5, 4]);
  });

  it('clips a polygon to a crop with Sutherland–Hodgman', () => {
    // Triangle (0,0) (80,0) (0,80) px on 100x100, crop 50x50 at the origin: the pentagon
    // (0,0) (50,0) (50,30) (30,50) (0,50) → percent of 50x50.
    const out = augmentResult([polygon([[0, 0], [80, 0], [0, 80]])], { kind: 'crop', x: 0, y: 0, width: 50, height: 50 }, { width: 100, height: 100 });
    expectPointsClose(sortedPoints(only<PolygonLabelsResultItem>(out.result).value.points), sortedPoints([[0, 0], [100, 0], [100, 60], [60, 100], [0, 100]]));
  });

  it('drops regions a crop leaves out, with their per-region items, and keeps the rest', () => {
    const out = augmentResult(
      [box({ x: 0, y: 0, width: 5, height: 5 }, 'gone'), note('gone'), tri, note('p1'), keypoint(1, 1, 'kgone'), { id: 'c', from_name: 'q', to_name: 'image', type: 'choices', value: { choices: ['ok'] } }],
      { kind: 'crop', x: 50, y: 30, width: 100, height: 70 },
      WIDE,
    );
    expect(out.dropped.sort()).toEqual(['gone', 'kgone']);
    expect(out.result.map((i) => `${i.type}:${i.id}`)).toEqual(['polygonlabels:p1', 'textarea:p1', 'choices:c']);
  });

  it('cuts a polyline that leaves the crop and comes back into several items', () => {
    // Pixels on 100x100: (10,10) → (90,10) → (90,90) → (10,90); crop x 0..50 keeps the two horizontal ends.
    const out = augmentResult([polyline([[10, 10], [90, 10], [90, 90], [10, 90]])], { kind: 'crop', x: 0, y: 0, width: 50, height: 100 }, { width: 100, height: 100 });
    expect(out.result.map((i) => i.id)).toEqual(['l1', 'l1_2']);
    expect((out.result[0] as PolylineLabelsResultItem).value.points).toEqual([[20, 10], [100, 10]]);
    expect((out.result[1] as PolylineLabelsResultItem).value.points).toEqual([[100, 90], [20, 90]]);
  });

  it('leaves labels untouched for colour and noise changes', () => {
    const input: AnnotationResult = [box({ rotation: 12 }), tri, line, kp];
    for (const t of [{ kind: 'brightness', factor: 1.4 }, { kind: 'contrast', factor: 0.5 }, { kind: 'noise', sigma: 8, seed: 7 }, { kind: 'grayscale' }] as ImageTransform[]) {
      const out = augmentResult(input, t, WIDE);
      expect(out.result).toBe(input);
      expect(out.size).toEqual(WIDE);
    }
  });
});

describe('augmentResult: round trips are the identity within 1e-9', () => {
  const input: AnnotationResult = [
    box({}),
    box({ x: 40, y: 30, width: 15, height: 20, rotation: 30 }, 'b2'),
    polygon([[10, 10], [60, 20], [30, 90]]),
    polyline([[5, 5], [95, 50], [20, 95]]),
    keypoint(12.5, 80, 'k1', 2),
  ];

  function expectSame(actual: AnnotationResult, expected: AnnotationResult): void {
    expect(actual.map((i) => i.id)).toEqual(expected.map((i) => i.id));
    actual.forEach((item, i) => {
      const want = expected[i] as ResultItem;
      if (item.type === 'rectanglelabels' && want.type === 'rectanglelabels') expectBoxClose(item.value, want.value);
      else if ((item.type === 'polygonlabels' && want.type === 'polygonlabels') || (item.type === 'polylinelabels' && want.type === 'polylinelabels')) {
        expectPointsClose(item.value.points, want.value.points);
      } else if (item.type === 'keypointlabels' && want.type === 'keypointlabels') {
        expectPointsClose([[item.value.x, item.value.y]], [[want.value.x, want.value.y]]);
        expect(Math.abs((item.value.width ?? 0) - (want.value.width ?? 0))).toBeLessThan(1e-9);
      } else throw new Error(`type changed: ${item.type} vs ${want.type}`);
    });
  }

  it.each([
    ['flip∘flip (horizontal)', [{ kind: 'flip', axis: 'horizontal' }, { kind: 'flip', axis: 'horizontal' }]],
    ['flip∘flip (vertical)', [{ kind: 'flip', axis: 'vertical' }, { kind: 'flip', axis: 'vertical' }]],
    ['rotate 90 four times', [{ kind: 'rotate', degrees: 90 }, { kind: 'rotate', degrees: 90 }, { kind: 'rotate', degrees: 90 }, { kind: 'rotate', degrees: 90 }]],
    ['rotate 90 then 270', [{ kind: 'rotate', degrees: 90 }, { kind: 'rotate', degrees: 270 }]],
    ['rotate 180 = both flips', [{ kind: 'rotate', degrees: 180 }, { kind: 'flip', axis: 'horizontal' }, { kind: 'flip', axis: 'vertical' }]],
    ['resize up and back', [{ kind: 'resize', width: 600, height: 300 }, { kind: 'resize', width: 200, height: 100 }]],
  ] as [string, ImageTransform[]][])('%s', (_name, transforms) => {
    const out = augmentResultChain(input, transforms, WIDE);
    expect(out.size).toEqual(WIDE);
    expectSame(out.result, input);
  });
});

describe('augmentResult: brush masks', () => {
  // A 4 wide x 3 high image; set pixels (0,0), (1,0), (3,2).
  const size: ImageSize = { width: 4, height: 3 };
  const data = new Uint8Array(12);
  for (const [x, y] of [[0, 0], [1, 0], [3, 2]] as [number, number][]) data[x * 3 + y] = 1;
  const rle = encodeMask({ width: 4, height: 3, data });
  const brush = (counts: number[] | string): BrushLabelsResultItem => ({
    id: 'm1',
    from_name: 'brush',
    to_name: 'image',
    type: 'brushlabels',
    value: { format: 'coco-rle', rle: { size: [3, 4], counts }, brushlabels: ['Sky'] },
  });

  function setPixels(item: ResultItem): [number, number][] {
    if (item.type !== 'brushlabels') throw new Error('brush expected');
    const m = decodeRle(item.value.rle);
    const out: [number, number][] = [];
    for (let x = 0; x < m.width; x++) for (let y = 0; y < m.height; y++) if (m.data[x * m.height + y] === 1) out.push([x, y]);
    return out;
  }

  it('moves pixels exactly under flips, quarter turns and crops', () => {
    const item = brush(rle.counts as number[]);
    expect(setPixels(only(augmentResult([item], { kind: 'flip', axis: 'horizontal' }, size).result))).toEqual([[0, 2], [2, 0], [3, 0]]);
    // 90° clockwise on a 3 wide x 4 high output: pixel (x, y) → (2 − y, x).
    const turned = augmentResult([item], { kind: 'rotate', degrees: 90 }, size);
    expect(turned.size).toEqual({ width: 3, height: 4 });
    expect(setPixels(only(turned.result))).toEqual([[0, 3], [2, 0], [2, 1]]);
    expect(setPixels(only(augmentResult([item], { kind: 'crop', x: 1, y: 0, width: 3, height: 3 }, size).result))).toEqual([[0, 0], [2, 2]]);
    expect(augmentResult([item], { kind: 'crop', x: 2, y: 0, width: 2, height: 2 }, size)).toMatchObject({ result: [], dropped: ['m1'] });
  });

  it('returns to the same mask after four quarter turns, and keeps compressed counts compressed', () => {
    const item = brush(rle.counts as number[]);
    const four: ImageTransform[] = Array.from({ length: 4 }, () => ({ kind: 'rotate', degrees: 90 }));
    expect(only<BrushLabelsResultItem>(augmentResultChain([item], four, size).result).value.rle).toEqual(rle);
    const compressed = brush(compressRle(rle).counts);
    const flipped = only<BrushLabelsResultItem>(augmentResult([compressed], { kind: 'flip', axis: 'vertical' }, size).result);
    expect(typeof flipped.value.rle.counts).toBe('string');
    expect(setPixels(flipped)).toEqual([[0, 2], [1, 2], [3, 0]]);
  });

  it('refuses an arbitrary-angle rotation and a mask of the wrong size', () => {
    expect(issuesOf(() => augmentResult([brush(rle.counts as number[])], { kind: 'rotate', degrees: 45 }, size))).toEqual([
      'result[0].value.rle: brush masks can only be rotated by multiples of 90°; convert the mask to a polygon first or use a quarter turn',
    ]);
    expect(issuesOf(() => augmentResult([brush(rle.counts as number[])], { kind: 'flip', axis: 'vertical' }, { width: 8, height: 6 }))).toEqual([
      "result[0].value.rle: the mask is 4x3 pixels but the image is 8x6; masks must have the image's natural size",
    ]);
  });
});

describe('augmentResult: invalid transforms', () => {
  it('says where the transform is wrong and how to fix it', () => {
    expect(issuesOf(() => augmentResult([], { kind: 'crop', x: 150, y: 0, width: 100, height: 50 }, WIDE))).toEqual([
      'transform.width: the crop 150,0 100x50 must lie inside the 200x100 image; shrink it or move it',
    ]);
    expect(issuesOf(() => augmentResult([], { kind: 'resize', width: 0, height: 10 }, WIDE))).toEqual(['transform.width: width and height must be whole pixels > 0']);
    expect(issuesOf(() => augmentResult([], { kind: 'rotate', degrees: Number.NaN }, WIDE))).toEqual(['transform.degrees: must be a finite number of degrees, clockwise']);
    expect(issuesOf(() => augmentResult([], { kind: 'flip', axis: 'horizontal' }, { width: 0, height: 10 }))).toEqual(['size: image size must be positive whole pixels, got 0x10']);
  });
});
