/**
 * Annotation result items in Label Studio's shape, so results move between the two tools unchanged:
 * `{id, from_name, to_name, type, value}`. `from_name` is the control's name, `to_name` the data field's.
 */
export interface ChoicesValue {
  choices: string[];
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
}

export interface TextAreaResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'textarea';
  value: TextAreaValue;
}

export type ResultItem = ChoicesResultItem | LabelsResultItem | RectangleLabelsResultItem | PolygonLabelsResultItem | KeyPointLabelsResultItem | RatingResultItem | TextAreaResultItem;
export type AnnotationResult = ResultItem[];
