import { describe, expect, it } from 'vitest';
import { audioMeasures, formatLine, spanLine } from './audio-preview.ts';

describe('audio dry-run preview', () => {
  it('writes formats, spans and measures in one line each', () => {
    expect(formatLine({ container: 'wav', codec: 'pcm_s16le', sampleRate: 44_100, channels: 2, duration: 3 })).toBe('pcm_s16le 44100 Hz 2 ch 3.00 s');
    expect(formatLine(null)).toBe('—');
    expect(spanLine({ changedBy: ['vad-split'], start: 0.5, end: 2.25 })).toBe('0.50–2.25 s');
    expect(spanLine({ changedBy: [] })).toBe('');
    expect(audioMeasures({ clipRatio: 0.0123, silenceRatio: 0.4, snr: { snrDb: 31.26 }, loudness: { measured: -37.5, expected: -23 } })).toEqual({ clipped: '1.23 %', silence: '40.0 %', snr: 'SNR 31.3 dB', loudness: '-37.5 → -23.0 LUFS' });
    expect(audioMeasures({ snr: null, loudness: { measured: null } })).toEqual({});
  });
});
