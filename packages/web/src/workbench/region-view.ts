/**
 * What the image overlay and the region list draw for each shape of a result: its geometry in percent
 * of the image, its label's colour and title. Built once per result item and cached by the item itself,
 * so that after an edit every unchanged shape keeps the same view object and memoised components skip it
 * (2,000 shapes must not all re-render when one moves).
 */
import type { AnnotationResult, KeyPointLabelsResultItem, PolygonLabelsResultItem, PolylineLabelsResultItem, RectangleLabelsResultItem } from '@yungang/core';
import type { Box, Point } from './box-geometry.ts';
import type { LabelLookup } from './label-lookup.ts';
import { pointsFromPairs } from './polygon-geometry.ts';

interface RegionBase {
  id: string;
  /** The control that made it (result `from_name`). */
  control: string;
  color: string;
  /** What the tag and the list say (the label's title). */
  label: string;
  /** The stored label value, for tests and styling. */
  value: string;
  /**
   * Set while the shape is still as a prediction made it (not accepted or edited): drawn dashed with an
   * "AI" tag, listed with the model's score. Editor state only; the stored item is the same either way.
   */
  predicted?: { score: number | null };
}

export type RectangleRegion = RegionBase & { kind: 'rectangle'; box: Box; /** Degrees clockwise about the top-left corner; 0 when unrotated. */ rotation: number };
/** A polygon, or with `open` an open path (polyline): both are edited point by point alike. */
export type PolygonRegion = RegionBase & { kind: 'polygon'; points: readonly Point[]; open?: true };
export type KeypointRegion = RegionBase & { kind: 'keypoint'; point: Point };
export type RegionView = RectangleRegion | PolygonRegion | KeypointRegion;
export type RegionKind = RegionView['kind'];

export type ImageItem = RectangleLabelsResultItem | PolygonLabelsResultItem | KeyPointLabelsResultItem | PolylineLabelsResultItem;

export function isImageItem(item: AnnotationResult[number]): item is ImageItem {
  return item.type === 'rectanglelabels' || item.type === 'polygonlabels' || item.type === 'keypointlabels' || item.type === 'polylinelabels';
}

/** Shapes on one image field, in the order they were drawn. */
export function imageItemsOn(result: AnnotationResult, toName: string): ImageItem[] {
  return result.filter((item): item is ImageItem => isImageItem(item) && item.to_name === toName);
}

/** The view of one result item, without caching. */
export function regionOf(item: ImageItem, lookup: LabelLookup): RegionView {
  const base = (value: string): RegionBase => ({ id: item.id, control: item.from_name, color: lookup.colorOf(item.from_name, value), label: lookup.titleOf(item.from_name, value), value });
  switch (item.type) {
    case 'rectanglelabels': {
      const { x, y, width, height, rotation, rectanglelabels } = item.value;
      return { ...base(rectanglelabels[0] ?? ''), kind: 'rectangle', box: { x, y, width, height }, rotation: rotation ?? 0 };
    }
    case 'polygonlabels':
      return { ...base(item.value.polygonlabels[0] ?? ''), kind: 'polygon', points: pointsFromPairs(item.value.points) };
    case 'keypointlabels':
      return { ...base(item.value.keypointlabels[0] ?? ''), kind: 'keypoint', point: { x: item.value.x, y: item.value.y } };
    case 'polylinelabels':
      return { ...base(item.value.polylinelabels[0] ?? ''), kind: 'polygon', points: pointsFromPairs(item.value.points), open: true };
  }
}

/**
 * A view builder with a cache keyed by the (immutable) result items: the reducer replaces an item when it
 * changes, so an item seen before still looks the same. One builder per label lookup (per config).
 */
export function regionViewCache(lookup: LabelLookup): (item: ImageItem) => RegionView {
  const cache = new WeakMap<ImageItem, RegionView>();
  return (item) => {
    let view = cache.get(item);
    if (!view) {
      view = regionOf(item, lookup);
      cache.set(item, view);
    }
    return view;
  };
}

/** The regions of one image field. */
export function regionsOn(result: AnnotationResult, toName: string, viewOf: (item: ImageItem) => RegionView): RegionView[] {
  return imageItemsOn(result, toName).map(viewOf);
}

/** Whether a rectangle is drawn turned (then it moves but is not resized by axis-aligned handles). */
export function isRotated(region: RegionView): boolean {
  return region.kind === 'rectangle' && region.rotation % 360 !== 0;
}
