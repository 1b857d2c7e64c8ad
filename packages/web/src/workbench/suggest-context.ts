import { createContext } from 'react';
import type { AnnotationResult, LabelConfig, SuggestBody } from '@yungang/core';

export type SuggestContext = NonNullable<SuggestBody['context']>;

/** What the annotator is pointing at in the editor (docs/models.md, "Suggestions in the workbench"). */
export interface PointedAt {
  /** The selected span, shape or segment (a result item id). */
  selectedId: string | null;
  /** A text selection not (yet) labelled: code points of `field`. */
  textRange: { field: string; start: number; end: number } | null;
  /** An "assist point": an Alt+click on an image (percent). */
  point: { x: number; y: number } | null;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The context a suggestion asks about, most specific first: an assist point on an image; else the
 * selected box (its area), keypoint (its point), text span (its code points) or audio segment (its
 * seconds); else a text selection; else nothing (the whole task). Backends that cannot use a context
 * suggest for the whole task (the Label Studio backend passes it on as Label Studio's `context`).
 */
export function suggestContextOf(config: LabelConfig, result: AnnotationResult, at: PointedAt): SuggestContext | undefined {
  if (at.point) return { point: { x: round(at.point.x), y: round(at.point.y) } };
  const item = at.selectedId === null ? undefined : result.find((r) => r.id === at.selectedId);
  if (item) {
    const value = item.value as Record<string, unknown>;
    const num = (k: string) => (typeof value[k] === 'number' ? (value[k] as number) : null);
    const fieldType = config.fields.find((f) => f.name === item.to_name)?.type;
    if (item.type === 'rectanglelabels') {
      const [x, y, width, height] = [num('x'), num('y'), num('width'), num('height')];
      if (x !== null && y !== null && width !== null && height !== null) return { box: { x: round(x), y: round(y), width: round(width), height: round(height) } };
    } else if (item.type === 'keypointlabels') {
      const [x, y] = [num('x'), num('y')];
      if (x !== null && y !== null) return { point: { x: round(x), y: round(y) } };
    } else {
      const [start, end] = [num('start'), num('end')];
      if (start !== null && end !== null && end > start) {
        if (fieldType === 'audio' || fieldType === 'video') return { segment: { start, end } };
        if (fieldType === 'text' && Number.isInteger(start) && Number.isInteger(end)) return { selection: { start, end } };
      }
    }
  }
  if (at.textRange && at.textRange.end > at.textRange.start) return { selection: { start: at.textRange.start, end: at.textRange.end } };
  return undefined;
}

/** A short description of a context for the workbench ("box 10,20 30×40"), or null for the whole task. */
export function describeContext(context: SuggestContext | undefined): string | null {
  if (!context) return null;
  if (context.point) return `(${context.point.x}%, ${context.point.y}%)`;
  if (context.box) return `${context.box.x},${context.box.y} ${context.box.width}×${context.box.height}%`;
  if (context.segment) return `${context.segment.start.toFixed(2)}–${context.segment.end.toFixed(2)} s`;
  if (context.selection) return `${context.selection.start}–${context.selection.end}`;
  return null;
}

/**
 * The workbench listens here for what the editor points at, so Alt+M can ask about it; editors used
 * elsewhere (editing an annotation, review) have no listener and report to nobody.
 */
export const SuggestContextReport = createContext<((context: SuggestContext | undefined) => void) | null>(null);
