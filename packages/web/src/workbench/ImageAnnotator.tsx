import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { asHandle, boxCentre, clampPercent, draggedBox, isTooSmall, rotateAboutCentre, rotationToward, roundBox, toPercent, type Box, type BoxDrag, type Point } from './box-geometry.ts';
import { isTypingTarget } from './hotkey-target.ts';
import { clampView, FIT_VIEW, fitSize, panBy, wheelFactor, zoomAt, type ImageView, type Size } from './image-view.ts';
import { UNKNOWN_LABEL_COLOR } from './label-lookup.ts';
import { closesPolygon, movePoints, moveVertex, repeatsLastPoint, roundPoints } from './polygon-geometry.ts';
import type { KeypointRegion, PolygonRegion, RectangleRegion, RegionKind, RegionView } from './region-view.ts';
import { RegionOverlay } from './RegionOverlay.tsx';
import { MaskOverlay } from './MaskOverlay.tsx';
import { maskAt, type MaskView } from './brush-mask.ts';
import { DeepZoomLayer, useDeepZoom } from './DeepZoomLayer.tsx';
import type { Skeletons } from './RegionShapes.tsx';

/** What the image asks the editor to do; percent of the image throughout. */
export type ImageEdit =
  | { kind: 'drawBox'; box: Box }
  | { kind: 'placeKeypoint'; point: Point }
  /** A corner added to the polygon being drawn. */
  | { kind: 'polygonPoint'; point: Point }
  /** The polygon being drawn was closed by a click on its first corner. */
  | { kind: 'closePolygon' }
  | { kind: 'moveBox'; id: string; box: Box }
  /** A box turned about its centre by its rotation handle. */
  | { kind: 'rotateBox'; id: string; box: Box; rotation: number }
  | { kind: 'setPoints'; id: string; points: Point[] }
  | { kind: 'moveKeypoint'; id: string; point: Point }
  /** A finished brush stroke: the pointer's path in the image's natural pixels (masks are pixels, not percent). */
  | { kind: 'brushStroke'; points: Point[] };

/** The drawing tool: the kind of shape the picked label draws (or the brush), and its colour. */
export interface ImageTool {
  kind: RegionKind | 'brush' | 'polyline';
  color: string;
  /** For the brush: its radius in natural pixels, and whether it rubs out instead of painting. */
  brush?: { radius: number; erase: boolean };
}

export interface ImageAnnotatorProps {
  field: string;
  src: string;
  title: string;
  regions: readonly RegionView[];
  selectedId: string | null;
  hiddenIds: ReadonlySet<string>;
  lockedIds: ReadonlySet<string>;
  skeletons: Skeletons;
  /** Whether shapes can be drawn here at all (a box, polygon or keypoint control annotates this field). */
  drawable: boolean;
  /** The tool of the picked label, or null when none is picked (dragging then selects or pans). */
  tool: ImageTool | null;
  /** Corners of the polygon being drawn on this image, or null. */
  polygonDraft: readonly Point[] | null;
  /** Tallest the image may be shown, as a share of the window height. */
  maxHeightShare?: number;
  /** Brush masks painted on this image, drawn under the shapes. */
  masks?: readonly MaskView[];
  onEdit: (edit: ImageEdit, natural: Size) => void;
  onSelect: (id: string | null) => void;
  /** Alt+click: a point to ask the model about (docs/models.md); absent where there is no model to ask. */
  onAssistPoint?: (point: Point) => void;
  /** The assist point shown as a marker, or null. */
  assistPoint?: Point | null;
  /** Controls whose boxes may be turned (`rotation: true`): their selected box shows a rotation handle. */
  rotatable?: ReadonlySet<string>;
  /** The image's natural size once known: turning a box happens in pixels, so the editor needs it for Alt+R. */
  onNaturalSize?: (size: Size) => void;
}

type Gesture =
  | (BoxDrag & { pointerId: number; pressedBox: string | null })
  | { kind: 'pan'; pointerId: number; x: number; y: number; view: ImageView }
  /** One corner of the selected polygon dragged. */
  | { kind: 'vertex'; pointerId: number; region: PolygonRegion; index: number }
  /** A whole polygon or a keypoint dragged by its body. */
  | { kind: 'shift'; pointerId: number; region: PolygonRegion | KeypointRegion; from: Point }
  /** A brush stroke in progress, its path in natural pixels. */
  | { kind: 'brush'; pointerId: number; points: Point[] }
  /** The selected box turned by its rotation handle, about its centre. */
  | { kind: 'rotate'; pointerId: number; region: RectangleRegion };

/** The shape a gesture gives with the pointer now at `at`, to draw in place of the stored one. */
function gestureDraft(g: Exclude<Gesture, { kind: 'pan' } | { kind: 'brush' }>, at: Point, regions: readonly RegionView[], color: string, aspect: number): RegionView | null {
  switch (g.kind) {
    case 'rotate': {
      const { box, rotation } = g.region;
      const turned = rotateAboutCentre(box, rotation, rotationToward(boxCentre(box, rotation, aspect), at, aspect), aspect);
      return { ...g.region, box: turned.box, rotation: turned.rotation };
    }
    case 'draw':
      return { id: NEW_SHAPE, control: '', color, label: '', value: '', kind: 'rectangle', box: draggedBox(g, at), rotation: 0 };
    case 'move':
    case 'resize': {
      const region = regions.find((r) => r.id === g.id);
      return region?.kind === 'rectangle' ? { ...region, box: draggedBox(g, at) } : null;
    }
    case 'vertex':
      return { ...g.region, points: moveVertex(g.region.points, g.index, at) };
    case 'shift': {
      const dx = at.x - g.from.x;
      const dy = at.y - g.from.y;
      if (g.region.kind === 'polygon') return { ...g.region, points: movePoints(g.region.points, dx, dy) };
      return { ...g.region, point: { x: clampPercent(g.region.point.x + dx), y: clampPercent(g.region.point.y + dy) } };
    }
  }
}

const NO_MASKS: readonly MaskView[] = [];
const NO_CONTROLS: ReadonlySet<string> = new Set();

/** Draws the stroke so far on the stroke canvas (natural pixels): round ends and joins, like the mask it becomes. */
function drawStroke(canvas: HTMLCanvasElement | null, points: readonly Point[], tool: ImageTool): void {
  const ctx = canvas?.getContext('2d');
  if (!ctx || !canvas) return;
  const radius = tool.brush?.radius ?? 1;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.globalAlpha = 0.6;
  // Rubbing out shows as white over the mask until the stroke ends and the mask is recomputed.
  ctx.strokeStyle = ctx.fillStyle = tool.brush?.erase ? '#ffffff' : tool.color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = radius * 2;
  const [first, ...rest] = points;
  if (!first) return;
  ctx.beginPath();
  if (rest.length === 0) {
    ctx.arc(first.x, first.y, radius, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.moveTo(first.x, first.y);
  for (const p of rest) ctx.lineTo(p.x, p.y);
  ctx.stroke();
}

function clearStroke(canvas: HTMLCanvasElement | null): void {
  canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
}

/** The id of a box being drawn, which no stored shape has. */
const NEW_SHAPE = '\u0000new';
/** How long the view must rest before the shapes are redrawn sharp for its zoom. */
const SETTLE_MS = 200;
const BRIGHTNESS = { min: 20, max: 300 };
const CONTRAST = { min: 20, max: 300 };

const ZOOM_STEP = 1.25;
/** Zoom from which image pixels are drawn as squares instead of smoothed. */
const PIXELATED_FROM = 4;

/**
 * An image field with its shapes: fitted to the panel, zoomed with the wheel (about the pointer) and
 * panned with the middle button or Space + drag; brightness and contrast change the view only. With a
 * label picked, its tool draws: a box by dragging, a polygon corner by corner (the editor keeps the
 * corners and handles Enter, Backspace and Escape), a keypoint by a click. A click selects a shape, or a
 * brush mask where it has a painted pixel and no shape lies over it (the topmost mask there); the selected
 * box moves by its body and resizes by its handles, a polygon moves by its body and reshapes by its
 * corners, a keypoint moves by dragging. Locked shapes select but do not change. Geometry is done by
 * the pure `box-geometry`, `polygon-geometry` and `image-view` modules; this component measures, listens
 * and renders.
 */
export function ImageAnnotator(props: ImageAnnotatorProps) {
  const { field, src, title, regions, selectedId, hiddenIds, lockedIds, skeletons, drawable, tool, polygonDraft, maxHeightShare = 0.6, masks = NO_MASKS, onEdit, onSelect, onAssistPoint, assistPoint = null, rotatable = NO_CONTROLS, onNaturalSize } = props;
  const t = useT();
  const viewportRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<Size | null>(null);
  const [failed, setFailed] = useState(false);
  const [room, setRoom] = useState<Size>({ width: 0, height: 0 });
  const [view, setView] = useState<ImageView>(FIT_VIEW);
  const [draft, setDraft] = useState<RegionView | null>(null);
  const [hover, setHover] = useState<Point | null>(null);
  const [adjust, setAdjust] = useState({ brightness: 100, contrast: 100 });
  const [spaceHeld, setSpaceHeld] = useState(false);
  /**
   * The zoom the shapes are styled for while the view moves (null when it is still). Restyling 2,000
   * shapes for a new zoom repaints them all, far too slow for every frame of a wheel zoom; so while the
   * view moves the stage is its own compositor layer that the GPU just moves and scales (strokes grow or
   * shrink with it for a moment), and once it rests the shapes are restyled and drawn sharp, once.
   */
  const [movingAt, setMovingAt] = useState<number | null>(null);
  const settleTimer = useRef<number | undefined>(undefined);
  const gesture = useRef<Gesture | null>(null);
  const hovering = useRef(false);
  const strokeCanvas = useRef<HTMLCanvasElement>(null);

  const beginMotion = () => {
    window.clearTimeout(settleTimer.current);
    settleTimer.current = window.setTimeout(() => setMovingAt(null), SETTLE_MS);
    setMovingAt((z) => z ?? view.scale);
  };
  useEffect(() => () => window.clearTimeout(settleTimer.current), []);

  useEffect(() => {
    setNatural(null);
    setFailed(false);
    setView(FIT_VIEW);
  }, [src]);

  // A huge image is shown from its tile pyramid: its size comes from the descriptor, not from loading it.
  const deepZoom = useDeepZoom(src);
  useEffect(() => {
    if (deepZoom.kind === 'tiled') setNatural({ width: deepZoom.image.width, height: deepZoom.image.height });
  }, [deepZoom]);

  // The panel's width decides the fitted size; the window's height caps it.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = () => setRoom({ width: el.clientWidth, height: Math.max(200, Math.round(window.innerHeight * maxHeightShare)) });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [maxHeightShare]);

  const fitted = natural ? fitSize(natural, room) : { width: 0, height: 0 };
  const aspect = natural && natural.height > 0 ? natural.width / natural.height : 1;
  const reportNatural = useEffectEvent((size: Size) => onNaturalSize?.(size));
  useEffect(() => {
    if (natural) reportNatural(natural);
  }, [natural]);
  const offsetX = Math.max(0, (room.width - fitted.width) / 2);

  // React's onWheel is passive, and a wheel over the image must zoom it rather than scroll the page.
  const onWheel = useEffectEvent((event: WheelEvent) => {
    if (!natural || fitted.width === 0) return;
    event.preventDefault();
    const rect = viewportRef.current?.getBoundingClientRect();
    if (!rect) return;
    beginMotion();
    setView((v) => zoomAt(v, wheelFactor(event.deltaY), { x: event.clientX - rect.left - offsetX, y: event.clientY - rect.top }, fitted));
  });
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const listener = (event: WheelEvent) => onWheel(event);
    el.addEventListener('wheel', listener, { passive: false });
    return () => el.removeEventListener('wheel', listener);
  }, []);

  // Space held over the image turns a left drag into panning; outside the image Space keeps scrolling the page.
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.key !== ' ' || !hovering.current || isTypingTarget(event.target)) return;
      event.preventDefault();
      setSpaceHeld(true);
    };
    const up = (event: KeyboardEvent) => {
      if (event.key === ' ') setSpaceHeld(false);
    };
    const blur = () => setSpaceHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  // The rubber band follows the pointer only while a polygon is being drawn.
  useEffect(() => {
    if (!polygonDraft) setHover(null);
  }, [polygonDraft]);

  const pointAt = (event: { clientX: number; clientY: number }) => {
    const rect = stageRef.current?.getBoundingClientRect();
    return rect ? { point: toPercent(event.clientX, event.clientY, rect), rect } : null;
  };

  const startPan = (event: ReactPointerEvent<HTMLDivElement>) => {
    gesture.current = { kind: 'pan', pointerId: event.pointerId, x: event.clientX, y: event.clientY, view };
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!natural || gesture.current) return;
    const pan = event.button === 1 || (event.button === 0 && spaceHeld);
    if (!pan && event.button !== 0) return;
    event.preventDefault();
    // preventDefault keeps focus where it was; a text area or caption keeping it would swallow the keys
    // (Delete, arrows, label hotkeys) that are now meant for the image.
    if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) document.activeElement.blur();
    event.currentTarget.setPointerCapture(event.pointerId);
    const target = event.target instanceof Element ? event.target.closest('[data-region-id]') : null;
    const hitId = target?.getAttribute('data-region-id') ?? null;
    const handle = asHandle(target?.getAttribute('data-handle'));
    const vertexAttr = target?.getAttribute('data-vertex');
    const vertex = vertexAttr === null || vertexAttr === undefined ? null : Number(vertexAttr);
    const at = pointAt(event);
    const hit = hitId === null || hiddenIds.has(hitId) ? undefined : regions.find((r) => r.id === hitId);
    const editable = hit !== undefined && !lockedIds.has(hit.id);
    // Masks lie under the shapes: one is hit only where no shape is, the topmost mask at that pixel.
    const maskHit = hit === undefined && at && masks.length > 0 && tool?.kind !== 'brush' ? maskAt(masks, natural, { x: (at.point.x / 100) * natural.width, y: (at.point.y / 100) * natural.height }) : null;
    const pointerId = event.pointerId;
    if (pan || !at) {
      startPan(event);
      return;
    }
    // Alt+click marks the point a model suggestion is asked about (a box around it); it draws nothing.
    if (event.altKey && onAssistPoint) {
      onAssistPoint(roundPoints([at.point])[0] ?? at.point);
      return;
    }
    if (editable && hit.id === selectedId && hit.kind === 'rectangle' && target?.getAttribute('data-handle') === 'rotate') {
      gesture.current = { kind: 'rotate', region: hit, pointerId };
    } else if (editable && hit.id === selectedId && hit.kind === 'rectangle' && handle) {
      gesture.current = { kind: 'resize', id: hit.id, handle, box: hit.box, pointerId, pressedBox: hit.id };
    } else if (editable && hit.id === selectedId && hit.kind === 'polygon' && vertex !== null && Number.isInteger(vertex)) {
      gesture.current = { kind: 'vertex', region: hit, index: vertex, pointerId };
    } else if (tool?.kind === 'brush') {
      const points = [{ x: (at.point.x / 100) * natural.width, y: (at.point.y / 100) * natural.height }];
      gesture.current = { kind: 'brush', pointerId, points };
      drawStroke(strokeCanvas.current, points, tool);
    } else if (tool?.kind === 'polygon' || tool?.kind === 'polyline') {
      // Each press is a corner, on other shapes too (a window inside a wall); the first corner closes a
      // polygon. A polyline ends by a double-click or Enter instead: its end may well meet its start.
      if (tool.kind === 'polygon' && polygonDraft && closesPolygon(polygonDraft, at.point, at.rect)) onEdit({ kind: 'closePolygon' }, natural);
      else if (!polygonDraft || !repeatsLastPoint(polygonDraft, at.point, at.rect)) onEdit({ kind: 'polygonPoint', point: roundPoints([at.point])[0] ?? at.point }, natural);
    } else if (tool?.kind === 'keypoint' && hit?.kind !== 'keypoint') {
      onEdit({ kind: 'placeKeypoint', point: roundPoints([at.point])[0] ?? at.point }, natural);
    } else if (hit && (hit.id === selectedId || tool === null || hit.kind === 'keypoint')) {
      onSelect(hit.id);
      if (!editable) return;
      if (hit.kind === 'rectangle') gesture.current = { kind: 'move', id: hit.id, from: at.point, box: hit.box, pointerId, pressedBox: hit.id };
      else gesture.current = { kind: 'shift', region: hit, from: at.point, pointerId };
    } else if (tool?.kind === 'rectangle') {
      // With a box label picked, a press on another shape still draws (a person inside a car); a click selects it.
      gesture.current = { kind: 'draw', from: at.point, pointerId, pressedBox: hit?.id ?? maskHit };
    } else if (maskHit !== null) {
      // A mask is selected by a click on a painted pixel; it is changed by the brush, so a drag pans.
      startPan(event);
      onSelect(maskHit);
    } else {
      startPan(event);
      onSelect(null);
    }
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    if (!g) {
      if (polygonDraft && polygonDraft.length > 0) setHover(pointAt(event)?.point ?? null);
      return;
    }
    if (g.pointerId !== event.pointerId) return;
    if (g.kind === 'pan') {
      beginMotion();
      setView(panBy(g.view, event.clientX - g.x, event.clientY - g.y, fitted));
      return;
    }
    const at = pointAt(event);
    if (!at) return;
    if (g.kind === 'brush') {
      // Straight into the canvas, not through React state: a stroke sends a move per frame.
      if (!natural || !tool) return;
      g.points.push({ x: (at.point.x / 100) * natural.width, y: (at.point.y / 100) * natural.height });
      drawStroke(strokeCanvas.current, g.points, tool);
      return;
    }
    setDraft(gestureDraft(g, at.point, regions, tool?.color ?? UNKNOWN_LABEL_COLOR, aspect));
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId) return;
    gesture.current = null;
    setDraft(null);
    if (g.kind === 'pan') return;
    if (g.kind === 'brush') {
      // The stroke stays drawn until the mask that includes it is; cleared then by the masks' change.
      if (natural) onEdit({ kind: 'brushStroke', points: g.points }, natural);
      return;
    }
    const at = pointAt(event);
    if (!at || !natural) return;
    switch (g.kind) {
      case 'draw': {
        const box = draggedBox(g, at.point);
        if (!isTooSmall(box, at.rect)) onEdit({ kind: 'drawBox', box: roundBox(box) }, natural);
        else onSelect(g.pressedBox);
        break;
      }
      case 'resize': {
        const box = draggedBox(g, at.point);
        if (!isTooSmall(box, at.rect)) onEdit({ kind: 'moveBox', id: g.id, box: roundBox(box) }, natural);
        break;
      }
      case 'move': {
        const box = draggedBox(g, at.point);
        if (box.x !== g.box.x || box.y !== g.box.y) onEdit({ kind: 'moveBox', id: g.id, box: roundBox(box) }, natural);
        break;
      }
      case 'rotate': {
        const turned = gestureDraft(g, at.point, regions, UNKNOWN_LABEL_COLOR, aspect);
        if (turned?.kind === 'rectangle' && turned.rotation !== g.region.rotation) onEdit({ kind: 'rotateBox', id: g.region.id, box: turned.box, rotation: turned.rotation }, natural);
        break;
      }
      case 'vertex':
      case 'shift': {
        const shaped = gestureDraft(g, at.point, regions, UNKNOWN_LABEL_COLOR, aspect);
        if (shaped?.kind === 'polygon') onEdit({ kind: 'setPoints', id: shaped.id, points: roundPoints(shaped.points) }, natural);
        else if (shaped?.kind === 'keypoint') onEdit({ kind: 'moveKeypoint', id: shaped.id, point: roundPoints([shaped.point])[0] ?? shaped.point }, natural);
        break;
      }
    }
  };

  const onPointerCancel = () => {
    gesture.current = null;
    setDraft(null);
    clearStroke(strokeCanvas.current);
  };
  // A stroke ends in a new mask (or none, when it changed nothing): either way the preview has served.
  useEffect(() => clearStroke(strokeCanvas.current), [masks]);

  const zoomBy = (factor: number) => setView((v) => zoomAt(v, factor, { x: fitted.width / 2, y: fitted.height / 2 }, fitted));
  const mode = spaceHeld ? 'panning' : tool ? 'drawing' : 'selecting';
  const hint = !drawable ? t('image.hintView') : tool?.kind === 'polygon' ? t('image.hintPolygon') : tool?.kind === 'polyline' ? t('image.hintPolyline') : tool?.kind === 'keypoint' ? t('image.hintKeypoint') : tool?.kind === 'brush' ? t('image.hintBrush') : tool ? t('image.hintDraw') : t('image.hintPick');
  const adjusted = adjust.brightness !== 100 || adjust.contrast !== 100;
  // The stage's zoom as a CSS variable: shapes divide their stroke widths by it (workbench.css), so a zoom
  // restyles them without React re-rendering a single shape.
  const shapeZoom = movingAt ?? view.scale;
  const stageStyle = {
    width: fitted.width,
    height: fitted.height,
    left: offsetX,
    transform: `translate(${view.tx}px, ${view.ty}px) scale(${view.scale})`,
    '--zoom': shapeZoom,
    willChange: movingAt === null ? undefined : 'transform',
  } as CSSProperties;

  return (
    <div className="image-panel">
      <div className="image-toolbar">
        <span className="muted small" data-testid="image-hint">
          {hint}
        </span>
        <span className="push-right muted small">{natural ? t('image.size', { width: natural.width, height: natural.height }) : null}</span>
        <button type="button" className="btn btn-small" onClick={() => zoomBy(1 / ZOOM_STEP)} disabled={view.scale <= 1} aria-label={t('image.zoomOut')} title={t('image.zoomOut')}>
          −
        </button>
        <span className="image-zoom small" data-testid="image-zoom">
          {Math.round(view.scale * 100)}%
        </span>
        <button type="button" className="btn btn-small" onClick={() => zoomBy(ZOOM_STEP)} aria-label={t('image.zoomIn')} title={t('image.zoomIn')}>
          +
        </button>
        <button type="button" className="btn btn-small" onClick={() => setView(clampView(FIT_VIEW, fitted))} disabled={view.scale === 1} data-testid="image-fit">
          {t('image.fit')}
        </button>
      </div>
      <div className="image-adjust small">
        <label>
          <span>{t('image.brightness')}</span>
          <input type="range" min={BRIGHTNESS.min} max={BRIGHTNESS.max} step={5} value={adjust.brightness} onChange={(e) => setAdjust((a) => ({ ...a, brightness: e.target.valueAsNumber }))} data-testid="image-brightness" />
          <span className="image-adjust-value">{adjust.brightness}%</span>
        </label>
        <label>
          <span>{t('image.contrast')}</span>
          <input type="range" min={CONTRAST.min} max={CONTRAST.max} step={5} value={adjust.contrast} onChange={(e) => setAdjust((a) => ({ ...a, contrast: e.target.valueAsNumber }))} data-testid="image-contrast" />
          <span className="image-adjust-value">{adjust.contrast}%</span>
        </label>
        <button type="button" className="btn btn-small btn-ghost" disabled={!adjusted} onClick={() => setAdjust({ brightness: 100, contrast: 100 })} title={t('image.resetAdjust')} aria-label={t('image.resetAdjust')}>
          ↺
        </button>
      </div>
      <div
        ref={viewportRef}
        className={`image-viewport ${mode}`}
        style={{ height: natural ? fitted.height : undefined }}
        data-testid="image-viewport"
        data-field={field}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
        onDoubleClick={() => {
          // The second press of the double-click repeated the last point and added nothing; now the line ends.
          if (tool?.kind === 'polyline' && polygonDraft && natural) onEdit({ kind: 'closePolygon' }, natural);
        }}
        onPointerEnter={() => (hovering.current = true)}
        onPointerLeave={() => (hovering.current = false)}
        onAuxClick={(e) => e.preventDefault()}
      >
        {failed ? <div className="image-error alert alert-error">{t('image.loadFailed', { url: src.length > 80 ? `${src.slice(0, 80)}…` : src })}</div> : null}
        <div ref={stageRef} className={view.scale >= PIXELATED_FROM ? 'image-stage pixelated' : 'image-stage'} data-testid="image-stage" style={stageStyle}>
          {deepZoom.kind === 'tiled' ? (
            <DeepZoomLayer
              src={src}
              image={deepZoom.image}
              shownWidth={fitted.width * view.scale}
              visible={{
                x0: -view.tx / view.scale / (fitted.width || 1),
                y0: -view.ty / view.scale / (fitted.height || 1),
                x1: (fitted.width - view.tx) / view.scale / (fitted.width || 1),
                y1: (fitted.height - view.ty) / view.scale / (fitted.height || 1),
              }}
              style={adjusted ? { filter: `brightness(${adjust.brightness / 100}) contrast(${adjust.contrast / 100})` } : undefined}
            />
          ) : deepZoom.kind === 'none' ? (
            <img
              src={src}
              alt={title}
              draggable={false}
              data-testid="workbench-image"
              // View only: the stored coordinates never depend on it, and the overlay keeps its colours.
              style={adjusted ? { filter: `brightness(${adjust.brightness / 100}) contrast(${adjust.contrast / 100})` } : undefined}
              onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
              onError={() => setFailed(true)}
            />
          ) : null}
          <MaskOverlay masks={masks} natural={natural} selectedId={selectedId} strokeCanvas={tool?.kind === 'brush' || masks.length > 0 ? strokeCanvas : undefined} />
          <RegionOverlay
            regions={regions}
            selectedId={selectedId}
            hiddenIds={hiddenIds}
            lockedIds={lockedIds}
            skeletons={skeletons}
            draft={draft}
            polygonDraft={polygonDraft && tool ? { points: polygonDraft, color: tool.color, hover, open: tool.kind === 'polyline' } : null}
            scale={shapeZoom}
            handles
            rotatable={rotatable}
            aspect={aspect}
          />
          {assistPoint ? <div className="assist-point" style={{ left: `${assistPoint.x}%`, top: `${assistPoint.y}%` }} data-testid="assist-point" /> : null}
        </div>
      </div>
    </div>
  );
}
