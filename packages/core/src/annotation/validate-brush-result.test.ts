/** Brush masks end to end in core: validation against the image size, agreement, the delivered label, CSV. */
import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { ValidationError } from '../validation/validation-error.js';
import { resultAgreement } from '../quality/result-agreement.js';
import { taskLabel } from '../quality/task-label.js';
import { csvValues } from '../export/export-record.js';
import { compressCounts, decodeRle, encodeMask, rleArea } from '../metrics/masks/coco-rle.js';
import type { AnnotationResult, BrushLabelsResultItem } from './result.types.js';

const config = parseLabelConfig({
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [{ type: 'brushlabels', name: 'mask', toName: 'image', labels: [{ value: 'road', color: '#ff0000' }, { value: 'sky', color: '#0000ff' }] }],
});
// A 2 × 3 image (height × width).
const data = { image: 'https://example.org/a.png', width: 3, height: 2 };

/** A mask from rows of 0/1. */
function rle(rows: string[]): { size: [number, number]; counts: number[] } {
  const height = rows.length;
  const width = rows[0]!.length;
  const bytes = new Uint8Array(height * width);
  rows.forEach((row, y) => [...row].forEach((c, x) => (bytes[x * height + y] = c === '1' ? 1 : 0)));
  return encodeMask({ height, width, data: bytes }) as { size: [number, number]; counts: number[] };
}
const item = (r: unknown, labels = ['road'], id = 'm1'): Record<string, unknown> => ({ id, from_name: 'mask', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: r, brushlabels: labels } });

function issuesOf(result: unknown, d: Record<string, unknown> = data): string[] {
  try {
    validateResult(config, d, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('validateResult: brush masks (COCO RLE)', () => {
  it('keeps uncompressed and compressed counts as sent', () => {
    const out = validateResult(config, data, [item(rle(['110', '000'])), item({ size: [2, 3], counts: compressCounts([1, 2, 3]) }, ['sky'], 'm2')]);
    expect(out).toEqual([
      { id: 'm1', from_name: 'mask', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: { size: [2, 3], counts: [0, 1, 1, 1, 3] }, brushlabels: ['road'] } },
      { id: 'm2', from_name: 'mask', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: { size: [2, 3], counts: compressCounts([1, 2, 3]) }, brushlabels: ['sky'] } },
    ]);
  });

  it('rejects masks of another size, runs that do not add up, empty masks and unknown labels', () => {
    expect(issuesOf([item(rle(['11', '00']))])).toEqual(['result[0].value.rle.size: must be [2, 3], the image\'s [height, width] in the task data, got [2,2]']);
    expect(issuesOf([item({ size: [2, 3], counts: [1, 2] })])).toEqual(['result[0].value.rle: the runs cover 3 pixels, the size 2×3 has 6']);
    expect(issuesOf([item(rle(['000', '000']))])).toEqual(['result[0].value.rle: the mask has no pixels set; omit the item when nothing is painted']);
    expect(issuesOf([item(rle(['100', '000']), ['tree'])])[0]).toMatch(/"tree" is not a label of "mask"/);
    expect(issuesOf([{ ...item(rle(['100', '000'])), value: { format: 'rle', rle: [1, 2], brushlabels: ['road'] } }])[0]).toMatch(/^result\[0\]\.value\.format/);
    // Without a stated size any consistent mask passes.
    expect(validateResult(config, { image: 'x.png' }, [item(rle(['11', '01']))])).toHaveLength(1);
  });
});

describe('brush masks in quality and export', () => {
  const mask = (rows: string[], label = 'road', id = 'm1'): BrushLabelsResultItem => ({ id, from_name: 'mask', to_name: 'image', type: 'brushlabels', value: { format: 'coco-rle', rle: rle(rows), brushlabels: [label] } });

  it('agreement is F1 of masks matched at IoU ≥ 0.5', () => {
    expect(resultAgreement(config, [mask(['110', '000'])], [mask(['111', '000'])])).toBe(1);
    expect(resultAgreement(config, [mask(['110', '000'])], [mask(['011', '011'])])).toBe(0);
  });

  it('the delivered label is the pixel-wise strict majority per label', () => {
    const inputs: AnnotationResult[] = [[mask(['110', '000'])], [mask(['111', '000'])], [mask(['010', '010'])]];
    const label = taskLabel(config, data, inputs.map((result, n) => ({ annotationId: `a${n}`, version: 1, worker: `w${n}`, result })));
    expect(label.result).toHaveLength(1);
    const fused = label.result[0] as BrushLabelsResultItem;
    expect(typeof fused.value.rle.counts).toBe('string');
    expect(rleArea(fused.value.rle)).toBe(2);
    expect([...decodeRle(fused.value.rle).data]).toEqual([1, 0, 1, 0, 0, 0]);
    expect(validateResult(config, data, label.result)).toEqual(label.result);
  });

  it('CSV holds the RLE JSON per mask', () => {
    const cells = csvValues(config, { id: 't1', data, createdAt: '' }, [{ id: 'a', annotator: 'x@y', versions: [{ version: 1, result: [mask(['100', '000'])], leadTimeMs: 0, createdBy: 'x@y', createdAt: '' }] }]);
    expect(JSON.parse(cells[2] as string)).toEqual([{ rle: { size: [2, 3], counts: [0, 1, 5] }, label: 'road' }]);
  });
});
