/**
 * Waveform peaks, computed once at intake so that opening a two-hour recording in the browser means
 * fetching about 1.4 MB instead of decoding hundreds of megabytes. The blob uses BBC audiowaveform's
 * binary `.dat` format (version 1, 8-bit), which peaks.js and wavesurfer read too:
 *
 *   int32 version = 1, uint32 flags (1 = 8-bit), int32 sample rate, int32 samples per pixel,
 *   uint32 length (pairs), then `length` pairs of int8 min, int8 max; all little-endian.
 */

/** Peaks are computed from mono PCM at this rate: plenty for a picture, and cheap to decode. */
export const PEAKS_SAMPLE_RATE = 8000;
/** 80 samples at 8 kHz = 100 min/max pairs per second, the finest zoom; coarser ones are reduced from it. */
export const SAMPLES_PER_PIXEL = 80;
export const PEAKS_HEADER_BYTES = 20;

/** Folds a stream of signed 16-bit little-endian mono samples into min/max pairs. */
export class PeakAccumulator {
  private pairs: Int8Array = new Int8Array(2 * 1024);
  private length = 0;
  private inBucket = 0;
  private min = 0;
  private max = 0;
  /** An odd byte left over from the previous chunk (chunks need not end on a sample). */
  private carry: number | undefined;
  samples = 0;

  push(chunk: Buffer): void {
    let offset = 0;
    if (this.carry !== undefined && chunk.length > 0) {
      this.sample(((chunk[0]! << 8) | this.carry) << 16 >> 16);
      this.carry = undefined;
      offset = 1;
    }
    const end = offset + ((chunk.length - offset) & ~1);
    for (let i = offset; i < end; i += 2) this.sample(chunk.readInt16LE(i));
    if (end < chunk.length) this.carry = chunk[end];
  }

  private sample(value: number): void {
    if (this.inBucket === 0) {
      this.min = value;
      this.max = value;
    } else {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    this.samples++;
    if (++this.inBucket === SAMPLES_PER_PIXEL) this.flush();
  }

  private flush(): void {
    if (this.length * 2 + 2 > this.pairs.length) {
      const grown = new Int8Array(this.pairs.length * 2);
      grown.set(this.pairs);
      this.pairs = grown;
    }
    // 16-bit to 8-bit by dropping the low byte: floor keeps -32768 at -128 and 32767 at 127.
    this.pairs[this.length * 2] = this.min >> 8;
    this.pairs[this.length * 2 + 1] = this.max >> 8;
    this.length++;
    this.inBucket = 0;
  }

  /** The `.dat` file: header plus every pair, the last partial bucket included. */
  finish(): Buffer {
    if (this.inBucket > 0) this.flush();
    const out = Buffer.alloc(PEAKS_HEADER_BYTES + this.length * 2);
    out.writeInt32LE(1, 0);
    out.writeUInt32LE(1, 4);
    out.writeInt32LE(PEAKS_SAMPLE_RATE, 8);
    out.writeInt32LE(SAMPLES_PER_PIXEL, 12);
    out.writeUInt32LE(this.length, 16);
    Buffer.from(this.pairs.buffer, this.pairs.byteOffset, this.length * 2).copy(out, PEAKS_HEADER_BYTES);
    return out;
  }
}

export interface Peaks {
  sampleRate: number;
  samplesPerPixel: number;
  /** min, max, min, max … in -128..127. */
  data: Int8Array;
}

/** Reads a version-1, 8-bit `.dat` file (what PeakAccumulator writes). */
export function readPeaks(bytes: Buffer): Peaks {
  if (bytes.length < PEAKS_HEADER_BYTES || bytes.readInt32LE(0) !== 1 || (bytes.readUInt32LE(4) & 1) !== 1) throw new Error('not an 8-bit audiowaveform .dat (version 1) file');
  const length = bytes.readUInt32LE(16);
  if (bytes.length < PEAKS_HEADER_BYTES + length * 2) throw new Error(`the peaks file is cut short: ${length} pairs announced, ${(bytes.length - PEAKS_HEADER_BYTES) >> 1} present`);
  return { sampleRate: bytes.readInt32LE(8), samplesPerPixel: bytes.readInt32LE(12), data: new Int8Array(bytes.buffer, bytes.byteOffset + PEAKS_HEADER_BYTES, length * 2) };
}

/** An 8-bit grey image of the waveform (`width` × `height`, one byte per pixel) for the thumbnail. */
export function drawWaveform(peaks: Peaks, width: number, height: number): Buffer {
  const image = Buffer.alloc(width * height, 255);
  const pairs = peaks.data.length / 2;
  const mid = (height - 1) / 2;
  for (let x = 0; x < width && pairs > 0; x++) {
    const from = Math.floor((x * pairs) / width);
    const to = Math.max(from + 1, Math.floor(((x + 1) * pairs) / width));
    let min = 127;
    let max = -128;
    for (let p = from; p < to && p < pairs; p++) {
      min = Math.min(min, peaks.data[2 * p]!);
      max = Math.max(max, peaks.data[2 * p + 1]!);
    }
    const top = Math.round(mid - (max / 128) * mid);
    const bottom = Math.round(mid - (min / 128) * mid);
    for (let y = Math.max(0, top); y <= Math.min(height - 1, bottom); y++) image[y * width + x] = 60;
  }
  return image;
}
