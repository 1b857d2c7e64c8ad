/**
 * Rectangle geometry for the image workbench, in percent of the image (0..100 on each axis), the unit
 * Label Studio stores. Pointer positions come in as screen pixels and are turned into percent once, here,
 * so that zoom, pan and the image's display size never leak into a stored result.
 */

export interface Point {
  x: number;
  y: number;
}

/** Top-left corner plus size, all in percent of the image. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A screen rectangle as `getBoundingClientRect` gives it. */
export interface ScreenRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The eight resize handles: corners and edge midpoints, named by compass direction. */
export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** A handle name read back from the DOM (`data-handle`), or null. */
export function asHandle(value: string | null | undefined): Handle | null {
  return HANDLES.find((h) => h === value) ?? null;
}

export const clampPercent = (v: number): number => Math.min(100, Math.max(0, v));

/**
 * A screen point as percent of the image shown at `rect` (which already includes zoom and pan), clamped
 * to the image so a drag that leaves it ends on its edge, as in Label Studio and CVAT.
 */
export function toPercent(clientX: number, clientY: number, rect: ScreenRect): Point {
  if (rect.width <= 0 || rect.height <= 0) return { x: 0, y: 0 };
  return { x: clampPercent(((clientX - rect.left) / rect.width) * 100), y: clampPercent(((clientY - rect.top) / rect.height) * 100) };
}

/** The box spanned by two opposite corners, in whichever direction the mouse went. */
export function boxFromCorners(a: Point, b: Point): Box {
  const x1 = clampPercent(Math.min(a.x, b.x));
  const y1 = clampPercent(Math.min(a.y, b.y));
  const x2 = clampPercent(Math.max(a.x, b.x));
  const y2 = clampPercent(Math.max(a.y, b.y));
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/**
 * Whether a box is too small to be meant: a click, or a twitch of the mouse. Judged in screen pixels
 * (`rect` is the image on screen), because a few pixels is what a hand gets wrong at any zoom.
 */
export function isTooSmall(box: Box, rect: ScreenRect, minPixels = 4): boolean {
  return (box.width / 100) * rect.width < minPixels || (box.height / 100) * rect.height < minPixels;
}

/** Shifts a box by (dx, dy) percent, stopping at the image's edges without changing its size. */
export function moveBox(box: Box, dx: number, dy: number): Box {
  const x = Math.min(100 - box.width, Math.max(0, box.x + dx));
  const y = Math.min(100 - box.height, Math.max(0, box.y + dy));
  return { ...box, x, y };
}

/**
 * Drags one handle of `box` to `to` (percent) while the opposite side stays put. Dragging past the
 * opposite side flips the box, as in CVAT, instead of producing a negative size.
 */
export function resizeBox(box: Box, handle: Handle, to: Point): Box {
  let x1 = box.x;
  let y1 = box.y;
  let x2 = box.x + box.width;
  let y2 = box.y + box.height;
  if (handle.includes('w')) x1 = to.x;
  if (handle.includes('e')) x2 = to.x;
  if (handle.includes('n')) y1 = to.y;
  if (handle.includes('s')) y2 = to.y;
  return boxFromCorners({ x: x1, y: y1 }, { x: x2, y: y2 });
}

/** Where a handle sits on a box, in percent. */
export function handlePoint(box: Box, handle: Handle): Point {
  const x = handle.includes('w') ? box.x : handle.includes('e') ? box.x + box.width : box.x + box.width / 2;
  const y = handle.includes('n') ? box.y : handle.includes('s') ? box.y + box.height : box.y + box.height / 2;
  return { x, y };
}

const DECIMALS = 1e4;

/**
 * Rounds to 1/10,000 of a percent (far below a pixel of any real image) so exports read cleanly, then
 * trims the size so rounding can never push the box past the right or bottom edge, which core rejects.
 */
export function roundBox(box: Box): Box {
  const r = (v: number) => Math.round(v * DECIMALS) / DECIMALS;
  const x = clampPercent(r(box.x));
  const y = clampPercent(r(box.y));
  return { x, y, width: Math.min(r(box.width), 100 - x), height: Math.min(r(box.height), 100 - y) };
}

/** Arrow-key nudging: `step` percent in the key's direction, kept inside the image. */
export function nudgeBox(box: Box, key: string, step: number): Box | null {
  const delta: Record<string, Point> = { ArrowLeft: { x: -step, y: 0 }, ArrowRight: { x: step, y: 0 }, ArrowUp: { x: 0, y: -step }, ArrowDown: { x: 0, y: step } };
  const d = delta[key];
  return d ? moveBox(box, d.x, d.y) : null;
}

/** A pointer gesture on the image that shapes a box: drawing a new one, moving or resizing a chosen one. */
export type BoxDrag = { kind: 'draw'; from: Point } | { kind: 'move'; id: string; from: Point; box: Box } | { kind: 'resize'; id: string; handle: Handle; box: Box };

/** The box a gesture gives with the pointer now at `at` (percent of the image). */
export function draggedBox(drag: BoxDrag, at: Point): Box {
  switch (drag.kind) {
    case 'draw':
      return boxFromCorners(drag.from, at);
    case 'move':
      return moveBox(drag.box, at.x - drag.from.x, at.y - drag.from.y);
    case 'resize':
      return resizeBox(drag.box, drag.handle, at);
  }
}
