import { useMemo } from 'react';
import { HANDLES, handlePoint, topMiddle, type Handle, type Point } from './box-geometry.ts';
import { svgPoints } from './polygon-geometry.ts';
import { isRotated, type RegionView } from './region-view.ts';
import { BoxPointLayer, KeypointShape, PolygonShape, RectShape, SkeletonLines, TagLayer, PolygonLayer, type Skeletons } from './RegionShapes.tsx';

/** A polygon being drawn: its corners so far and where the pointer is (for the line to it). */
export interface PolygonDraft {
  points: readonly Point[];
  color: string;
  hover: Point | null;
  /** An open path (polyline) being drawn: no fill, and its first point does not close it. */
  open?: boolean;
}

interface RegionOverlayProps {
  regions: readonly RegionView[];
  selectedId: string | null;
  hiddenIds?: ReadonlySet<string>;
  lockedIds?: ReadonlySet<string>;
  skeletons?: Skeletons;
  /**
   * A shape being drawn, moved or reshaped, shown instead of its stored one; an id no region has is a new
   * shape (drawn dashed).
   */
  draft?: RegionView | null;
  polygonDraft?: PolygonDraft | null;
  /** Current zoom, so handles keep their screen size (the shapes follow the stage's `--zoom` instead). */
  scale?: number;
  /** Show resize handles and polygon vertices on the selected shape. */
  handles?: boolean;
  /** Controls whose selected box also gets a rotation handle. */
  rotatable?: ReadonlySet<string>;
  /** The image's width / height in pixels, where the rotation handle sits on a turned box. */
  aspect?: number;
}

const pct = (v: number) => `${v}%`;
const HANDLE_CURSOR: Record<Handle, string> = { nw: 'nwse-resize', se: 'nwse-resize', ne: 'nesw-resize', sw: 'nesw-resize', n: 'ns-resize', s: 'ns-resize', e: 'ew-resize', w: 'ew-resize' };
const NO_IDS: ReadonlySet<string> = new Set();
const NO_SKELETONS: Skeletons = new Map();

/**
 * Shapes over an image, in percent of it, so the overlay follows the image at any size without
 * recomputing anything. The stored shapes are drawn by memoised layers that a pan, a zoom or a drag does
 * not re-render; only the shape under the pointer (the draft) and the selected shape's handles are drawn
 * per frame. Presentational only: the image component finds shapes and handles under the pointer through
 * `data-region-id`, `data-handle` and `data-vertex`.
 */
export function RegionOverlay({ regions, selectedId, hiddenIds = NO_IDS, lockedIds = NO_IDS, skeletons = NO_SKELETONS, draft = null, polygonDraft = null, scale = 1, handles = false, rotatable = NO_IDS, aspect = 1 }: RegionOverlayProps) {
  const draftId = draft?.id ?? null;
  // The stored layers skip the hidden shapes and the one being dragged; both change rarely (not per frame).
  const visible = useMemo(() => (hiddenIds.size === 0 && draftId === null ? regions : regions.filter((r) => !hiddenIds.has(r.id) && r.id !== draftId)), [regions, hiddenIds, draftId]);
  // Skeleton lines follow a dragged keypoint, so they see the draft in place of the stored point.
  const jointed = useMemo(() => {
    const shown = hiddenIds.size === 0 ? regions : regions.filter((r) => !hiddenIds.has(r.id));
    return draft?.kind === 'keypoint' ? shown.map((r) => (r.id === draft.id ? draft : r)) : shown;
  }, [regions, hiddenIds, draft]);
  const isNew = draft !== null && !regions.some((r) => r.id === draft.id);
  const selected = draft && draft.id === selectedId ? draft : regions.find((r) => r.id === selectedId && !hiddenIds.has(r.id));
  const editable = handles && selected !== undefined && !lockedIds.has(selected.id);
  const handleSize = 9 / scale;
  const stroke = 2 / scale;

  return (
    <>
      <PolygonLayer regions={visible} selectedId={selectedId} lockedIds={lockedIds} />
      <SkeletonLines regions={jointed} skeletons={skeletons} />
      <BoxPointLayer regions={visible} selectedId={selectedId} lockedIds={lockedIds} />
      <TagLayer regions={visible} selectedId={selectedId} />
      {draft || polygonDraft ? (
        <svg className="region-overlay" viewBox="0 0 100 100" preserveAspectRatio="none" width="100%" height="100%" aria-hidden="true">
          {draft?.kind === 'polygon' ? <PolygonShape region={draft} selected={draft.id === selectedId} locked={false} /> : null}
          {polygonDraft ? (
            <>
              <polyline className="polygon-draft" points={svgPoints(polygonDraft.points)} stroke={polygonDraft.color} fill={polygonDraft.open ? 'none' : polygonDraft.color} fillOpacity={0.1} vectorEffect="non-scaling-stroke" />
              {polygonDraft.hover && polygonDraft.points.length > 0 ? (
                <polyline
                  className="polygon-draft rubber"
                  points={svgPoints([polygonDraft.points[polygonDraft.points.length - 1] ?? polygonDraft.hover, polygonDraft.hover])}
                  stroke={polygonDraft.color}
                  fill="none"
                  vectorEffect="non-scaling-stroke"
                />
              ) : null}
            </>
          ) : null}
        </svg>
      ) : null}
      <svg className="region-overlay" width="100%" height="100%" aria-hidden="true">
        {draft?.kind === 'rectangle' ? (
          isNew ? (
            <rect className="box draft" x={pct(draft.box.x)} y={pct(draft.box.y)} width={pct(draft.box.width)} height={pct(draft.box.height)} stroke={draft.color} fill={draft.color} fillOpacity={0.12} strokeWidth={stroke} strokeDasharray={`${6 / scale} ${3 / scale}`} />
          ) : (
            <RectShape region={draft} selected={draft.id === selectedId} locked={false} />
          )
        ) : null}
        {draft?.kind === 'keypoint' ? <KeypointShape region={draft} selected={draft.id === selectedId} locked={false} /> : null}
        {polygonDraft
          ? polygonDraft.points.map((p, i) => {
              // The first corner is drawn larger once the polygon can close: clicking it closes the ring.
              const closes = !polygonDraft.open && i === 0 && polygonDraft.points.length >= 3;
              return <circle key={i} className={closes ? 'vertex-handle draft close-target' : 'vertex-handle draft'} cx={pct(p.x)} cy={pct(p.y)} r={(closes ? 7 : 3.5) / scale} stroke={polygonDraft.color} strokeWidth={stroke * 0.75} />;
            })
          : null}
        {editable && selected.kind === 'rectangle' && !isRotated(selected)
          ? HANDLES.map((h) => {
              const p = handlePoint(selected.box, h);
              // A nested SVG puts the handle's centre at a percentage while its size stays in pixels.
              return (
                <svg key={h} x={pct(p.x)} y={pct(p.y)} overflow="visible">
                  <rect
                    className="box-handle"
                    data-region-id={selected.id}
                    data-handle={h}
                    x={-handleSize / 2}
                    y={-handleSize / 2}
                    width={handleSize}
                    height={handleSize}
                    stroke={selected.color}
                    strokeWidth={stroke * 0.75}
                    style={{ cursor: HANDLE_CURSOR[h] }}
                  />
                </svg>
              );
            })
          : null}
        {editable && selected.kind === 'rectangle' && rotatable.has(selected.control)
          ? (() => {
              // Hangs off the middle of the top edge, outward along the box's own "up", a fixed screen distance away.
              const p = topMiddle(selected.box, selected.rotation, aspect);
              const r = (selected.rotation * Math.PI) / 180;
              const reach = 22 / scale;
              const [hx, hy] = [Math.sin(r) * reach, -Math.cos(r) * reach];
              return (
                <svg x={pct(p.x)} y={pct(p.y)} overflow="visible">
                  <line x1={0} y1={0} x2={hx} y2={hy} stroke={selected.color} strokeWidth={stroke * 0.75} />
                  <circle className="box-handle rotate-handle" data-region-id={selected.id} data-handle="rotate" data-testid="rotate-handle" cx={hx} cy={hy} r={handleSize / 2 + 1 / scale} stroke={selected.color} strokeWidth={stroke * 0.75} style={{ cursor: 'grab' }} />
                </svg>
              );
            })()
          : null}
        {editable && selected.kind === 'polygon'
          ? selected.points.map((p, i) => (
              <circle key={i} className="vertex-handle" data-testid="polygon-vertex" data-region-id={selected.id} data-vertex={i} cx={pct(p.x)} cy={pct(p.y)} r={handleSize / 2} stroke={selected.color} strokeWidth={stroke * 0.75} />
            ))
          : null}
      </svg>
    </>
  );
}
