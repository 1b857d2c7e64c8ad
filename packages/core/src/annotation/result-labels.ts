import type { Rectangle } from '../metrics/geometry/rectangle.js';
import type { CocoRle } from '../metrics/masks/coco-rle.js';
import type { ResultItem, VideoKeyframe } from './result.types.js';
import type { TrackAttributeValues, VideoPointsKeyframe } from './video-result.types.js';

/**
 * The category values a result item carries: chosen options, span labels or rectangle labels; none for
 * free text. One place that knows where each item type keeps its labels (class balance, consistency rules).
 */
export function itemLabels(item: ResultItem): readonly string[] {
  switch (item.type) {
    case 'choices':
      return item.value.choices;
    case 'labels':
      return item.value.labels;
    case 'rectanglelabels':
      return item.value.rectanglelabels;
    case 'polygonlabels':
      return item.value.polygonlabels;
    case 'keypointlabels':
      return item.value.keypointlabels;
    case 'videorectangle':
    case 'videopolygon':
    case 'videokeypoint':
    case 'videoevents':
      return item.value.labels;
    case 'brushlabels':
      return item.value.brushlabels;
    case 'polylinelabels':
      return item.value.polylinelabels;
    case 'turnchoices':
      return item.value.choices;
    case 'rating':
    case 'textarea':
    case 'pairwise':
    case 'ranker':
    case 'responserating':
    case 'responseedit':
    case 'groundedqa':
    case 'keyvalue':
    case 'readingorder':
      return [];
  }
}

/** The text of a textarea item, its lines joined with newlines. */
export function itemText(item: ResultItem): string | null {
  return item.type === 'textarea' ? item.value.text.join('\n') : null;
}

/** The rectangles a control drew, one entry per label (a rectangle with two labels counts under each). */
export function rectanglesOf(result: readonly ResultItem[], control: string): { rectangle: Rectangle; label: string }[] {
  return result.flatMap((r) => {
    if (r.from_name !== control || r.type !== 'rectanglelabels') return [];
    const { x, y, width, height, rotation } = r.value;
    const rectangle: Rectangle = rotation === undefined ? { x, y, width, height } : { x, y, width, height, rotation };
    return r.value.rectanglelabels.map((label) => ({ rectangle, label }));
  });
}

/** The text a textarea control holds in a result, or null when it has no item. */
export function textareaOf(result: readonly ResultItem[], control: string): string | null {
  const item = result.find((r) => r.from_name === control && r.type === 'textarea');
  return item ? itemText(item) : null;
}

/** The polygons a control drew (points in percent), one entry per label. */
export function polygonsOf(result: readonly ResultItem[], control: string): { points: [number, number][]; label: string }[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'polygonlabels' ? r.value.polygonlabels.map((label) => ({ points: r.value.points, label })) : []));
}

/** The points a control placed (percent of the image), one entry per label. */
export function keypointsOf(result: readonly ResultItem[], control: string): { x: number; y: number; label: string }[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'keypointlabels' ? r.value.keypointlabels.map((label) => ({ x: r.value.x, y: r.value.y, label })) : []));
}

/** The score a rating control gave in a result, or null when it has no item. */
export function ratingOf(result: readonly ResultItem[], control: string): number | null {
  const item = result.find((r) => r.from_name === control && r.type === 'rating');
  return item?.type === 'rating' ? item.value.rating : null;
}

/** The open paths a control drew (points in percent), one entry per label. */
export function polylinesOf(result: readonly ResultItem[], control: string): { points: [number, number][]; label: string }[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'polylinelabels' ? r.value.polylinelabels.map((label) => ({ points: r.value.points, label })) : []));
}

/** The masks a control painted (COCO RLE), one entry per label. */
export function masksOf(result: readonly ResultItem[], control: string): { rle: CocoRle; label: string }[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'brushlabels' ? r.value.brushlabels.map((label) => ({ rle: r.value.rle, label })) : []));
}

/** The tracks a videorectangle control drew, one entry per label (a track with two labels counts under each). */
export function tracksOf(result: readonly ResultItem[], control: string): { sequence: VideoKeyframe[]; framesCount: number; duration: number; label: string; attributes?: TrackAttributeValues }[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'videorectangle' ? r.value.labels.map((label) => ({ sequence: r.value.sequence, framesCount: r.value.framesCount, duration: r.value.duration, label, ...(r.value.attributes ? { attributes: r.value.attributes } : {}) })) : []));
}

/** The polygon or point tracks a videopolygon / videokeypoint control drew, one entry per label. */
export function pointTracksOf(result: readonly ResultItem[], control: string): { sequence: VideoPointsKeyframe[]; framesCount: number; duration: number; label: string; attributes?: TrackAttributeValues }[] {
  return result.flatMap((r) =>
    r.from_name === control && (r.type === 'videopolygon' || r.type === 'videokeypoint')
      ? r.value.labels.map((label) => ({ sequence: r.value.sequence, framesCount: r.value.framesCount, duration: r.value.duration, label, ...(r.value.attributes ? { attributes: r.value.attributes } : {}) }))
      : [],
  );
}

/** The events a videoevents control marked (frames, inclusive). */
export function eventsOf(result: readonly ResultItem[], control: string): { start: number; end: number; label: string }[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'videoevents' ? r.value.labels.map((label) => ({ start: r.value.start, end: r.value.end, label })) : []));
}
