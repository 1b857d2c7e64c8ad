/**
 * Checking a submitted annotation result against the project's label config and the task's data.
 * This is the gate between the workbench (or an importer of Label Studio results) and storage: whatever
 * passes here can be exported and measured without further defensive code.
 */
import Type from 'typebox';
import type { ChoicesControl, Control, LabelConfig, LabelsControl } from '../label-config/label-config.types.js';
import { CodePointIndex, sliceCodePoints } from '../text/code-points.js';
import { schemaIssues } from '../validation/validate-schema.js';
import { ValidationError, formatPath, type ValidationIssue } from '../validation/validation-error.js';
import type { AnnotationResult, ChoicesResultItem, LabelsResultItem, ResultItem } from './result.types.js';

// Items may carry Label Studio's extra keys (origin, score, readonly …); we ignore them rather than
// reject results exported from Label Studio.
const ResultShape = Type.Array(
  Type.Object(
    { id: Type.String(), from_name: Type.String(), to_name: Type.String(), type: Type.String(), value: Type.Record(Type.String(), Type.Unknown()) },
    { additionalProperties: true },
  ),
);
const ChoicesValueShape = Type.Object({ choices: Type.Array(Type.String()) }, { additionalProperties: true });
const SpanValueShape = Type.Object(
  { start: Type.Integer(), end: Type.Integer(), text: Type.String(), labels: Type.Array(Type.String()) },
  { additionalProperties: true },
);

interface RawItem {
  id: string;
  from_name: string;
  to_name: string;
  type: string;
  value: Record<string, unknown>;
}

/** The text of a span given in code-point offsets (end exclusive), as stored in `value.text`. */
export function spanText(text: string, start: number, end: number): string {
  return sliceCodePoints(text, start, end);
}

/**
 * Validates an untrusted result for a task; returns a normalised copy holding only the fields Yungang
 * understands. Throws ValidationError with paths like `result[2].value.end`.
 */
export function validateResult(config: LabelConfig, data: Record<string, unknown>, result: unknown): AnnotationResult {
  const shapeIssues = schemaIssues(ResultShape, result, 'result');
  if (shapeIssues.length > 0) throw new ValidationError(shapeIssues);
  const items = result as RawItem[];

  const issues: ValidationIssue[] = [];
  const issue: Issue = (segments, message) => {
    issues.push({ path: formatPath(['result', ...segments]), message });
  };
  const report: Report = { issue, add: (found) => issues.push(...found) };
  const controls = new Map<string, Control>(config.controls.map((c) => [c.name, c]));
  const controlList = config.controls.map((c) => c.name).join(', ');
  const texts = new Map<string, { text: string; index: CodePointIndex } | null>();
  const textOf = (field: string): { text: string; index: CodePointIndex } | null => {
    let entry = texts.get(field);
    if (entry === undefined) {
      const value = data[field];
      entry = typeof value === 'string' ? { text: value, index: new CodePointIndex(value) } : null;
      texts.set(field, entry);
    }
    return entry;
  };

  const ids = new Map<string, number>();
  const choicesItemOf = new Map<string, number>();
  const annotated = new Set<string>();
  const out: ResultItem[] = [];

  items.forEach((item, i) => {
    if (item.id === '') issue([i, 'id'], 'must not be empty');
    const sameId = ids.get(item.id);
    if (sameId !== undefined) issue([i, 'id'], `duplicate id ${JSON.stringify(item.id)} (also result[${sameId}])`);
    else ids.set(item.id, i);

    const control = controls.get(item.from_name);
    if (control === undefined) {
      issue([i, 'from_name'], `no control named ${JSON.stringify(item.from_name)} (controls: ${controlList})`);
      return;
    }
    annotated.add(control.name);
    if (item.to_name !== control.toName) {
      issue([i, 'to_name'], `must be ${JSON.stringify(control.toName)}, the field control "${control.name}" annotates`);
    }
    if (item.type !== control.type) {
      issue([i, 'type'], `must be ${JSON.stringify(control.type)}, the type of control "${control.name}"`);
      return;
    }
    const checked = control.type === 'choices' ? checkChoices(control, item, i, report, choicesItemOf) : checkSpan(control, item, i, report, textOf);
    // `out` is only returned when there are no issues at all, so partial items never escape.
    if (checked !== undefined) out.push(checked);
  });

  for (const control of config.controls) {
    // An item that names the control but is invalid has its own issue; "required" would only add noise.
    if (control.required === true && !annotated.has(control.name)) {
      issues.push({ path: 'result', message: `control "${control.name}" is required but has no result item` });
    }
  }

  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

type Issue = (segments: (string | number)[], message: string) => void;
interface Report {
  /** Adds an issue at `result` + segments. */
  issue: Issue;
  /** Adds already-rendered issues. */
  add: (issues: ValidationIssue[]) => void;
}

function checkChoices(control: ChoicesControl, item: RawItem, i: number, { issue, add }: Report, choicesItemOf: Map<string, number>): ChoicesResultItem | undefined {
  const earlier = choicesItemOf.get(control.name);
  if (earlier !== undefined) issue([i], `second choices item for control "${control.name}" (first is result[${earlier}]); put all chosen values in one item`);
  else choicesItemOf.set(control.name, i);

  const shape = schemaIssues(ChoicesValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const choices = item.value.choices as string[];
  // One representation for "nothing chosen": no item. An empty item would count as answering a required control.
  if (choices.length === 0) issue([i, 'value', 'choices'], 'must hold at least one value; omit the item when nothing is chosen');
  if (control.choice === 'single' && choices.length > 1) issue([i, 'value', 'choices'], `control "${control.name}" is single-choice, got ${choices.length} values`);
  const allowed = new Set(control.options.map((o) => o.value));
  const seen = new Set<string>();
  choices.forEach((choice, c) => {
    if (!allowed.has(choice)) issue([i, 'value', 'choices', c], `${JSON.stringify(choice)} is not an option of "${control.name}" (options: ${[...allowed].join(', ')})`);
    if (seen.has(choice)) issue([i, 'value', 'choices', c], `duplicate value ${JSON.stringify(choice)}`);
    seen.add(choice);
  });
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'choices', value: { choices: [...choices] } };
}

function checkSpan(
  control: LabelsControl,
  item: RawItem,
  i: number,
  { issue, add }: Report,
  textOf: (field: string) => { text: string; index: CodePointIndex } | null,
): LabelsResultItem | undefined {
  const shape = schemaIssues(SpanValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { start, end, text, labels } = item.value as { start: number; end: number; text: string; labels: string[] };
  const source = textOf(control.toName);
  if (source === null) {
    issue([i, 'to_name'], `task data has no text in field "${control.toName}"`);
    return undefined;
  }
  const length = source.index.length;
  let rangeOk = true;
  if (start < 0) {
    issue([i, 'value', 'start'], `must be ≥ 0, got ${start}`);
    rangeOk = false;
  } else if (start >= length) {
    issue([i, 'value', 'start'], `must be < ${length}, the length of "${control.toName}" in code points, got ${start}`);
    rangeOk = false;
  }
  if (end <= start) {
    issue([i, 'value', 'end'], `must be greater than start (${start}), got ${end}`);
    rangeOk = false;
  } else if (end > length) {
    issue([i, 'value', 'end'], `must be ≤ ${length}, the length of "${control.toName}" in code points, got ${end}`);
    rangeOk = false;
  }
  if (rangeOk) {
    const expected = source.text.slice(source.index.toUtf16(start), source.index.toUtf16(end));
    if (expected !== text) issue([i, 'value', 'text'], `does not match the data at ${start}..${end}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(text)}`);
  }
  if (labels.length === 0) issue([i, 'value', 'labels'], 'must hold at least one label');
  const allowed = new Set(control.labels.map((l) => l.value));
  const seen = new Set<string>();
  labels.forEach((label, l) => {
    if (!allowed.has(label)) issue([i, 'value', 'labels', l], `${JSON.stringify(label)} is not a label of "${control.name}" (labels: ${[...allowed].join(', ')})`);
    if (seen.has(label)) issue([i, 'value', 'labels', l], `duplicate label ${JSON.stringify(label)}`);
    seen.add(label);
  });
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'labels', value: { start, end, text, labels: [...labels] } };
}
