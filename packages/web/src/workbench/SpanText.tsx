import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { domPointToUtf16, utf16RangeToCodePoints, utf16ToDomPoint } from './dom-offsets.ts';
import { highlightSupported, setSelectionHighlight } from './selection-highlight.ts';
import { cursorRange, moveCursor, type CursorMove, type TextCursor } from './text-cursor.ts';
import type { TextModel } from './text-model.ts';
import { buildSegments, type SpanView, type TextSegment } from './text-segments.ts';

export interface SpanTextProps {
  field: string;
  model: TextModel;
  spans: readonly SpanView[];
  /** Keyboard caret and selection in this field, or null when another field is active. */
  cursor: TextCursor | null;
  selectedSpanId: string | null;
  label: string;
  onCursor: (field: string, cursor: TextCursor, source: 'keyboard' | 'mouse') => void;
  /** A click (no drag) on a span, or on plain text (null). */
  onSpanClick: (spanId: string | null) => void;
}

const KEY_MOVES: Record<string, CursorMove> = { ArrowLeft: 'left', ArrowRight: 'right', Home: 'lineStart', End: 'lineEnd' };

/** Background and nested underline bands of a run covered by spans (also used by the read-only ResultView). */
export function segmentStyle(seg: TextSegment): CSSProperties | undefined {
  if (seg.spans.length === 0) return undefined;
  const inner = seg.spans[seg.spans.length - 1];
  // Each covering span draws its own underline band, outermost lowest, so nesting stays readable.
  const bands = seg.spans.map((s, i) => `inset 0 -${2 * (i + 1)}px 0 ${s.color}`);
  return { backgroundColor: `${inner?.color ?? '#888888'}26`, boxShadow: bands.join(', '), paddingBottom: `${2 * seg.spans.length}px` };
}

/** A collapsed or spanning DOM Range over UTF-16 offsets of the field, or null if the field has no text. */
function domRange(root: HTMLElement, from: number, to: number): Range | null {
  const a = utf16ToDomPoint(root, from);
  const b = utf16ToDomPoint(root, to);
  if (!a || !b) return null;
  const range = document.createRange();
  // The points come from this root's own text nodes.
  range.setStart(a.node as unknown as Node, a.offset);
  range.setEnd(b.node as unknown as Node, b.offset);
  return range;
}

/**
 * A text field rendered as runs split at span boundaries only (never one node per character). The caret
 * is an overlay and the keyboard selection a CSS highlight, so moving them never rewrites the text
 * nodes: arrows stay instant in a 100 KB text. Mouse selections are mapped from DOM UTF-16 offsets to code points.
 */
export const SpanText = memo(function SpanText({ field, model, spans, cursor, selectedSpanId, label, onCursor, onSpanClick }: SpanTextProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const caretRef = useRef<HTMLSpanElement>(null);
  const keyboardMove = useRef(false);
  const highlightKey = useId();
  const useHighlight = highlightSupported();
  const caretAt = cursor?.focus ?? null;
  const selStart = cursor ? cursorRange(cursor).start : null;
  const selEnd = cursor ? cursorRange(cursor).end : null;
  // Without the highlight API the selection falls back to splitting runs at its bounds.
  const fallbackSelection = !useHighlight && selStart !== null && selEnd !== null && selStart < selEnd ? { start: selStart, end: selEnd } : null;
  const fallbackStart = fallbackSelection?.start ?? null;
  const fallbackEnd = fallbackSelection?.end ?? null;
  const segments = useMemo(
    () => buildSegments(model, spans, [], fallbackStart === null || fallbackEnd === null ? null : { start: fallbackStart, end: fallbackEnd }),
    [model, spans, fallbackStart, fallbackEnd],
  );

  // Place the caret overlay and paint the selection after every change of text, caret or selection.
  useLayoutEffect(() => {
    const root = rootRef.current;
    const caret = caretRef.current;
    if (!root || !caret) return;
    const place = () => {
      if (caretAt === null) return;
      const u16 = model.toUtf16(caretAt);
      const range = domRange(root, u16, u16);
      const rootRect = root.getBoundingClientRect();
      const rect = range ? (range.getClientRects()[0] ?? range.getBoundingClientRect()) : null;
      const style = getComputedStyle(root);
      const left = rect ? rect.left - rootRect.left - root.clientLeft + root.scrollLeft : parseFloat(style.paddingLeft);
      const top = rect ? rect.top - rootRect.top - root.clientTop + root.scrollTop : parseFloat(style.paddingTop);
      caret.style.transform = `translate(${left}px, ${top}px)`;
      caret.style.height = `${rect?.height || parseFloat(style.fontSize) * 1.3}px`;
      if (keyboardMove.current) caret.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      keyboardMove.current = false;
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(root);
    return () => observer.disconnect();
  }, [model, segments, caretAt]);

  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!useHighlight || !root) return;
    const range = selStart !== null && selEnd !== null && selStart < selEnd ? domRange(root, model.toUtf16(selStart), model.toUtf16(selEnd)) : null;
    setSelectionHighlight(highlightKey, range);
  }, [useHighlight, highlightKey, model, segments, selStart, selEnd]);
  useEffect(() => () => setSelectionHighlight(highlightKey, null), [highlightKey]);

  // A span picked in the sidebar may be far down a long text: bring it into view.
  useEffect(() => {
    if (selectedSpanId !== null) rootRef.current?.querySelector('.seg-active-span')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selectedSpanId]);

  // Mouse selections end anywhere in the window (a drag may leave the field), so listen there.
  useEffect(() => {
    const onMouseUp = (event: MouseEvent) => {
      const root = rootRef.current;
      const sel = window.getSelection();
      if (!root || !sel || sel.rangeCount === 0 || !sel.anchorNode || !sel.focusNode) return;
      const a = domPointToUtf16(root, sel.anchorNode, sel.anchorOffset);
      const b = domPointToUtf16(root, sel.focusNode, sel.focusOffset);
      if (a === null || b === null) return;
      if (sel.isCollapsed) {
        const at = model.toCodePoint(model.snapStartUtf16(b));
        onCursor(field, { anchor: at, focus: at }, 'mouse');
        const target = event.target instanceof Element ? event.target.closest('[data-span]') : null;
        onSpanClick(target && root.contains(target) ? target.getAttribute('data-span') : null);
        return;
      }
      const range = utf16RangeToCodePoints(model, a, b);
      sel.removeAllRanges();
      if (range) onCursor(field, { anchor: range.start, focus: range.end }, 'mouse');
      root.focus({ preventScroll: true });
    };
    window.addEventListener('mouseup', onMouseUp);
    return () => window.removeEventListener('mouseup', onMouseUp);
  }, [field, model, onCursor, onSpanClick]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const move = KEY_MOVES[event.key];
    if (!move || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    keyboardMove.current = true;
    const from = cursor ?? { anchor: 0, focus: 0 };
    onCursor(field, moveCursor(model, from, move, event.shiftKey), 'keyboard');
  };

  return (
    <div
      ref={rootRef}
      className="span-text"
      tabIndex={0}
      role="textbox"
      aria-readonly="true"
      aria-multiline="true"
      aria-label={label}
      data-testid="workbench-text"
      data-field={field}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (!cursor) onCursor(field, { anchor: 0, focus: 0 }, 'keyboard');
      }}
    >
      {segments.map((seg) => {
        const inner = seg.spans[seg.spans.length - 1];
        const classes = ['seg'];
        if (seg.selected) classes.push('seg-selected');
        if (selectedSpanId !== null && seg.spans.some((s) => s.id === selectedSpanId)) classes.push('seg-active-span');
        return (
          <span
            key={seg.u16Start}
            data-o={seg.u16Start}
            className={classes.join(' ')}
            style={segmentStyle(seg)}
            data-span={inner?.id}
            data-tags={seg.closes.length > 0 ? seg.closes.map((s) => s.labels.join('/')).join(' ') : undefined}
          >
            {seg.text}
          </span>
        );
      })}
      {/* Last child, empty, with data-o at the text's end, so DOM-offset mapping stays exact. */}
      <span ref={caretRef} className={caretAt === null ? 'caret' : 'caret caret-on'} data-o={model.text.length} aria-hidden="true" />
    </div>
  );
});
