import type { TextModel } from './text-model.ts';

/** A span as drawn: code-point bounds, its labels and the colour of its first label. */
export interface SpanView {
  id: string;
  start: number;
  end: number;
  labels: string[];
  color: string;
}

/** A run of text with the same covering spans; the text is rendered as these runs, never per character. */
export interface TextSegment {
  start: number;
  end: number;
  u16Start: number;
  u16End: number;
  text: string;
  /** Spans covering the whole run, outermost first. */
  spans: SpanView[];
  /** Spans that end exactly at the end of this run (their label tag is drawn here). */
  closes: SpanView[];
  /** Inside the current keyboard/mouse selection. */
  selected: boolean;
}

const outerFirst = (a: SpanView, b: SpanView) => a.start - b.start || b.end - a.end;

/**
 * Splits a text at every span boundary, at the selection's bounds and at extra `cuts` (the caret), and
 * lists the spans covering each run. Runs are O(spans) in number whatever the text's length.
 */
export function buildSegments(model: TextModel, spans: readonly SpanView[], cuts: readonly number[], selection: { start: number; end: number } | null): TextSegment[] {
  const length = model.length;
  const clamp = (n: number) => Math.max(0, Math.min(length, n));
  const valid = spans.filter((s) => clamp(s.start) < clamp(s.end)).sort(outerFirst);
  const points = new Set<number>([0, length]);
  for (const s of valid) {
    points.add(clamp(s.start));
    points.add(clamp(s.end));
  }
  for (const c of cuts) points.add(clamp(c));
  if (selection) {
    points.add(clamp(selection.start));
    points.add(clamp(selection.end));
  }
  const sorted = [...points].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  let active: SpanView[] = [];
  let next = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i] ?? 0;
    const end = sorted[i + 1] ?? length;
    active = active.filter((s) => s.end > start);
    while (next < valid.length && (valid[next]?.start ?? Infinity) <= start) {
      const span = valid[next++];
      if (span && span.end > start) active.push(span);
    }
    active.sort(outerFirst);
    const u16Start = model.toUtf16(start);
    const u16End = model.toUtf16(end);
    segments.push({
      start,
      end,
      u16Start,
      u16End,
      text: model.text.slice(u16Start, u16End),
      spans: [...active],
      closes: active.filter((s) => s.end === end),
      selected: selection !== null && selection.start < selection.end && start >= selection.start && end <= selection.end,
    });
  }
  return segments;
}
