/**
 * A project's label configuration: which data fields a task carries and which controls an annotator
 * applies to them. JSON, versioned, validated by `parseLabelConfig`.
 *
 * Designed to grow: new field types (image, audio, video, dialogue) and control types (rectangles,
 * polygons, transcription, ranking, relations) are added as new union members; `version` bumps only
 * when an existing member changes meaning.
 */
export type DataFieldType = 'text';

export interface DataField {
  /** Key in task.data, e.g. "text". Letters, digits, "_" and "-". */
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

export type Control = ChoicesControl | LabelsControl;
export type ControlType = Control['type'];

export interface LabelConfig {
  version: 1;
  fields: DataField[];
  controls: Control[];
}
