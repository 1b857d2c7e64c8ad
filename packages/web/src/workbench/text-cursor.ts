import type { TextModel } from './text-model.ts';

/** Keyboard caret and selection in one text field, in code points. The selection is [anchor, focus). */
export interface TextCursor {
  anchor: number;
  focus: number;
}

export type CursorMove = 'left' | 'right' | 'lineStart' | 'lineEnd';

/** Ordered bounds of a cursor's selection; start === end when nothing is selected. */
export function cursorRange(cursor: TextCursor): { start: number; end: number } {
  return { start: Math.min(cursor.anchor, cursor.focus), end: Math.max(cursor.anchor, cursor.focus) };
}

/**
 * Moves the caret like a text editor: by grapheme, or to the line's start/end. With `extend` the
 * anchor stays (Shift+Arrow); without it a selection collapses to its edge in the direction of travel.
 */
export function moveCursor(model: TextModel, cursor: TextCursor, move: CursorMove, extend: boolean): TextCursor {
  const { start, end } = cursorRange(cursor);
  if (!extend && start !== end && (move === 'left' || move === 'right')) {
    const edge = move === 'left' ? start : end;
    return { anchor: edge, focus: edge };
  }
  let focus: number;
  switch (move) {
    case 'left':
      focus = model.prev(cursor.focus);
      break;
    case 'right':
      focus = model.next(cursor.focus);
      break;
    case 'lineStart':
      focus = model.lineStart(cursor.focus);
      break;
    case 'lineEnd':
      focus = model.lineEnd(cursor.focus);
      break;
  }
  return extend ? { anchor: cursor.anchor, focus } : { anchor: focus, focus };
}
