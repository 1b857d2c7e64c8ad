/**
 * Audio operators of a preprocessing pipeline (docs/pipelines.md, "Audio operators"): their spec types,
 * option checks, and the pure decisions they make from what the server measures (ffprobe's stream,
 * the statistics of audio-stats.ts, the EBU R 128 loudness, the VAD's speech segments). Decoding and
 * encoding is I/O and lives on the server (media/audio-stage.ts); everything that decides what happens
 * to a recording lives here so it is tested without ffmpeg.
 *
 * An audio operator reads the task-data field holding a recording's URL (`field`, default: the project's
 * first audio field). The server runs the audio operators of a spec first, in their order, then the text
 * ones. After a `vad-split`, the operators that follow see each utterance on its own.
 */
import { DEFAULT_VAD_OPTIONS, type SpeechSpan, type VadSegmentOptions } from '../models/speech-segments.js';
import type { ValidationIssue } from '../validation/validation-error.js';
import type { DropReason } from './operator.js';

interface AudioOperatorBase {
  /** The task-data field holding the recording's URL; default the project's first audio field. */
  field?: string;
}
/** Probes and decodes the whole recording; one that does not decode cleanly is dropped with ffmpeg's reason. */
export interface AudioValidateOperatorSpec extends AudioOperatorBase {
  op: 'audio-validate';
}
export const AUDIO_FORMATS = ['wav', 'flac'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];
/** Re-encodes to lossless `format` at `sampleRate` with `channels` (default 16 kHz mono WAV, what speech models take). */
export interface AudioTranscodeOperatorSpec extends AudioOperatorBase {
  op: 'audio-transcode';
  format?: AudioFormat;
  sampleRate?: number;
  channels?: number;
}
/** Drops recordings shorter than `min` or longer than `max` seconds. */
export interface DurationFilterOperatorSpec extends AudioOperatorBase {
  op: 'duration-filter';
  min?: number;
  max?: number;
}
/** Drops recordings whose share of samples at or above `level` of full scale exceeds `maxRatio`. */
export interface ClippingFilterOperatorSpec extends AudioOperatorBase {
  op: 'clipping-filter';
  /** Default 0.01 (1 % of the samples). */
  maxRatio?: number;
  /** Default 0.99 of full scale. */
  level?: number;
}
/** Drops recordings whose share of 20 ms frames quieter than `thresholdDb` dBFS exceeds `maxRatio`. */
export interface SilenceFilterOperatorSpec extends AudioOperatorBase {
  op: 'silence-filter';
  /** Default 0.8. */
  maxRatio?: number;
  /** Default −40 dBFS. */
  thresholdDb?: number;
}
/** Drops recordings whose estimated SNR (energy percentiles, audio-stats.ts `estimateSnr`) is below `minSnr` dB. */
export interface SnrFilterOperatorSpec extends AudioOperatorBase {
  op: 'snr-filter';
  minSnr: number;
}
/** Applies one gain so the integrated loudness (EBU R 128) reaches `target` LUFS, without letting the true peak exceed `truePeak` dBTP. */
export interface LoudnessNormalizeOperatorSpec extends AudioOperatorBase {
  op: 'loudness-normalize';
  /** Default −23 LUFS (EBU R 128). */
  target?: number;
  /** Ceiling for the true peak after the gain, default −1 dBTP. */
  truePeak?: number;
  /** Recordings already within this many LU of the target are kept as they are (default 0.5). */
  tolerance?: number;
}
/** Splits a recording into utterances with Silero VAD; each becomes its own output record. */
export interface VadSplitOperatorSpec extends AudioOperatorBase, Partial<VadSegmentOptions> {
  op: 'vad-split';
}

export type AudioOperatorSpec =
  | AudioValidateOperatorSpec
  | AudioTranscodeOperatorSpec
  | DurationFilterOperatorSpec
  | ClippingFilterOperatorSpec
  | SilenceFilterOperatorSpec
  | SnrFilterOperatorSpec
  | LoudnessNormalizeOperatorSpec
  | VadSplitOperatorSpec;
export type AudioOperatorName = AudioOperatorSpec['op'];

export const AUDIO_DEFAULTS = {
  transcode: { format: 'wav' as AudioFormat, sampleRate: 16_000, channels: 1 },
  clipping: { maxRatio: 0.01, level: 0.99 },
  silence: { maxRatio: 0.8, thresholdDb: -40 },
  loudness: { target: -23, truePeak: -1, tolerance: 0.5 },
} as const;

type Check = (value: unknown, path: string, issues: ValidationIssue[]) => void;

function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : v !== null && typeof v === 'object' ? 'an object' : String(v);
}
function range(min: number, max: number, integer = false): Check {
  return (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      issues.push({ path, message: `must be ${integer ? 'a whole number' : 'a number'} between ${min} and ${max}, got ${shown(v)}` });
    }
  };
}
function oneOf(values: readonly string[]): Check {
  return (v, path, issues) => {
    if (typeof v !== 'string' || !values.includes(v)) issues.push({ path, message: `must be one of ${values.map((x) => `"${x}"`).join(', ')}, got ${shown(v)}` });
  };
}
const seconds = range(0, 86_400);

/** Options of each audio operator (besides `op` and `field`) with their checks, in the shape pipeline-spec uses. */
export const AUDIO_OPERATORS: Record<AudioOperatorName, { options: Record<string, Check>; required?: string[] }> = {
  'audio-validate': { options: {} },
  'audio-transcode': { options: { format: oneOf(AUDIO_FORMATS), sampleRate: range(8_000, 192_000, true), channels: range(1, 8, true) } },
  'duration-filter': { options: { min: seconds, max: seconds } },
  'clipping-filter': { options: { maxRatio: range(0, 1), level: range(0.5, 1) } },
  'silence-filter': { options: { maxRatio: range(0, 1), thresholdDb: range(-120, 0) } },
  'snr-filter': { options: { minSnr: range(-30, 100) }, required: ['minSnr'] },
  'loudness-normalize': { options: { target: range(-70, -5), truePeak: range(-20, 0), tolerance: range(0, 10) } },
  'vad-split': { options: { threshold: range(0.05, 0.95), minSpeechMs: range(0, 60_000, true), minSilenceMs: range(0, 60_000, true), padMs: range(0, 10_000, true) } },
};

export const AUDIO_OPERATOR_NAMES = Object.keys(AUDIO_OPERATORS) as AudioOperatorName[];

/** True for an operator the server runs on an audio field rather than core on a text field. */
export function isAudioOperator(spec: { op: string }): spec is AudioOperatorSpec {
  return (AUDIO_OPERATOR_NAMES as readonly string[]).includes(spec.op);
}

/** Cross-option checks (something to filter on). */
export function audioOperatorProblems(record: Record<string, unknown>, path: string): ValidationIssue[] {
  if (record.op === 'duration-filter' && record.min === undefined && record.max === undefined) {
    return [{ path, message: 'duration-filter needs `min` and/or `max` (seconds), e.g. { op: duration-filter, min: 1, max: 30 }' }];
  }
  return [];
}

/** What ffprobe says about a recording's first audio stream (and its container's format name). */
export interface AudioStreamInfo {
  /** ffprobe's format name, e.g. `wav`, `flac`, `mp3`, `mov,mp4,m4a,3gp,3g2,mj2`. */
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
}

/** The lossless encoding an `audio-transcode` writes. */
export interface AudioTarget {
  format: AudioFormat;
  /** ffmpeg codec name: 16-bit PCM in WAV, FLAC in FLAC. */
  codec: 'pcm_s16le' | 'flac';
  sampleRate: number;
  channels: number;
}

/** The encoding `audio-transcode` makes of a recording; null when it is already that (kept as is). */
export function planAudioTranscode(spec: Omit<AudioTranscodeOperatorSpec, 'op' | 'field'>, stream: AudioStreamInfo): AudioTarget | null {
  const format = spec.format ?? AUDIO_DEFAULTS.transcode.format;
  const target: AudioTarget = {
    format,
    codec: format === 'wav' ? 'pcm_s16le' : 'flac',
    sampleRate: spec.sampleRate ?? AUDIO_DEFAULTS.transcode.sampleRate,
    channels: spec.channels ?? AUDIO_DEFAULTS.transcode.channels,
  };
  const sameContainer = stream.container.split(',').includes(format);
  return sameContainer && stream.codec === target.codec && stream.sampleRate === target.sampleRate && stream.channels === target.channels ? null : target;
}

/** Why `duration-filter` drops a recording of `duration` seconds, or null to keep it. */
export function durationVerdict(spec: Pick<DurationFilterOperatorSpec, 'min' | 'max'>, duration: number): DropReason | null {
  if (spec.min !== undefined && duration < spec.min) return { reason: `too short: ${duration.toFixed(2)} s is below ${spec.min} s` };
  if (spec.max !== undefined && duration > spec.max) return { reason: `too long: ${duration.toFixed(2)} s is above ${spec.max} s` };
  return null;
}

/** Why `clipping-filter` drops a recording whose clipped share is `ratio`, or null to keep it. */
export function clippingVerdict(spec: Pick<ClippingFilterOperatorSpec, 'maxRatio' | 'level'>, ratio: number): DropReason | null {
  const max = spec.maxRatio ?? AUDIO_DEFAULTS.clipping.maxRatio;
  const level = spec.level ?? AUDIO_DEFAULTS.clipping.level;
  return ratio > max ? { reason: `clipped: ${percent(ratio)} of the samples are at or above ${level} of full scale, above ${percent(max)}` } : null;
}

/** Why `silence-filter` drops a recording whose silent share is `ratio`, or null to keep it. */
export function silenceVerdict(spec: Pick<SilenceFilterOperatorSpec, 'maxRatio' | 'thresholdDb'>, ratio: number): DropReason | null {
  const max = spec.maxRatio ?? AUDIO_DEFAULTS.silence.maxRatio;
  const threshold = spec.thresholdDb ?? AUDIO_DEFAULTS.silence.thresholdDb;
  return ratio > max ? { reason: `mostly silent: ${percent(ratio)} of the 20 ms frames are below ${threshold} dBFS, above ${percent(max)}` } : null;
}

/** Why `snr-filter` drops a recording with this SNR estimate (null: nothing to measure), or null to keep it. */
export function snrVerdict(spec: Pick<SnrFilterOperatorSpec, 'minSnr'>, snrDb: number | null): DropReason | null {
  if (snrDb === null) return { reason: 'no audio to estimate an SNR from (no samples)' };
  return snrDb < spec.minSnr ? { reason: `noisy: estimated SNR ${snrDb.toFixed(1)} dB is below ${spec.minSnr} dB` } : null;
}

/** A loudness measurement: integrated loudness (LUFS; null for silence below the −70 LUFS gate) and true peak (dBTP). */
export interface LoudnessMeasure {
  integrated: number | null;
  truePeak: number;
}

export interface LoudnessPlan {
  /** The gain to apply, dB. */
  gainDb: number;
  /** The integrated loudness expected after it. */
  expected: number;
  /** True when the true-peak ceiling held the gain back, so `expected` is below the target. */
  peakLimited: boolean;
}

/**
 * The one gain `loudness-normalize` applies: target minus measured loudness, lowered when the true peak
 * would pass the ceiling (no limiter: a limiter changes the sound, a lower gain only the level). Null when
 * the recording is already within `tolerance` of the target, or silent (nothing to measure).
 */
export function planLoudnessGain(spec: Omit<LoudnessNormalizeOperatorSpec, 'op' | 'field'>, measured: LoudnessMeasure): LoudnessPlan | null {
  const target = spec.target ?? AUDIO_DEFAULTS.loudness.target;
  const ceiling = spec.truePeak ?? AUDIO_DEFAULTS.loudness.truePeak;
  const tolerance = spec.tolerance ?? AUDIO_DEFAULTS.loudness.tolerance;
  if (measured.integrated === null) return null;
  if (Math.abs(target - measured.integrated) <= tolerance) return null;
  let gainDb = target - measured.integrated;
  const peakLimited = measured.truePeak + gainDb > ceiling;
  if (peakLimited) gainDb = ceiling - measured.truePeak;
  gainDb = Math.round(gainDb * 100) / 100;
  if (Math.abs(gainDb) < 0.01) return null;
  return { gainDb, expected: Math.round((measured.integrated + gainDb) * 10) / 10, peakLimited };
}

/** The VAD settings of a `vad-split` over the defaults Silero uses elsewhere (docs/models.md). */
export function vadSplitOptions(spec: Partial<VadSegmentOptions>): VadSegmentOptions {
  return {
    threshold: spec.threshold ?? DEFAULT_VAD_OPTIONS.threshold,
    minSpeechMs: spec.minSpeechMs ?? DEFAULT_VAD_OPTIONS.minSpeechMs,
    minSilenceMs: spec.minSilenceMs ?? DEFAULT_VAD_OPTIONS.minSilenceMs,
    padMs: spec.padMs ?? DEFAULT_VAD_OPTIONS.padMs,
  };
}

export type VadSplitPlan = { kind: 'drop'; reason: string } | { kind: 'keep' } | { kind: 'split'; utterances: SpeechSpan[] };

/**
 * What `vad-split` does with the speech the VAD found in a recording of `duration` seconds: no speech →
 * drop; one stretch covering the whole recording (within 20 ms at each end) → keep it as it is;
 * otherwise one utterance per segment.
 */
export function planVadSplit(segments: readonly SpeechSpan[], duration: number): VadSplitPlan {
  if (segments.length === 0) return { kind: 'drop', reason: 'no speech found by the voice-activity detector' };
  const only = segments.length === 1 ? segments[0]! : null;
  if (only && only.start <= 0.02 && only.end >= duration - 0.02) return { kind: 'keep' };
  return { kind: 'split', utterances: segments.map((s) => ({ start: s.start, end: s.end })) };
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.01 ? 2 : 1)} %`;
}
