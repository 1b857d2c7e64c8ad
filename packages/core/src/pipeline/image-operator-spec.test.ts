import { describe, expect, it } from 'vitest';
import { ValidationError } from '../validation/validation-error.js';
import { blurVerdict, exposureVerdict, faceRegions, faceVerdict, ImageNearDedupIndex, isImageOperator, planImageResize } from './image-operator-spec.js';
import { createPipeline } from './run-operators.js';
import { parsePipelineSpec } from './pipeline-spec.js';

function issuesOf(input: unknown): string[] {
  try {
    parsePipelineSpec(input);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('image operators in a pipeline spec', () => {
  it('parses every image operator next to text ones', () => {
    const spec = parsePipelineSpec(`
operators:
  - op: image-validate
  - op: image-orient
  - op: image-strip-metadata
  - op: image-resize
    maxSide: 1024
  - op: image-near-dedup
    maxDistance: 6
  - op: blur-filter
    minSharpness: 50
  - op: exposure-filter
    min: 0.1
    max: 0.9
    maxClipped: 0.4
  - op: strip
    field: caption
`);
    expect(spec.operators.map((o) => isImageOperator(o))).toEqual([true, true, true, true, true, true, true, false]);
  });

  it('reports every bad option with its path', () => {
    expect(issuesOf({ operators: [{ op: 'image-resize' }, { op: 'image-near-dedup', maxDistance: 65 }, { op: 'blur-filter', minSharpness: -1 }, { op: 'exposure-filter' }, { op: 'exposure-filter', min: 0.8, max: 0.2 }, { op: 'image-orient', degrees: 90 }] })).toEqual([
      'operators[0].maxSide: is required for image-resize',
      'operators[1].maxDistance: must be a whole number between 0 and 64, got 65',
      'operators[2].minSharpness: must be a number between 0 and 1000000, got -1',
      'operators[3]: exposure-filter needs `min` and/or `max` (mean brightness 0..1) or `maxClipped` (share of black or white pixels 0..1)',
      'operators[4].max: must not be below min (0.8)',
      'operators[5].degrees: unknown option for image-orient; its options are field',
    ]);
  });

  it('leaves text untouched when core runs a spec with image operators (the server runs them)', () => {
    const pipeline = createPipeline(parsePipelineSpec([{ op: 'image-resize', maxSide: 64 }, { op: 'normalize' }]));
    expect(pipeline.process({ text: 'ＡＢＣ', image: '/api/v1/media/x' })).toEqual({ status: 'changed', record: { text: 'ABC', image: '/api/v1/media/x' } });
  });
});

describe('image operator decisions', () => {
  it('resizes to fit inside maxSide, keeping the aspect ratio, and never enlarges', () => {
    expect(planImageResize({ maxSide: 100 }, { width: 400, height: 300 })).toEqual({ width: 100, height: 75 });
    expect(planImageResize({ maxSide: 100 }, { width: 30, height: 401 })).toEqual({ width: 7, height: 100 });
    expect(planImageResize({ maxSide: 100 }, { width: 100, height: 20 })).toBeNull();
    expect(planImageResize({ maxSide: 100 }, { width: 1000, height: 1 })).toEqual({ width: 100, height: 1 });
  });

  it('keeps the first image of a near-duplicate group and names it for the later ones', () => {
    const index = new ImageNearDedupIndex(4);
    expect(index.check('ffffffffffffffff', 0)).toBeNull();
    expect(index.check('fffffffffffffff0', 1)).toEqual({ reason: 'near-duplicate image: pHash 4 bits from an earlier one', duplicateOf: 0 });
    expect(index.check('ffffffffffffff00', 2)).toBeNull();
    expect(index.size).toBe(2);
  });

  it('drops blurred, dark, bright and clipped images with a reason', () => {
    expect(blurVerdict({ minSharpness: 100 }, 12.34)?.reason).toBe('blurred: sharpness 12.3 is below 100');
    expect(blurVerdict({ minSharpness: 100 }, 100)).toBeNull();
    const score = (mean: number, darkShare = 0, brightShare = 0) => ({ mean, darkShare, brightShare, verdict: 'ok' as const });
    expect(exposureVerdict({ min: 0.2 }, score(0.1))?.reason).toBe('too dark: mean brightness 0.100 is below 0.2');
    expect(exposureVerdict({ max: 0.8 }, score(0.9))?.reason).toBe('too bright: mean brightness 0.900 is above 0.8');
    expect(exposureVerdict({ maxClipped: 0.3 }, score(0.5, 0.4, 0.1))?.reason).toBe('clipped: 40.0 % of the pixels are black, above 30.0 %');
    expect(exposureVerdict({ min: 0.2, max: 0.8, maxClipped: 0.3 }, score(0.5, 0.1, 0.1))).toBeNull();
  });
});

describe('face-blur', () => {
  it('parses, and names the bad option with its path', () => {
    expect(parsePipelineSpec({ operators: [{ op: 'face-blur', minScore: 0.6, padding: 0.3, action: 'pixelate' }] }).operators[0]).toEqual({ op: 'face-blur', minScore: 0.6, padding: 0.3, action: 'pixelate' });
    expect(isImageOperator({ op: 'face-blur' })).toBe(true);
    expect(issuesOf({ operators: [{ op: 'face-blur', action: 'erase', minScore: 2 }] })).toEqual(
      expect.arrayContaining(['operators[0].action: must be one of blur, pixelate, drop, got "erase"', 'operators[0].minScore: must be a number between 0.05 and 1, got 2']),
    );
  });

  it('pads each confident face and clips it to the picture; weak detections are left alone', () => {
    const faces = [
      { x: 100, y: 50, width: 40, height: 60, score: 0.9 },
      { x: -10, y: 470, width: 40, height: 40, score: 0.8 },
      { x: 300, y: 300, width: 40, height: 40, score: 0.3 },
    ];
    expect(faceRegions({}, faces, { width: 640, height: 480 })).toEqual([
      { left: 90, top: 35, width: 60, height: 90 },
      { left: 0, top: 460, width: 40, height: 20 },
    ]);
    expect(faceRegions({ minScore: 0.2, padding: 0 }, faces, { width: 640, height: 480 })).toHaveLength(3);
  });

  it('drops only when asked to and a face is there', () => {
    expect(faceVerdict({ action: 'drop' }, 2)?.reason).toContain('2 faces');
    expect(faceVerdict({ action: 'drop' }, 0)).toBeNull();
    expect(faceVerdict({ action: 'blur' }, 3)).toBeNull();
    expect(faceVerdict({}, 3)).toBeNull();
  });
});
