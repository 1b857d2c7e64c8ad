/**
 * The waveform peaks the server computes at intake (docs/media.md, Audio): BBC audiowaveform's `.dat`,
 * version 1, a 20-byte little-endian header (version, flags, sample rate, samples per pixel, pair count)
 * then int8 min, max pairs (16-bit when flags bit 0 is clear). Reading them here is what lets a two-hour
 * recording open at once: 1.44 MB of peaks instead of decoding the audio in the browser.
 */
export interface Peaks {
  /** Pairs per second of audio (100 for the server's peaks). */
  pairsPerSecond: number;
  /** min, max, min, max … scaled to −1..1. */
  values: Float32Array;
  length: number;
}

/** Parses a `.dat` file; throws with what is wrong when it is not one. */
export function parsePeaks(buffer: ArrayBuffer): Peaks {
  if (buffer.byteLength < 20) throw new Error(`peaks file too short: ${buffer.byteLength} bytes, a header alone is 20`);
  const view = new DataView(buffer);
  const version = view.getInt32(0, true);
  if (version !== 1) throw new Error(`peaks file version ${version}; only version 1 is read`);
  const eightBit = (view.getUint32(4, true) & 1) === 1;
  const sampleRate = view.getInt32(8, true);
  const samplesPerPixel = view.getInt32(12, true);
  const length = view.getUint32(16, true);
  if (sampleRate <= 0 || samplesPerPixel <= 0) throw new Error(`peaks file has sample rate ${sampleRate} and ${samplesPerPixel} samples per pixel`);
  const bytes = eightBit ? 1 : 2;
  // A last pair may be cut off by a truncated download: read what is whole.
  const whole = Math.min(length, Math.floor((buffer.byteLength - 20) / (2 * bytes)));
  const values = new Float32Array(whole * 2);
  if (eightBit) {
    // A typed view instead of DataView calls: two hours are 1.44 million values.
    const raw = new Int8Array(buffer, 20, whole * 2);
    for (let i = 0; i < raw.length; i++) values[i] = raw[i]! / 128;
  } else {
    for (let i = 0; i < whole * 2; i++) values[i] = view.getInt16(20 + 2 * i, true) / 32768;
  }
  return { pairsPerSecond: sampleRate / samplesPerPixel, values, length: whole };
}

/**
 * One min/max per pixel column for the time window [from, from + columns · secondsPerColumn): each column
 * takes the extremes of the pairs it covers, or the nearest pair when zoomed in past one pair per column.
 */
export function columnsOf(peaks: Peaks, from: number, secondsPerColumn: number, columns: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(columns);
  const max = new Float32Array(columns);
  for (let c = 0; c < columns; c++) {
    const t0 = from + c * secondsPerColumn;
    const first = Math.floor(t0 * peaks.pairsPerSecond);
    const last = Math.max(first + 1, Math.floor((t0 + secondsPerColumn) * peaks.pairsPerSecond));
    let lo = 0;
    let hi = 0;
    for (let p = Math.max(0, first); p < Math.min(peaks.length, last); p++) {
      lo = Math.min(lo, peaks.values[2 * p]!);
      hi = Math.max(hi, peaks.values[2 * p + 1]!);
    }
    min[c] = lo;
    max[c] = hi;
  }
  return { min, max };
}
