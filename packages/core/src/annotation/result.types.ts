/**
 * Annotation result items in Label Studio's shape, so results move between the two tools unchanged:
 * `{id, from_name, to_name, type, value}`. `from_name` is the control's name, `to_name` the data field's.
 */
import type { DialogueResultItem } from './dialogue-result.types.js';
import type { DocumentResultItem } from './document-result.types.js';
import type { GroundedQaResultItem } from './qa-result.types.js';
import type { TrackAttributeValues, VideoEventResultItem, VideoKeyPointResultItem, VideoPolygonResultItem } from './video-result.types.js';

/** Attribute values of an image region by name: text and choice as strings, number as numbers. */
export type RegionAttributeValues = Record<string, string | number>;

export interface ChoicesValue {
  choices: string[];
  /** A per-region answer (a perRegion control on audio) repeats its segment's bounds, seconds. */
  start?: number;
  end?: number;
}

/** A text span. `start`/`end` are Unicode code-point offsets into the field's text, end exclusive. */
export interface SpanValue {
  start: number;
  end: number;
  text: string;
  labels: string[];
}

export interface ChoicesResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'choices';
  value: ChoicesValue;
}

export interface LabelsResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'labels';
  value: SpanValue;
}

/**
 * A labelled time segment of an audio field (Label Studio's audio region): `start`/`end` in seconds from
 * the clip's start, start < end. Per-region items of other controls (transcript, speaker) carry the
 * segment's `id`.
 */
export interface AudioSegmentValue {
  start: number;
  end: number;
  labels: string[];
}

export interface AudioSegmentResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'labels';
  value: AudioSegmentValue;
}

/**
 * A labelled rectangle, Label Studio's shape: `x`, `y` (top-left corner), `width`, `height` in percent of
 * the image (0..100); `rotation` in degrees clockwise about the top-left corner (0 when absent).
 */
export interface RectangleValue {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
  rectanglelabels: string[];
  /** The control's region attributes (docs/label-config.md, Region attributes). */
  attributes?: RegionAttributeValues;
}

export interface RectangleLabelsResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'rectanglelabels';
  value: RectangleValue;
  /** The image's natural size when the box was drawn, as Label Studio records it (informative only). */
  original_width?: number;
  original_height?: number;
}

/** A labelled polygon: `points` are `[x, y]` in percent of the image, the ring implicitly closed. */
export interface PolygonValue {
  points: [number, number][];
  polygonlabels: string[];
  /** The control's region attributes (docs/label-config.md, Region attributes). */
  attributes?: RegionAttributeValues;
}

export interface PolygonLabelsResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'polygonlabels';
  value: PolygonValue;
  original_width?: number;
  original_height?: number;
}

/** A labelled point in percent of the image; `width` is the drawn marker's size (Label Studio keeps it). */
export interface KeyPointValue {
  x: number;
  y: number;
  width?: number;
  keypointlabels: string[];
  /** The control's region attributes (docs/label-config.md, Region attributes). */
  attributes?: RegionAttributeValues;
}

export interface KeyPointLabelsResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'keypointlabels';
  value: KeyPointValue;
  original_width?: number;
  original_height?: number;
}

/** A labelled open path: `points` are `[x, y]` in percent of the image, in drawing order, not closed. */
export interface PolylineValue {
  points: [number, number][];
  polylinelabels: string[];
  /** The control's region attributes (docs/label-config.md, Region attributes). */
  attributes?: RegionAttributeValues;
}

export interface PolylineLabelsResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'polylinelabels';
  value: PolylineValue;
  original_width?: number;
  original_height?: number;
}

/**
 * A labelled mask as COCO RLE: `rle.size` is [height, width] in pixels of the image's natural size, and
 * `rle.counts` the column-major run lengths (0s first), uncompressed or as pycocotools' compressed string.
 * `format` names the encoding so that another one (Label Studio's `rle`) can be told apart.
 */
export interface BrushValue {
  format: 'coco-rle';
  rle: { size: [number, number]; counts: number[] | string };
  brushlabels: string[];
  /** The control's region attributes (docs/label-config.md, Region attributes). */
  attributes?: RegionAttributeValues;
}

export interface BrushLabelsResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'brushlabels';
  value: BrushValue;
  original_width?: number;
  original_height?: number;
}

/** A score 1..maxRating (Label Studio's shape). A delivered label may hold a non-integer mean or median. */
export interface RatingValue {
  rating: number;
}

export interface RatingResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'rating';
  value: RatingValue;
}

/** Free text; Label Studio keeps one string per line of input in `text`. */
export interface TextAreaValue {
  text: string[];
  /** A per-region text (a segment's transcript) repeats its segment's bounds, seconds. */
  start?: number;
  end?: number;
}

export interface TextAreaResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'textarea';
  value: TextAreaValue;
}

/**
 * One keyframe of a video track, Label Studio's shape: `frame` is 1-based (frame 1 is the first), `time`
 * its timestamp in seconds; the box is in percent of the video's width and height. `enabled: false` ends
 * the track here (the object left the picture) until a later keyframe brings it back.
 */
export interface VideoKeyframe {
  frame: number;
  x: number;
  y: number;
  width: number;
  height: number;
  enabled: boolean;
  time: number;
  /** The control's mutable attributes from this keyframe on (video-result.types.ts). */
  attributes?: TrackAttributeValues;
}

/** A tracked box: keyframes sorted by frame, unique; `framesCount`/`duration` describe the video. */
export interface VideoRectangleValue {
  framesCount: number;
  duration: number;
  sequence: VideoKeyframe[];
  labels: string[];
  /** The control's track-wide attributes. */
  attributes?: TrackAttributeValues;
}

export interface VideoRectangleResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'videorectangle';
  value: VideoRectangleValue;
}

export type ResultItem = ChoicesResultItem | LabelsResultItem | AudioSegmentResultItem | RectangleLabelsResultItem | PolygonLabelsResultItem | KeyPointLabelsResultItem | BrushLabelsResultItem | PolylineLabelsResultItem | RatingResultItem | TextAreaResultItem | VideoRectangleResultItem | VideoPolygonResultItem | VideoKeyPointResultItem | VideoEventResultItem | DialogueResultItem | GroundedQaResultItem | DocumentResultItem;
export type AnnotationResult = ResultItem[];
