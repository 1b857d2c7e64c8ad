import type { PipelineDryRunDto } from '@yungang/core';

/** What a dry run says about a record's recording (docs/pipelines.md, "Audio operators"). */
export type AudioPreview = NonNullable<PipelineDryRunDto['records'][number]['audio']>;

type Format = Partial<NonNullable<AudioPreview['before']>>;

/** `pcm_s16le 44100 Hz 2 ch 3.00 s`: a recording's format in one line (units only, no words to translate). */
export function formatLine(f: Format | null | undefined): string {
  if (!f) return '—';
  return [f.codec, f.sampleRate !== undefined ? `${f.sampleRate} Hz` : '', f.channels !== undefined ? `${f.channels} ch` : '', f.duration !== undefined ? `${f.duration.toFixed(2)} s` : ''].filter((p) => p !== '').join(' ');
}

/** Where an utterance lies in the input, or '' for a whole recording. */
export function spanLine(after: AudioPreview['after'][number]): string {
  return after.start !== undefined && after.end !== undefined ? `${after.start.toFixed(2)}–${after.end.toFixed(2)} s` : '';
}

/** The measures as short parts: the caller labels clipping and silence in the page's language. */
export function audioMeasures(scores: AudioPreview['scores']): { clipped?: string; silence?: string; snr?: string; loudness?: string } {
  const s = scores as { clipRatio?: number; silenceRatio?: number; snr?: { snrDb: number } | null; loudness?: { measured: number | null; expected?: number } };
  const out: { clipped?: string; silence?: string; snr?: string; loudness?: string } = {};
  if (typeof s.clipRatio === 'number') out.clipped = `${(s.clipRatio * 100).toFixed(2)} %`;
  if (typeof s.silenceRatio === 'number') out.silence = `${(s.silenceRatio * 100).toFixed(1)} %`;
  if (s.snr) out.snr = `SNR ${s.snr.snrDb.toFixed(1)} dB`;
  if (s.loudness && s.loudness.measured !== null) out.loudness = `${s.loudness.measured.toFixed(1)}${s.loudness.expected !== undefined ? ` → ${s.loudness.expected.toFixed(1)}` : ''} LUFS`;
  return out;
}
