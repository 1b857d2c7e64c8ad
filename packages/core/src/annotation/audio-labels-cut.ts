/**
 * Carrying an audio task's labels to a piece of its recording (preprocessing pipelines, docs/pipelines.md):
 * after a `vad-split` each utterance is a new clip that starts at 0, so the segments that lie inside it move
 * with the cut; the rest of the result cannot be said to hold for one utterance and stays behind.
 */
import { isAudioSegmentItem } from './audio-segments.js';
import type { ResultItem } from './result.types.js';

/** Where the piece lay in the input recording, seconds. */
export interface AudioWindow {
  start: number;
  end: number;
}

export interface CutAudioLabels {
  result: ResultItem[];
  /** Items not carried: segments crossing the piece's edges, and clip-level items (a choice about the whole recording). */
  leftBehind: number;
}

/** Half a 20 ms frame: VAD edges are frame-aligned, so a segment drawn a hair past an edge still belongs to its piece. */
const EDGE_TOLERANCE = 0.01;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The labels of `field` that hold for `window` of the recording, in the piece's time. Segments wholly inside
 * the window (within 10 ms) are shifted by its start and clamped to the piece; the per-region items linked
 * to them by id (transcript, speaker) come with them. Segments of other fields and items about other fields
 * are left alone. Without a window (the recording was re-encoded but not cut) everything is carried as is:
 * transcoding, resampling and loudness changes keep time.
 */
export function cutAudioLabels(result: readonly ResultItem[], field: string, window?: AudioWindow): CutAudioLabels {
  if (!window) return { result: [...result], leftBehind: 0 };
  const length = window.end - window.start;
  const kept = new Set<string>();
  const out: ResultItem[] = [];
  let leftBehind = 0;
  for (const item of result) {
    if (item.to_name !== field || !isAudioSegmentItem(item)) continue;
    const { start, end } = item.value;
    if (end <= window.start || start >= window.end) continue; // another piece's segment
    if (start < window.start - EDGE_TOLERANCE || end > window.end + EDGE_TOLERANCE) {
      leftBehind++;
      continue;
    }
    kept.add(item.id);
    out.push({ ...item, value: { ...item.value, start: round(Math.max(0, start - window.start)), end: round(Math.min(length, end - window.start)) } });
  }
  for (const item of result) {
    if (item.to_name !== field) {
      out.push(item);
      continue;
    }
    if (isAudioSegmentItem(item)) continue;
    // A per-region answer follows its segment; anything else on the field is about the whole recording.
    if (kept.has(item.id)) out.push(item);
    else if (!result.some((r) => r.id === item.id && isAudioSegmentItem(r))) leftBehind++;
  }
  return { result: out, leftBehind };
}
