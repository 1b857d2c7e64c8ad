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

export type ResultItem = ChoicesResultItem | LabelsResultItem;
export type AnnotationResult = ResultItem[];
