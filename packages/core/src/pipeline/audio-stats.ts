/**
 * Statistics of decoded audio for the audio operators of a pipeline (docs/pipelines.md, "Audio operators"):
 * clipped samples, per-frame energy, and from the frame energies the silence ratio and an SNR estimate.
 * Pure: the server decodes with ffmpeg and pushes float samples (full scale ±1) in chunks, so a two-hour
 * recording is never held whole; what stays is one number per 20 ms frame (180,000 for an hour).
 */

/** Frame length of the energy measures, seconds: short enough to find pauses between words. */
export const AUDIO_FRAME_SECONDS = 0.02;
/** Power floor (−100 dBFS): digital silence would otherwise be −∞ dB. */
const POWER_FLOOR = 1e-10;

/** Power as dBFS relative to a full-scale square wave (a full-scale sine measures −3 dBFS). */
export function powerDbfs(power: number): number {
  return 10 * Math.log10(Math.max(power, POWER_FLOOR));
}

export interface AudioStatsResult {
  sampleRate: number;
  channels: number;
  /** Samples per channel. */
  frames: number;
  duration: number;
  /** Largest absolute sample value (1 = full scale; float sources may exceed it). */
  peak: number;
  /** Per requested clip level: samples (all channels) whose absolute value is at or above it. */
  clipped: Map<number, number>;
  /** Mean power over all channels of each 20 ms frame (the last one may be shorter). */
  framePowers: Float64Array;
}

/**
 * Accumulates statistics over interleaved float samples, chunk by chunk. `clipLevels` are the levels
 * (0..1 of full scale) whose sample counts are wanted (one per clipping-filter of the spec).
 */
export class AudioStatsAccumulator {
  private readonly frameLength: number;
  private readonly clipCounts: number[];
  private powers = new Float64Array(1024);
  private count = 0;
  private frameSum = 0;
  private frameSamples = 0;
  private samples = 0;
  private peak = 0;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
    private readonly clipLevels: readonly number[] = [],
  ) {
    if (!(sampleRate > 0) || !Number.isInteger(channels) || channels < 1) throw new RangeError(`sample rate and channels must be positive, got ${sampleRate} Hz, ${channels} channels`);
    this.frameLength = Math.max(1, Math.round(sampleRate * AUDIO_FRAME_SECONDS)) * channels;
    this.clipCounts = clipLevels.map(() => 0);
  }

  /** Interleaved samples; a chunk may end in the middle of a frame (and of a sample group). */
  push(chunk: ArrayLike<number>): void {
    const levels = this.clipLevels;
    for (let i = 0; i < chunk.length; i++) {
      const x = chunk[i]!;
      const a = Math.abs(x);
      if (a > this.peak) this.peak = a;
      for (let l = 0; l < levels.length; l++) if (a >= levels[l]!) this.clipCounts[l]!++;
      this.frameSum += x * x;
      if (++this.frameSamples === this.frameLength) this.endFrame();
    }
    this.samples += chunk.length;
  }

  finish(): AudioStatsResult {
    if (this.frameSamples > 0) this.endFrame();
    const frames = Math.floor(this.samples / this.channels);
    return {
      sampleRate: this.sampleRate,
      channels: this.channels,
      frames,
      duration: frames / this.sampleRate,
      peak: this.peak,
      clipped: new Map(this.clipLevels.map((level, i) => [level, this.clipCounts[i]!])),
      framePowers: this.powers.slice(0, this.count),
    };
  }

  private endFrame(): void {
    if (this.count === this.powers.length) {
      const grown = new Float64Array(this.powers.length * 2);
      grown.set(this.powers);
      this.powers = grown;
    }
    this.powers[this.count++] = this.frameSum / this.frameSamples;
    this.frameSum = 0;
    this.frameSamples = 0;
  }
}

/** Share (0..1) of samples at or above a clip level; 0 for no samples. */
export function clipRatio(clippedSamples: number, totalSamples: number): number {
  return totalSamples > 0 ? clippedSamples / totalSamples : 0;
}

/** Share (0..1) of frames whose level (dBFS of their mean power) is below `thresholdDbfs`; 1 for no frames. */
export function silenceRatio(framePowers: ArrayLike<number>, thresholdDbfs: number): number {
  if (framePowers.length === 0) return 1;
  const limit = 10 ** (thresholdDbfs / 10);
  let silent = 0;
  for (let i = 0; i < framePowers.length; i++) if (framePowers[i]! < limit) silent++;
  return silent / framePowers.length;
}

export interface SnrEstimate {
  /** Estimated signal-to-noise ratio, dB, clamped to −30..100. */
  snrDb: number;
  /** Level of the noise floor and of the loud frames, dBFS. */
  noiseDbfs: number;
  signalDbfs: number;
}

/** Percentiles of the frame powers the SNR estimate compares (see estimateSnr). */
export const SNR_NOISE_PERCENTILE = 0.1;
export const SNR_SIGNAL_PERCENTILE = 0.9;

/**
 * SNR by the energy-percentile method: speech has pauses (between words, at the ends), so the quietest
 * frames show the noise floor and the loudest the speech over it. The noise power N is the 10th
 * percentile of the 20 ms frame powers, the signal-plus-noise power S the 90th, and the estimate is
 * 10·log10((S − N) / N). It needs pauses: a recording with no quiet frames at all (steady music, a tone)
 * compares like with like and reads near 0 dB or below. Digital silence is floored at −100 dBFS, so a
 * clean clip with zeroed pauses reads about 100 dB, and a noisy one padded with zeros reads too high.
 * Null when there are no frames.
 */
export function estimateSnr(framePowers: ArrayLike<number>): SnrEstimate | null {
  if (framePowers.length === 0) return null;
  const sorted = Float64Array.from(framePowers).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;
  const noise = Math.max(at(SNR_NOISE_PERCENTILE), POWER_FLOOR);
  const signal = Math.max(at(SNR_SIGNAL_PERCENTILE), POWER_FLOOR);
  const ratio = (signal - noise) / noise;
  const snrDb = ratio > 0 ? Math.min(100, Math.max(-30, 10 * Math.log10(ratio))) : -30;
  return { snrDb: round2(snrDb), noiseDbfs: round2(powerDbfs(noise)), signalDbfs: round2(powerDbfs(signal)) };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
