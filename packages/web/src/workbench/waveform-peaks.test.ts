import { describe, expect, it } from 'vitest';
import { columnsOf, parsePeaks } from './waveform-peaks.ts';

/** A `.dat` v1 8-bit file as the server writes it: 8 kHz, 80 samples per pair (100 pairs per second). */
function datFile(pairs: [number, number][]): ArrayBuffer {
  const buffer = new ArrayBuffer(20 + pairs.length * 2);
  const view = new DataView(buffer);
  view.setInt32(0, 1, true);
  view.setUint32(4, 1, true);
  view.setInt32(8, 8000, true);
  view.setInt32(12, 80, true);
  view.setUint32(16, pairs.length, true);
  pairs.forEach(([lo, hi], i) => {
    view.setInt8(20 + 2 * i, lo);
    view.setInt8(21 + 2 * i, hi);
  });
  return buffer;
}

describe('parsePeaks', () => {
  it('reads the header and scales the pairs to −1..1', () => {
    const peaks = parsePeaks(datFile([[-128, 64], [-32, 32]]));
    expect(peaks.pairsPerSecond).toBe(100);
    expect(peaks.length).toBe(2);
    expect([...peaks.values]).toEqual([-1, 0.5, -0.25, 0.25]);
  });

  it('refuses what is not a version-1 file and reads only whole pairs of a cut-off one', () => {
    expect(() => parsePeaks(new ArrayBuffer(8))).toThrow(/too short/);
    const wrong = datFile([]);
    new DataView(wrong).setInt32(0, 2, true);
    expect(() => parsePeaks(wrong)).toThrow(/version 2/);
    expect(parsePeaks(datFile([[-1, 1], [-2, 2]]).slice(0, 23)).length).toBe(1);
  });
});

describe('columnsOf', () => {
  it('takes the extremes of the pairs each column covers', () => {
    // 4 pairs = 40 ms; two columns of 20 ms each cover two pairs.
    const peaks = parsePeaks(datFile([[-64, 32], [-16, 96], [0, 0], [-128, 16]]));
    const { min, max } = columnsOf(peaks, 0, 0.02, 2);
    expect([...min]).toEqual([-0.5, -1]);
    expect([...max]).toEqual([0.75, 0.125]);
    // Past the end the columns are silent.
    expect([...columnsOf(peaks, 1, 0.02, 1).max]).toEqual([0]);
  });
});
