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

/*
 * Turning a box. Label Studio stores a turned box as its top-left corner *before* the turn plus `rotation`
 * degrees clockwise about that corner, and the turn happens in pixels (a box on a wide image stays a
 * rectangle). Annotators turn about the centre, as CVAT and Label Studio's handle do, so the stored corner
 * moves with each turn. `aspect` is the image's width / height in pixels; the maths works in units of one
 * percent of the image height on both axes, where a turn is a plain rotation.
 */

/** Degrees in 0 ≤ d < 360, rounded to 1/100 of a degree so stored values read cleanly. */
export function normalizeDegrees(degrees: number): number {
  const d = Math.round((((degrees % 360) + 360) % 360) * 100) / 100;
  return d === 360 ? 0 : d;
}

/** An offset (dx, dy) turned `degrees` clockwise on screen (y points down). */
function turnOffset(dx: number, dy: number, degrees: number): Point {
  const r = (degrees * Math.PI) / 180;
  return { x: dx * Math.cos(r) - dy * Math.sin(r), y: dx * Math.sin(r) + dy * Math.cos(r) };
}

/** A point of the box given relative to its unturned top-left corner (percent), where it is after the turn. */
function turnedPoint(box: Box, rotation: number, aspect: number, along: Point): Point {
  const o = turnOffset(along.x * aspect, along.y, rotation);
  return { x: box.x + o.x / aspect, y: box.y + o.y };
}

/** The centre of a (turned) box, in percent of the image. */
export function boxCentre(box: Box, rotation: number, aspect: number): Point {
  return turnedPoint(box, rotation, aspect, { x: box.width / 2, y: box.height / 2 });
}

/** Where the rotation handle hangs from: the middle of the box's top edge after the turn, percent. */
export function topMiddle(box: Box, rotation: number, aspect: number): Point {
  return turnedPoint(box, rotation, aspect, { x: box.width / 2, y: 0 });
}

/**
 * The box turned about its centre from `from` to `to` degrees: same size and centre, its stored corner
 * moved. The corner must stay inside the image (core checks it), so near an edge it is clamped, which
 * shifts the box by at most the distance it would have left the image.
 */
export function rotateAboutCentre(box: Box, from: number, to: number, aspect: number): { box: Box; rotation: number } {
  const rotation = normalizeDegrees(to);
  const c = boxCentre(box, from, aspect);
  const o = turnOffset((box.width / 2) * aspect, box.height / 2, rotation);
  const r = (v: number) => Math.round(v * 1e4) / 1e4;
  const x = clampPercent(r(c.x - o.x / aspect));
  const y = clampPercent(r(c.y - o.y));
  if (rotation === 0) return { box: roundBox({ ...box, x, y }), rotation };
  return { box: { ...box, x, y }, rotation };
}

/** The turn that points the box's top toward `pointer` (percent), about `centre`: 0 when straight above. */
export function rotationToward(centre: Point, pointer: Point, aspect: number): number {
  const dx = (pointer.x - centre.x) * aspect;
  const dy = pointer.y - centre.y;
  if (dx === 0 && dy === 0) return 0;
  return normalizeDegrees((Math.atan2(dx, -dy) * 180) / Math.PI);
}
