import { describe, expect, it } from 'vitest';
import { ValidationError } from '../validation/validation-error.js';
import {
  clippingVerdict,
  durationVerdict,
  isAudioOperator,
  planAudioTranscode,
  planLoudnessGain,
  planVadSplit,
  silenceVerdict,
  snrVerdict,
  vadSplitOptions,
} from './audio-operator-spec.js';
import { isImageOperator } from './image-operator-spec.js';
import { parsePipelineSpec } from './pipeline-spec.js';
import { createPipeline } from './run-operators.js';

function issuesOf(input: unknown): string[] {
  try {
    parsePipelineSpec(input);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('audio operators in a pipeline spec', () => {
  it('parses every audio operator next to text ones', () => {
    const spec = parsePipelineSpec(`
operators:
  - op: audio-validate
  - op: audio-transcode
    format: flac
    sampleRate: 16000
    channels: 1
  - op: duration-filter
    min: 0.5
    max: 30
  - op: clipping-filter
    maxRatio: 0.02
    level: 0.98
  - op: silence-filter
    maxRatio: 0.7
    thresholdDb: -45
  - op: snr-filter
    minSnr: 10
  - op: loudness-normalize
    target: -23
  - op: vad-split
    minSilenceMs: 400
  - op: strip
    field: transcript
`);
    expect(spec.operators.map((o) => isAudioOperator(o))).toEqual([true, true, true, true, true, true, true, true, false]);
    expect(spec.operators.some((o) => isImageOperator(o))).toBe(false);
  });

  it('reports every bad option with its path and how to fix it', () => {
    expect(
      issuesOf({
        operators: [
          { op: 'audio-transcode', format: 'mp3', sampleRate: 1000 },
          { op: 'duration-filter' },
          { op: 'duration-filter', min: 10, max: 2 },
          { op: 'snr-filter' },
          { op: 'clipping-filter', maxRatio: 1.5 },
          { op: 'loudness-normalize', target: 0 },
          { op: 'vad-split', threshold: 1, pad: 3 },
        ],
      }),
    ).toEqual([
      'operators[0].format: must be one of "wav", "flac", got "mp3"',
      'operators[0].sampleRate: must be a whole number between 8000 and 192000, got 1000',
      'operators[1]: duration-filter needs `min` and/or `max` (seconds), e.g. { op: duration-filter, min: 1, max: 30 }',
      'operators[2].max: must not be below min (10)',
      'operators[3].minSnr: is required for snr-filter',
      'operators[4].maxRatio: must be a number between 0 and 1, got 1.5',
      'operators[5].target: must be a number between -70 and -5, got 0',
      'operators[6].threshold: must be a number between 0.05 and 0.95, got 1',
      'operators[6].pad: unknown option for vad-split; its options are field, threshold, minSpeechMs, minSilenceMs, padMs',
    ]);
  });

  it('leaves text untouched when core runs a spec with audio operators (the server runs them)', () => {
    const pipeline = createPipeline(parsePipelineSpec([{ op: 'vad-split' }, { op: 'normalize', field: 'note' }]));
    expect(pipeline.process({ note: 'ＡＢＣ', audio: '/api/v1/media/x' })).toEqual({ status: 'changed', record: { note: 'ABC', audio: '/api/v1/media/x' } });
  });
});

describe('audio operator decisions', () => {
  const stream = (container: string, codec: string, sampleRate: number, channels: number) => ({ container, codec, sampleRate, channels });

  it('transcodes to 16 kHz mono WAV by default, and keeps what is already that', () => {
    expect(planAudioTranscode({}, stream('wav', 'pcm_s16le', 44_100, 2))).toEqual({ format: 'wav', codec: 'pcm_s16le', sampleRate: 16_000, channels: 1 });
    expect(planAudioTranscode({}, stream('mp3', 'mp3', 16_000, 1))).toMatchObject({ format: 'wav', codec: 'pcm_s16le' });
    // 24-bit WAV at the right rate is still re-encoded: the target is 16-bit PCM.
    expect(planAudioTranscode({}, stream('wav', 'pcm_s24le', 16_000, 1))).not.toBeNull();
    expect(planAudioTranscode({}, stream('wav', 'pcm_s16le', 16_000, 1))).toBeNull();
    expect(planAudioTranscode({ format: 'flac', sampleRate: 48_000, channels: 2 }, stream('flac', 'flac', 48_000, 2))).toBeNull();
    expect(planAudioTranscode({ format: 'flac' }, stream('wav', 'pcm_s16le', 16_000, 1))).toEqual({ format: 'flac', codec: 'flac', sampleRate: 16_000, channels: 1 });
  });

  it('drops by duration only outside the bounds (inclusive)', () => {
    expect(durationVerdict({ min: 1, max: 10 }, 0.5)?.reason).toBe('too short: 0.50 s is below 1 s');
    expect(durationVerdict({ min: 1, max: 10 }, 12)?.reason).toBe('too long: 12.00 s is above 10 s');
    expect(durationVerdict({ min: 1, max: 10 }, 1)).toBeNull();
    expect(durationVerdict({ min: 1, max: 10 }, 10)).toBeNull();
    expect(durationVerdict({ max: 10 }, 0)).toBeNull();
  });

  it('drops clipped, silent and noisy recordings with a reason, and keeps those at the bound', () => {
    expect(clippingVerdict({}, 0.05)?.reason).toBe('clipped: 5.0 % of the samples are at or above 0.99 of full scale, above 0.01 %'.replace('0.01 %', '1.0 %'));
    expect(clippingVerdict({}, 0.01)).toBeNull();
    expect(clippingVerdict({ maxRatio: 0 }, 0)).toBeNull();
    expect(clippingVerdict({ maxRatio: 0 }, 0.0001)?.reason).toBe('clipped: 0.01 % of the samples are at or above 0.99 of full scale, above 0.00 %');
    expect(silenceVerdict({}, 0.9)?.reason).toBe('mostly silent: 90.0 % of the 20 ms frames are below -40 dBFS, above 80.0 %');
    expect(silenceVerdict({}, 0.8)).toBeNull();
    expect(silenceVerdict({ maxRatio: 0.5, thresholdDb: -50 }, 0.6)?.reason).toContain('below -50 dBFS');
    expect(snrVerdict({ minSnr: 15 }, 8.25)?.reason).toBe('noisy: estimated SNR 8.3 dB is below 15 dB');
    expect(snrVerdict({ minSnr: 15 }, 15)).toBeNull();
    expect(snrVerdict({ minSnr: 15 }, null)?.reason).toMatch(/^no audio/);
  });

  it('plans one gain to the loudness target, held back by the true-peak ceiling', () => {
    expect(planLoudnessGain({}, { integrated: -35, truePeak: -20 })).toEqual({ gainDb: 12, expected: -23, peakLimited: false });
    expect(planLoudnessGain({}, { integrated: -14, truePeak: -0.5 })).toEqual({ gainDb: -9, expected: -23, peakLimited: false });
    // +12 dB would put the peak at +2 dBTP: only +3 dB is allowed under −1 dBTP.
    expect(planLoudnessGain({}, { integrated: -35, truePeak: -4 })).toEqual({ gainDb: 3, expected: -32, peakLimited: true });
    expect(planLoudnessGain({ target: -16, tolerance: 1 }, { integrated: -16.8, truePeak: -10 })).toBeNull();
    expect(planLoudnessGain({}, { integrated: -23.4, truePeak: -10 })).toBeNull();
    expect(planLoudnessGain({}, { integrated: null, truePeak: -90 })).toBeNull();
  });

  it('splits at the VAD segments, keeps a recording that is all speech, drops one without', () => {
    expect(planVadSplit([], 3)).toEqual({ kind: 'drop', reason: 'no speech found by the voice-activity detector' });
    expect(planVadSplit([{ start: 0, end: 2.99 }], 3)).toEqual({ kind: 'keep' });
    expect(planVadSplit([{ start: 0.4, end: 2.1 }], 3)).toEqual({ kind: 'split', utterances: [{ start: 0.4, end: 2.1 }] });
    expect(planVadSplit([{ start: 0, end: 1.2 }, { start: 2, end: 3 }], 3)).toEqual({ kind: 'split', utterances: [{ start: 0, end: 1.2 }, { start: 2, end: 3 }] });
    expect(vadSplitOptions({ minSilenceMs: 500 })).toEqual({ threshold: 0.5, minSpeechMs: 250, minSilenceMs: 500, padMs: 100 });
  });
});
