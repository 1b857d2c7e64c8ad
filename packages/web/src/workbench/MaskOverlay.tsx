import { useEffect, useRef, type RefObject } from 'react';
import type { Size } from './image-view.ts';
import { maskLayerPixels, type MaskView } from './brush-mask.ts';

/** Opacity of painted masks: the image stays visible under them. */
const MASK_ALPHA = 128;
/** The selected mask is drawn denser, so a click that selected it shows which one it was. */
const SELECTED_ALPHA = 210;

/**
 * Brush masks over an image: one canvas at the image's natural size, stretched over it like the shape
 * overlay, so every mask pixel lands on its image pixel at any zoom. `strokeCanvas`, when given, is a
 * second canvas on top where the image draws the stroke in progress before it becomes part of a mask.
 */
export function MaskOverlay({ masks, natural, strokeCanvas, selectedId = null }: { masks: readonly MaskView[]; natural: Size | null; strokeCanvas?: RefObject<HTMLCanvasElement | null>; selectedId?: string | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !natural || natural.width === 0 || natural.height === 0) return;
    ctx.putImageData(new ImageData(maskLayerPixels(masks, natural, MASK_ALPHA, { id: selectedId, alpha: SELECTED_ALPHA }), natural.width, natural.height), 0, 0);
  }, [masks, natural, selectedId]);
  if (!natural || (masks.length === 0 && !strokeCanvas)) return null;
  return (
    <>
      <canvas ref={canvas} className="mask-overlay" width={natural.width} height={natural.height} data-testid="mask-overlay" data-masks={masks.length} data-selected={selectedId !== null && masks.some((m) => m.id === selectedId) ? selectedId : undefined} />
      {strokeCanvas ? <canvas ref={strokeCanvas} className="mask-overlay" width={natural.width} height={natural.height} /> : null}
    </>
  );
}
