/**
 * Reading time segments on audio out of a result, with the per-region answers attached to them by id
 * (docs/label-config.md, Audio segments): one place that knows how a segment and its transcript and
 * speaker are linked, for aggregation, agreement and exports.
 */
import type { LabelConfig } from '../label-config/label-config.types.js';
import type { AudioSegmentResultItem, ResultItem } from './result.types.js';

export interface SegmentWithAnswers {
  id: string;
  start: number;
  end: number;
  label: string;
  transcript?: string;
  speaker?: string;
}

/** The per-region controls of an audio field: its transcript (textarea) and speaker (choices), if any. */
export function perRegionControlsOf(config: LabelConfig, field: string): { transcript?: string; speaker?: string } {
  const transcript = config.controls.find((c) => c.type === 'textarea' && c.perRegion === true && c.toName === field);
  const speaker = config.controls.find((c) => c.type === 'choices' && c.perRegion === true && c.toName === field);
  return { ...(transcript ? { transcript: transcript.name } : {}), ...(speaker ? { speaker: speaker.name } : {}) };
}

/** True for a labels item holding a time segment (seconds) rather than a text span. */
export function isAudioSegmentItem(item: ResultItem): item is AudioSegmentResultItem {
  return item.type === 'labels' && !('text' in item.value);
}

/**
 * The segments a labels control drew on audio, one entry per label, with the transcript and speaker of the
 * per-region controls named in `answers`, in the result's order.
 */
export function audioSegmentsOf(result: readonly ResultItem[], control: string, answers: { transcript?: string; speaker?: string } = {}): SegmentWithAnswers[] {
  return result.flatMap((r) => {
    if (r.from_name !== control || !isAudioSegmentItem(r)) return [];
    const transcript = answers.transcript === undefined ? null : regionTextOf(result, answers.transcript, r.id);
    const speaker = answers.speaker === undefined ? null : regionChoiceOf(result, answers.speaker, r.id);
    return r.value.labels.map((label) => ({
      id: r.id,
      start: r.value.start,
      end: r.value.end,
      label,
      ...(transcript !== null ? { transcript } : {}),
      ...(speaker !== null ? { speaker } : {}),
    }));
  });
}

/** All segments on an audio field, whichever labels control drew them (one entry per segment). */
export function segmentsOnField(result: readonly ResultItem[], field: string): AudioSegmentResultItem[] {
  return result.filter((r): r is AudioSegmentResultItem => r.to_name === field && isAudioSegmentItem(r));
}

/** The text of per-region textarea `control` on segment `id`, lines joined with newlines; null when none. */
export function regionTextOf(result: readonly ResultItem[], control: string, id: string): string | null {
  const item = result.find((r) => r.from_name === control && r.id === id && r.type === 'textarea');
  return item?.type === 'textarea' ? item.value.text.join('\n') : null;
}

/** The choice of per-region choices `control` on segment `id` (values joined with "|"); null when none. */
export function regionChoiceOf(result: readonly ResultItem[], control: string, id: string): string | null {
  const item = result.find((r) => r.from_name === control && r.id === id && r.type === 'choices');
  return item?.type === 'choices' && item.value.choices.length > 0 ? [...item.value.choices].sort().join('|') : null;
}
