/**
 * How an image sits in its panel: fitted (whole image visible, aspect kept), then zoomed about the pointer
 * and panned. Pure, so the component only measures and renders.
 */

export interface Size {
  width: number;
  height: number;
}

/** Zoom factor over the fitted size, and the offset of the zoomed image in screen pixels. */
export interface ImageView {
  scale: number;
  tx: number;
  ty: number;
}

export const FIT_VIEW: ImageView = { scale: 1, tx: 0, ty: 0 };
export const MAX_SCALE = 16;

/**
 * The largest size with the image's aspect ratio that fits `room`. Small images are enlarged too: an
 * annotator draws more precisely on a 600-pixel view of a 120-pixel crop than on the crop itself.
 */
export function fitSize(natural: Size, room: Size): Size {
  if (natural.width <= 0 || natural.height <= 0 || room.width <= 0 || room.height <= 0) return { width: 0, height: 0 };
  const ratio = Math.min(room.width / natural.width, room.height / natural.height);
  return { width: natural.width * ratio, height: natural.height * ratio };
}

/**
 * Keeps the zoomed image covering the panel (no empty margin on a side while the other side is cut off),
 * and snaps back to the fitted view at scale 1.
 */
export function clampView(view: ImageView, fitted: Size): ImageView {
  const scale = Math.min(MAX_SCALE, Math.max(1, view.scale));
  if (scale === 1) return FIT_VIEW;
  const minX = fitted.width - fitted.width * scale;
  const minY = fitted.height - fitted.height * scale;
  return { scale, tx: Math.min(0, Math.max(minX, view.tx)), ty: Math.min(0, Math.max(minY, view.ty)) };
}

/**
 * Multiplies the zoom by `factor` keeping the image point under `pointer` (pixels from the fitted image's
 * top-left corner) where it is, the way every image tool zooms with the wheel.
 */
export function zoomAt(view: ImageView, factor: number, pointer: { x: number; y: number }, fitted: Size): ImageView {
  const scale = Math.min(MAX_SCALE, Math.max(1, view.scale * factor));
  const k = scale / view.scale;
  return clampView({ scale, tx: pointer.x - (pointer.x - view.tx) * k, ty: pointer.y - (pointer.y - view.ty) * k }, fitted);
}

/** Moves the zoomed image by a pointer movement in screen pixels. */
export function panBy(view: ImageView, dx: number, dy: number, fitted: Size): ImageView {
  return clampView({ ...view, tx: view.tx + dx, ty: view.ty + dy }, fitted);
}

/** Zoom factor of one wheel event: a notch (about 100 pixels of deltaY) zooms by about 1.2. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(-Math.max(-300, Math.min(300, deltaY)) * 0.0018);
}
