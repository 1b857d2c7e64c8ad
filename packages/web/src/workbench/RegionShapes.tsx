import { memo, type CSSProperties } from 'react';
import { tagAnchor, svgPoints } from './polygon-geometry.ts';
import type { KeypointRegion, PolygonRegion, RectangleRegion, RegionView } from './region-view.ts';
import { skeletonSegments, type SkeletonKeypoint } from './skeleton.ts';

/*
 * The shapes of an image overlay, one memoised component each. Nothing here depends on the zoom: stroke
 * widths, marker radii and tag sizes divide by the CSS variable `--zoom` that the image stage sets (see
 * workbench.css), so zooming and panning change one style on one element and React re-renders no shape,
 * which is what keeps 2,000 shapes at full frame rate.
 */

const pct = (v: number) => `${v}%`;
/** Boxes this close to the top (percent) carry their tag inside, where the viewport cannot clip it. */
const TAG_INSIDE_BELOW = 7;

export type Skeletons = ReadonlyMap<string, readonly (readonly [string, string])[]>;

function classOf(kind: string, selected: boolean, locked: boolean, predicted = false): string {
  return `region ${kind}${selected ? ' selected' : ''}${locked ? ' locked' : ''}${predicted ? ' predicted' : ''}`;
}

/**
 * A rectangle in percent of the image. A rotated one turns about its top-left corner in screen (pixel)
 * space, as Label Studio draws it, so it stays a rectangle on a non-square image: the transform's origin
 * is the corner as a percentage of the SVG's own box.
 */
export const RectShape = memo(function RectShape({ region, selected, locked }: { region: RectangleRegion; selected: boolean; locked: boolean }) {
  const { box, rotation } = region;
  const style: CSSProperties | undefined = rotation % 360 !== 0 ? { transformBox: 'view-box', transformOrigin: `${pct(box.x)} ${pct(box.y)}`, transform: `rotate(${rotation}deg)` } : undefined;
  return (
    <rect
      data-region-id={region.id}
      data-testid="image-box"
      data-label={region.value}
      className={classOf('box', selected, locked, region.predicted !== undefined)}
      data-predicted={region.predicted !== undefined}
      x={pct(box.x)}
      y={pct(box.y)}
      width={pct(box.width)}
      height={pct(box.height)}
      stroke={region.color}
      fill={region.color}
      fillOpacity={selected ? 0.28 : 0.12}
      style={style}
    />
  );
});

/** A polygon, drawn in the 0 0 100 100 viewBox of its SVG; its stroke does not stretch with the image. */
export const PolygonShape = memo(function PolygonShape({ region, selected, locked }: { region: PolygonRegion; selected: boolean; locked: boolean }) {
  // An open path is a line: no fill, which would close it visually (and catch clicks inside its bend).
  if (region.open) {
    return (
      <polyline
        data-region-id={region.id}
        data-testid="image-polyline"
        data-label={region.value}
        className={classOf('polygon', selected, locked, region.predicted !== undefined)}
        points={svgPoints(region.points)}
        stroke={region.color}
        fill="none"
        vectorEffect="non-scaling-stroke"
      />
    );
  }
  return (
    <polygon
      data-region-id={region.id}
      data-testid="image-polygon"
      data-label={region.value}
      className={classOf('polygon', selected, locked, region.predicted !== undefined)}
      points={svgPoints(region.points)}
      stroke={region.color}
      fill={region.color}
      fillOpacity={selected ? 0.3 : 0.15}
      vectorEffect="non-scaling-stroke"
    />
  );
});

/** A keypoint: a dot whose radius stays the same on screen at any zoom. */
export const KeypointShape = memo(function KeypointShape({ region, selected, locked }: { region: KeypointRegion; selected: boolean; locked: boolean }) {
  return (
    <circle
      data-region-id={region.id}
      data-testid="image-keypoint"
      data-label={region.value}
      className={classOf('keypoint', selected, locked, region.predicted !== undefined)}
      cx={pct(region.point.x)}
      cy={pct(region.point.y)}
      r={5}
      fill={region.color}
    />
  );
});

/** The label tag of a box (its top-left corner) or polygon (its top point); keypoints are too small for one. */
export const RegionTag = memo(function RegionTag({ region, selected }: { region: RegionView; selected: boolean }) {
  let at;
  if (region.kind === 'rectangle') at = region.box;
  else if (region.kind === 'polygon') at = tagAnchor(region.points);
  else return null;
  const inside = at.y < TAG_INSIDE_BELOW;
  return (
    <span className={`box-tag${inside ? ' inside' : ''}${selected ? ' selected' : ''}`} style={{ left: pct(at.x), top: pct(at.y), backgroundColor: region.color }}>
      {region.predicted ? <span className="ai-tag">AI</span> : null}
      {region.label}
    </span>
  );
});

/** Lines between keypoints whose labels form a skeleton pair of their control. */
export const SkeletonLines = memo(function SkeletonLines({ regions, skeletons }: { regions: readonly RegionView[]; skeletons: Skeletons }) {
  if (skeletons.size === 0) return null;
  const keypoints: SkeletonKeypoint[] = [];
  for (const r of regions) if (r.kind === 'keypoint') keypoints.push({ id: r.id, control: r.control, label: r.value, point: r.point, color: r.color });
  const segments = skeletonSegments(keypoints, skeletons);
  if (segments.length === 0) return null;
  return (
    <svg className="region-overlay" width="100%" height="100%" aria-hidden="true">
      {segments.map((s) => (
        <line key={s.key} className="skeleton-line" data-testid="skeleton-line" x1={pct(s.from.x)} y1={pct(s.from.y)} x2={pct(s.to.x)} y2={pct(s.to.y)} stroke={s.color} />
      ))}
    </svg>
  );
});

interface LayerProps {
  regions: readonly RegionView[];
  selectedId: string | null;
  lockedIds: ReadonlySet<string>;
}

/** Every polygon, in one SVG with a percent viewBox (points cannot be percentages otherwise). */
export const PolygonLayer = memo(function PolygonLayer({ regions, selectedId, lockedIds }: LayerProps) {
  return (
    <svg className="region-overlay" viewBox="0 0 100 100" preserveAspectRatio="none" width="100%" height="100%" aria-hidden="true">
      {regions.map((r) => (r.kind === 'polygon' ? <PolygonShape key={r.id} region={r} selected={r.id === selectedId} locked={lockedIds.has(r.id)} /> : null))}
    </svg>
  );
});

/** Every box and keypoint, in an SVG without a viewBox, where percentages and pixels mix. */
export const BoxPointLayer = memo(function BoxPointLayer({ regions, selectedId, lockedIds }: LayerProps) {
  return (
    <svg className="region-overlay" width="100%" height="100%" aria-hidden="true">
      {regions.map((r) =>
        r.kind === 'rectangle' ? (
          <RectShape key={r.id} region={r} selected={r.id === selectedId} locked={lockedIds.has(r.id)} />
        ) : r.kind === 'keypoint' ? (
          <KeypointShape key={r.id} region={r} selected={r.id === selectedId} locked={lockedIds.has(r.id)} />
        ) : null,
      )}
    </svg>
  );
});

/** The tags of every box and polygon, as HTML so their text is crisp and never stretched. */
export const TagLayer = memo(function TagLayer({ regions, selectedId }: { regions: readonly RegionView[]; selectedId: string | null }) {
  return (
    <>
      {regions.map((r) => (r.kind === 'keypoint' ? null : <RegionTag key={r.id} region={r} selected={r.id === selectedId} />))}
    </>
  );
});
