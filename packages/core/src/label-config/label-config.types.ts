/**
 * A project's label configuration: which data fields a task carries and which controls an annotator
 * applies to them. JSON, versioned, validated by `parseLabelConfig`.
 *
 * Designed to grow: new field types (image, audio, video, dialogue) and control types (rectangles,
 * polygons, transcription, ranking, relations) are added as new union members; `version` bumps only
 * when an existing member changes meaning.
 */
import type { GroundedQaControl } from './qa-controls.js';
import type { TextRules } from './text-rules.js';

export type { GroundedQaControl } from './qa-controls.js';
export type { TextRules } from './text-rules.js';

export type DataFieldType = 'text' | 'image' | 'video' | 'audio' | 'dialogue' | 'document';

export interface DataField {
  /**
   * Key in task.data, e.g. "text". Letters, digits, "_" and "-". A text field holds the text itself; an
   * image field holds the image's URL (http(s), a path on this server, or a `data:image/…` URL).
   */
  name: string;
  type: DataFieldType;
  /** Heading shown above the field in the workbench. */
  title?: string;
}

export interface ChoiceOption {
  value: string;
  title?: string;
  /** A single key (letter or digit) that toggles this option in the workbench. */
  hotkey?: string;
}

export interface SpanLabel {
  value: string;
  title?: string;
  /** CSS colour, "#rrggbb". */
  color: string;
  hotkey?: string;
}

/** Single or multiple choice over a whole data field (text classification). */
export interface ChoicesControl {
  type: 'choices';
  name: string;
  toName: string;
  title?: string;
  choice: 'single' | 'multiple';
  required?: boolean;
  options: ChoiceOption[];
  /**
   * One answer per time segment of the audio field instead of one per task (Label Studio's perRegion):
   * the segment's speaker, say. Needs a `labels` control on the same audio field.
   */
  perRegion?: boolean;
}

/** Named-entity spans on a text field. Offsets are Unicode code points, end exclusive. */
export interface LabelsControl {
  type: 'labels';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
}

/**
 * Labelled rectangles on an image field (Label Studio's RectangleLabels). Coordinates are percentages of
 * the image's width and height (0..100), so a result stays valid when the image is served at another size.
 */
export interface RectangleLabelsControl {
  type: 'rectanglelabels';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  /** Values every region of this control carries besides its label (docs/label-config.md, Region attributes). */
  attributes?: RegionAttribute[];
  /** Boxes may be turned (a rotation handle, Alt+R); stored as `rotation`, degrees about the top-left corner. */
  rotation?: boolean;
}

/** Labelled polygons on an image field (Label Studio's PolygonLabels); points in percent of the image. */
export interface PolygonLabelsControl {
  type: 'polygonlabels';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  /** Values every region of this control carries besides its label (docs/label-config.md, Region attributes). */
  attributes?: RegionAttribute[];
}

/**
 * Labelled points on an image field (Label Studio's KeyPointLabels); `skeleton` names pairs of labels
 * drawn joined (a pose: ["left_shoulder", "left_elbow"], …), for display and COCO keypoint export.
 */
export interface KeyPointLabelsControl {
  type: 'keypointlabels';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  /** Values every region of this control carries besides its label (docs/label-config.md, Region attributes). */
  attributes?: RegionAttribute[];
  skeleton?: [string, string][];
}

/**
 * Labelled open paths on an image field (lanes, cracks, wires, edges): like polygons but not closed, at
 * least two points. Label Studio's classic image editor has no such tag; the name follows its pattern.
 */
export interface PolylineLabelsControl {
  type: 'polylinelabels';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  /** Values every region of this control carries besides its label (docs/label-config.md, Region attributes). */
  attributes?: RegionAttribute[];
}

/**
 * Labelled pixel masks painted with a brush on an image field (Label Studio's BrushLabels). Stored as COCO
 * RLE rather than Label Studio's own RLE, so masks go to COCO and pycocotools without conversion.
 */
export interface BrushLabelsControl {
  type: 'brushlabels';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  /** Values every region of this control carries besides its label (docs/label-config.md, Region attributes). */
  attributes?: RegionAttribute[];
}

/**
 * A score on a 1..maxRating scale about a field (Label Studio's Rating): a Likert item when `descriptions`
 * names each level ("1 = 完全无用" … "5 = 非常有用"). Several annotators' scores are combined by `aggregate`
 * (median by default: one rater far off cannot move it).
 */
export interface RatingControl {
  type: 'rating';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  maxRating: number;
  /** One text per level, level 1 first. */
  descriptions?: string[];
  aggregate?: 'mean' | 'median';
  /** Keys 1..maxRating pick the level when true (the default): a single rating per task makes that safe. */
  hotkeys?: boolean;
}

/**
 * Free text about a field: a transcription of an image or of speech, a caption, a correction (Label
 * Studio's TextArea). `unit` says how several annotators' texts are combined (ROVER over characters, the
 * default, for Chinese; over whitespace-separated words otherwise) and how they are compared (CER or WER).
 */
export interface TextAreaControl {
  type: 'textarea';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  placeholder?: string;
  /** Longest text accepted, in code points. */
  maxLength?: number;
  unit?: 'char' | 'word';
  /**
   * One text per time segment of the audio field (Label Studio's perRegion): the segment's transcript.
   * Needs a `labels` control on the same audio field.
   */
  perRegion?: boolean;
  /** Transcription conventions every text of this control must keep, checked on submit. */
  conventions?: TranscriptConventionsConfig;
}

/**
 * A project's transcription conventions (core's `checkTranscript`): bracketed tags such as [noise] and
 * [laughter], the unintelligible mark, and number and punctuation rules.
 */
export interface TranscriptConventionsConfig {
  /** Tag names allowed inside square brackets, e.g. ["noise", "laughter"]. */
  tags: string[];
  /** The whole mark for unintelligible speech, e.g. "[unk]" or "((…))"; unset = none is allowed. */
  unintelligible?: string;
  /** `words`: numbers are written out (二零二四 / twenty), no digits 0-9; `any` (default): either. */
  numbers?: 'any' | 'words';
  /** `none`: no punctuation marks besides tags and the unintelligible mark; `any` (default): allowed. */
  punctuation?: 'any' | 'none';
}

/**
 * Labelled boxes tracked through a video field (Label Studio's VideoRectangle): each track is a list of
 * keyframes, and the boxes between keyframes are interpolated (`interpolateTrack`).
 */
export interface VideoRectangleControl {
  type: 'videorectangle';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  /** Attributes every track of this control carries (docs/label-config.md, Track attributes). */
  attributes?: TrackAttribute[];
}

/**
 * Polygons tracked through a video field (our extension; Label Studio tracks only rectangles): keyframes
 * hold the polygon's vertices, and between two keyframes with as many vertices each vertex moves linearly;
 * when the counts differ the earlier shape is held until the next keyframe (`interpolatePoints`).
 */
export interface VideoPolygonControl {
  type: 'videopolygon';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  attributes?: TrackAttribute[];
}

/**
 * Points tracked through a video field (CVAT's `points` track): each keyframe holds one or more points,
 * interpolated like polygon vertices.
 */
export interface VideoKeyPointControl {
  type: 'videokeypoint';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  attributes?: TrackAttribute[];
}

/**
 * A value a track carries besides its label (CVAT's attributes): `text`, `number` or `choice` (one of
 * `options`). `mutable: true` makes it a per-keyframe value (it may change along the track, like CVAT's
 * mutable attributes); otherwise it is one value for the whole track. `required` asks for a value.
 */
export interface TrackAttribute {
  name: string;
  type: 'text' | 'number' | 'choice';
  options?: string[];
  mutable?: boolean;
  required?: boolean;
}

/**
 * A value an image region carries besides its label: the same declaration as a track attribute, without
 * `mutable` (an image region has no keyframes). Stored on the item's value as `attributes: {name: value}`.
 */
export type RegionAttribute = Omit<TrackAttribute, 'mutable'>;

/**
 * Temporal segments (events) of a video field: `{start, end}` in frames with one label, drawn on the
 * timeline. Events of one label may not overlap unless `allowOverlap` is true.
 */
export interface VideoEventsControl {
  type: 'videoevents';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  labels: SpanLabel[];
  allowOverlap?: boolean;
}

/**
 * Pairwise preference between a dialogue's first two candidates (Label Studio's Pairwise: `left` is
 * candidate 0, shown as A; `right` is candidate 1, B), plus `tie`. `reason` says whether a written reason
 * is asked for (`optional`, the default) or required (`required`).
 */
export interface PairwiseControl {
  type: 'pairwise';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  /** `false` refuses "tie" (a forced choice). Default true. */
  allowTie?: boolean;
  reason?: 'optional' | 'required';
}

/** A full ranking of a dialogue's candidates, best first (the role of Label Studio's Ranker). */
export interface RankerControl {
  type: 'ranker';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
}

/**
 * A Likert score per candidate of a dialogue (the reward-model signal): like `rating`, one score for each
 * candidate, 1..maxRating, with optional per-level `descriptions`.
 */
export interface ResponseRatingControl {
  type: 'responserating';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  maxRating: number;
  descriptions?: string[];
  aggregate?: 'mean' | 'median';
}

/**
 * Labels per turn of a dialogue (e.g. safety risks of a user or assistant message): one item per labelled
 * turn. `roles` limits which turns may be labelled (all by default). `safety: true` marks the labels as
 * safety findings: a task that gets any goes to review at 100 % (docs/llm-data.md).
 */
export interface TurnChoicesControl {
  type: 'turnchoices';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  choice: 'single' | 'multiple';
  options: ChoiceOption[];
  roles?: ('system' | 'user' | 'assistant')[];
  safety?: boolean;
}

/**
 * A candidate rewritten into a corrected "gold" answer; the result keeps the original and a unified
 * diff against it (computed by the server, not trusted from the client). On a conversation that ends
 * with a user turn (no candidate) it is the answer written from scratch (instruction data): response 0,
 * original "".
 */
export interface ResponseEditControl {
  type: 'responseedit';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  /** Longest answer accepted, in code points. */
  maxLength?: number;
  /** Shortest answer accepted, in code points (a rule checked on submit). */
  minLength?: number;
  /** Format rules on the answer (pattern, forbidden phrases, valid JSON …), checked on submit. */
  rules?: TextRules;
  /**
   * Prompt–response writing: the annotator may also write or rewrite the prompt (the last user message;
   * appended when the conversation has none), stored as the result's `prompt`.
   */
  editablePrompt?: boolean;
  /** Rules on the written prompt (with `editablePrompt`). */
  promptRules?: TextRules;
}

/**
 * Key–value extraction on a document field (docs/documents.md): each result item links one of `keys` (the
 * form's field labels, e.g. 发文字号) to the span or box holding its value, and optionally to the span or
 * box where the key is printed.
 */
export interface KeyValueControl {
  type: 'keyvalue';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  keys: ChoiceOption[];
}

/** The reading order of a document field's boxes: one result item listing box ids, first read first. */
export interface ReadingOrderControl {
  type: 'readingorder';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
}

export type Control = ChoicesControl | LabelsControl | RectangleLabelsControl | PolygonLabelsControl | KeyPointLabelsControl | BrushLabelsControl | PolylineLabelsControl | RatingControl | TextAreaControl | VideoRectangleControl | VideoPolygonControl | VideoKeyPointControl | VideoEventsControl | PairwiseControl | RankerControl | ResponseRatingControl | TurnChoicesControl | ResponseEditControl | GroundedQaControl | KeyValueControl | ReadingOrderControl;
export type ControlType = Control['type'];

export interface LabelConfig {
  version: 1;
  fields: DataField[];
  controls: Control[];
}
