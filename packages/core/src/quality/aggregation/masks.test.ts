import { describe, expect, it } from 'vitest';
import { decodeRle, encodeMask, type CocoRle } from '../../metrics/masks/coco-rle.js';
import { fuseMasks, maskF1 } from './masks.js';

/** A mask from rows of 0/1 (one string per image row). */
function rle(rows: string[]): CocoRle {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(height * width);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[x * height + y] = c === '1' ? 1 : 0)));
  return encodeMask({ height, width, data });
}

describe('fuseMasks', () => {
  it('keeps pixels a strict majority painted, per label', () => {
    const fused = fuseMasks([
      { worker: 'a', masks: [{ rle: rle(['110', '000']), label: 'road' }, { rle: rle(['000', '001']), label: 'sky' }] },
      { worker: 'b', masks: [{ rle: rle(['011', '000']), label: 'road' }] },
      { worker: 'c', masks: [{ rle: rle(['010', '010']), label: 'road' }] },
    ]);
    expect(fused.map((f) => f.label)).toEqual(['road']);
    expect(decodeRle(fused[0]!.rle).data).toEqual(decodeRle(rle(['110', '000'])).data.map((_, i) => (i === 2 ? 1 : 0)));
  });

  it('counts an annotator once even when their masks overlap', () => {
    const fused = fuseMasks([
      { worker: 'a', masks: [{ rle: rle(['11']), label: 'x' }, { rle: rle(['01']), label: 'x' }] },
      { worker: 'b', masks: [] },
    ]);
    expect(fused).toEqual([]);
  });
});

describe('maskF1', () => {
  it('matches same-label masks at IoU ≥ 0.5', () => {
    const a = [{ rle: rle(['1100']), label: 'x' }];
    expect(maskF1(a, [{ rle: rle(['1110']), label: 'x' }])).toBe(1);
    expect(maskF1(a, [{ rle: rle(['0111']), label: 'x' }])).toBe(0);
    expect(maskF1(a, [{ rle: rle(['1100']), label: 'y' }])).toBe(0);
    expect(maskF1([], [])).toBe(1);
  });
});
