/**
 * Checking a submitted annotation result against the project's label config and the task's data.
 * This is the gate between the workbench (or an importer of Label Studio results) and storage: whatever
 * passes here can be exported and measured without further defensive code.
 */
import Type from 'typebox';
import type { BrushLabelsControl, PolylineLabelsControl, ChoicesControl, Control, KeyPointLabelsControl, LabelConfig, LabelsControl, PolygonLabelsControl, RatingControl, RectangleLabelsControl, TextAreaControl, VideoEventsControl, VideoKeyPointControl, VideoPolygonControl, VideoRectangleControl } from '../label-config/label-config.types.js';
import { checkEventOverlaps, checkVideoEventItem, checkVideoPointsItem, checkVideoRectangleItem } from './validate-video-result.js';
import { checkDialogueItem } from './validate-dialogue-result.js';
import { checkDocumentItem, checksAsDocumentItem, isDocumentControl } from './validate-document-result.js';
import { checkGroundedQaItem } from './validate-qa-result.js';
import { checkAudioSegmentItem, checkRegionLink, isPerRegionControl, isSegmentControl, segmentBoundsById } from './validate-segment-result.js';
import { checkTranscript } from './transcript-conventions.js';
import { checkRegionAttributes } from './region-attributes.js';
import { CodePointIndex, sliceCodePoints } from '../text/code-points.js';
import { schemaIssues } from '../validation/validate-schema.js';
import { rleArea, rleProblem } from '../metrics/masks/coco-rle.js';
import { sizeOf } from '../formats/image-size.js';
import { ValidationError, formatPath, type ValidationIssue } from '../validation/validation-error.js';
import type {
  AnnotationResult,
  BrushLabelsResultItem,
  PolylineLabelsResultItem,
  ChoicesResultItem,
  KeyPointLabelsResultItem,
  LabelsResultItem,
  PolygonLabelsResultItem,
  RatingResultItem,
  RectangleLabelsResultItem,
  ResultItem,
  TextAreaResultItem,
} from './result.types.js';

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
const RectangleValueShape = Type.Object(
  { x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number(), rotation: Type.Optional(Type.Number()), rectanglelabels: Type.Array(Type.String()) },
  { additionalProperties: true },
);
const PolygonValueShape = Type.Object(
  { points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])), polygonlabels: Type.Array(Type.String()) },
  { additionalProperties: true },
);
const KeyPointValueShape = Type.Object(
  { x: Type.Number(), y: Type.Number(), width: Type.Optional(Type.Number()), keypointlabels: Type.Array(Type.String()) },
  { additionalProperties: true },
);
const PolylineValueShape = Type.Object(
  { points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])), polylinelabels: Type.Array(Type.String()) },
  { additionalProperties: true },
);
const BrushValueShape = Type.Object(
  {
    format: Type.Literal('coco-rle'),
    rle: Type.Object({ size: Type.Tuple([Type.Integer(), Type.Integer()]), counts: Type.Union([Type.Array(Type.Integer()), Type.String()]) }, { additionalProperties: false }),
    brushlabels: Type.Array(Type.String()),
  },
  { additionalProperties: true },
);
const RatingValueShape = Type.Object({ rating: Type.Number() }, { additionalProperties: true });
const TextAreaValueShape = Type.Object({ text: Type.Array(Type.String()) }, { additionalProperties: true });

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
  // Controls that take one item per annotation (choices, textarea) → the index of that item.
  const singleItemOf = new Map<string, number>();
  const annotated = new Set<string>();
  const out: ResultItem[] = [];
  // Where each event came from, for the overlap check that runs once all items are read.
  const eventIndex = new Map<ResultItem, number>();

  // Per-region answers (a segment's transcript, speaker) carry their segment's id, so ids repeat there.
  const segments = segmentBoundsById(config, items);
  items.forEach((item, i) => {
    if (item.id === '') issue([i, 'id'], 'must not be empty');
    const perRegion = controls.get(item.from_name);
    if (perRegion === undefined || !isPerRegionControl(perRegion)) {
      const sameId = ids.get(item.id);
      if (sameId !== undefined) issue([i, 'id'], `duplicate id ${JSON.stringify(item.id)} (also result[${sameId}])`);
      else ids.set(item.id, i);
    }

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
    if (isSegmentControl(config, control)) {
      const duration = typeof data['duration'] === 'number' && data['duration'] > 0 ? data['duration'] : undefined;
      const segment = checkAudioSegmentItem(item, i, duration, issue, report.add, (labels, at) => checkLabelList(control as LabelsControl, labels, at, issue));
      if (segment !== undefined) out.push(segment);
      return;
    }
    if (checksAsDocumentItem(control) && isDocumentControl(config, control)) {
      const checked = checkDocumentItem(control, item, i, items, data, { issue, add: report.add, singleItemOf, checkLabels: (labels, at) => checkLabelList(control as LabelsControl, labels, at, issue) });
      if (checked !== undefined) out.push(checked);
      return;
    }
    const bounds = isPerRegionControl(control) ? checkRegionLink(item, i, segments, issue) : undefined;
    const checked = checkItem(control, item, i, report, singleItemOf, textOf, data);
    // `out` is only returned when there are no issues at all, so partial items never escape.
    if (checked === undefined) return;
    // A per-region answer is stored with its segment's bounds, as Label Studio writes it.
    if (bounds !== undefined && checked.type === 'textarea') out.push({ ...checked, value: { ...checked.value, ...bounds } });
    else if (bounds !== undefined && checked.type === 'choices') out.push({ ...checked, value: { ...checked.value, ...bounds } });
    else out.push(checked);
    if (checked.type === 'videoevents') eventIndex.set(checked, i);
  });
  checkEventOverlaps(config.controls, out, (item) => eventIndex.get(item) ?? 0, issue);

  for (const control of config.controls) {
    // An item that names the control but is invalid has its own issue; "required" would only add noise.
    if (control.required === true && !annotated.has(control.name)) {
      issues.push({ path: 'result', message: `control "${control.name}" is required but has no result item` });
    }
  }

  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

function checkItem(
  control: Control,
  item: RawItem,
  i: number,
  report: Report,
  singleItemOf: Map<string, number>,
  textOf: (field: string) => { text: string; index: CodePointIndex } | null,
  data: Record<string, unknown>,
): ResultItem | undefined {
  switch (control.type) {
    case 'choices':
      return checkChoices(control, item, i, report, singleItemOf);
    case 'labels':
      return checkSpan(control, item, i, report, textOf);
    case 'rectanglelabels':
      return checkRectangle(control, item, i, report);
    case 'polygonlabels':
      return checkPolygon(control, item, i, report);
    case 'keypointlabels':
      return checkKeyPoint(control, item, i, report);
    case 'brushlabels':
      return checkBrush(control, item, i, report, data);
    case 'polylinelabels':
      return checkPolyline(control, item, i, report);
    case 'rating':
      return checkRating(control, item, i, report, singleItemOf);
    case 'textarea':
      return checkTextArea(control, item, i, report, singleItemOf);
    case 'videorectangle':
    case 'videopolygon':
    case 'videokeypoint':
    case 'videoevents': {
      // A video task's data states its frame count (media intake writes `frames`); keyframes must lie within it.
      const frames = typeof data['frames'] === 'number' ? data['frames'] : undefined;
      const check = { frames, issue: report.issue, add: report.add, checkLabels: (labels: readonly string[], at: (string | number)[]) => checkLabelList(control, labels, at, report.issue) };
      if (control.type === 'videoevents') return checkVideoEventItem(item, i, check);
      if (control.type === 'videorectangle') return checkVideoRectangleItem(item, i, { ...check, attributes: control.attributes });
      return checkVideoPointsItem(control.type, item, i, { ...check, attributes: control.attributes });
    }
    case 'pairwise':
    case 'ranker':
    case 'responserating':
    case 'turnchoices':
    case 'responseedit':
      return checkDialogueItem(control, item, i, data, singleItemOf, report.issue, report.add);
    case 'keyvalue':
    case 'readingorder':
      // Only on document fields (CONTROL_TARGETS), which validateResult hands to checkDocumentItem first.
      return undefined;
    case 'groundedqa': {
      const passage = data[control.toName];
      return checkGroundedQaItem(control, item, i, typeof passage === 'string' ? passage : undefined, singleItemOf, report.issue, report.add);
    }
  }
}

type Issue = (segments: (string | number)[], message: string) => void;
interface Report {
  /** Adds an issue at `result` + segments. */
  issue: Issue;
  /** Adds already-rendered issues. */
  add: (issues: ValidationIssue[]) => void;
}

function checkChoices(control: ChoicesControl, item: RawItem, i: number, { issue, add }: Report, singleItemOf: Map<string, number>): ChoicesResultItem | undefined {
  const key = singleItemKey(control, item);
  const earlier = singleItemOf.get(key);
  if (earlier !== undefined) issue([i], `second choices item for control "${control.name}"${regionNote(control, item)} (first is result[${earlier}]); put all chosen values in one item`);
  else singleItemOf.set(key, i);

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
  checkLabelList(control, labels, [i, 'value', 'labels'], issue);
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'labels', value: { start, end, text, labels: [...labels] } };
}

/** How far past 0..100 a coordinate may stray: browsers round percentages, and Label Studio stores them as drawn. */
const EDGE_SLACK = 1e-6;

function checkRectangle(control: RectangleLabelsControl, item: RawItem, i: number, { issue, add }: Report): RectangleLabelsResultItem | undefined {
  const shape = schemaIssues(RectangleValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { x, y, width, height, rotation, rectanglelabels } = item.value as unknown as RectangleLabelsResultItem['value'];
  const at = (key: string): (string | number)[] => [i, 'value', key];
  for (const [key, v] of [['x', x], ['y', y], ['width', width], ['height', height]] as const) {
    if (!Number.isFinite(v)) issue(at(key), `must be a finite number, got ${String(v)}`);
  }
  if (width <= 0) issue(at('width'), `must be greater than 0 (percent of the image width), got ${width}`);
  if (height <= 0) issue(at('height'), `must be greater than 0 (percent of the image height), got ${height}`);
  const turned = rotation !== undefined && rotation % 360 !== 0;
  if (rotation !== undefined && !Number.isFinite(rotation)) issue(at('rotation'), `must be a finite number of degrees, got ${String(rotation)}`);
  // A rotated box may legitimately reach past the frame's edges with its corners; only its anchor must be inside.
  if (x < -EDGE_SLACK || x > 100 + EDGE_SLACK) issue(at('x'), `must be within 0..100 (percent of the image width), got ${x}`);
  if (y < -EDGE_SLACK || y > 100 + EDGE_SLACK) issue(at('y'), `must be within 0..100 (percent of the image height), got ${y}`);
  if (!turned && width > 0 && x + width > 100 + EDGE_SLACK) issue(at('width'), `x + width must be ≤ 100 (the box leaves the image), got ${x + width}`);
  if (!turned && height > 0 && y + height > 100 + EDGE_SLACK) issue(at('height'), `y + height must be ≤ 100 (the box leaves the image), got ${y + height}`);
  checkLabelList(control, rectanglelabels, [i, 'value', 'rectanglelabels'], issue);
  const value: RectangleLabelsResultItem['value'] = { x, y, width, height, rectanglelabels: [...rectanglelabels] };
  if (turned) value.rotation = rotation;
  const attributes = checkRegionAttributes(control.attributes, item.value['attributes'], [i, 'value', 'attributes'], issue);
  if (attributes) value.attributes = attributes;
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'rectanglelabels', value };
}

function checkTextArea(control: TextAreaControl, item: RawItem, i: number, { issue, add }: Report, singleItemOf: Map<string, number>): TextAreaResultItem | undefined {
  const key = singleItemKey(control, item);
  const earlier = singleItemOf.get(key);
  if (earlier !== undefined) issue([i], `second textarea item for control "${control.name}"${regionNote(control, item)} (first is result[${earlier}]); put the whole text in one item`);
  else singleItemOf.set(key, i);
  const shape = schemaIssues(TextAreaValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const text = item.value.text as string[];
  // As with choices: an empty answer is no item, so "required" means something.
  if (text.join('').trim() === '') issue([i, 'value', 'text'], 'must hold some text; omit the item when there is nothing to write');
  const length = text.reduce((n, line) => n + Array.from(line).length, 0);
  if (control.maxLength !== undefined && length > control.maxLength) {
    issue([i, 'value', 'text'], `is ${length} characters long; control "${control.name}" accepts at most ${control.maxLength}`);
  }
  if (control.conventions !== undefined) {
    // Offsets are per line, so the path names the line the annotator has to fix.
    // A segment's transcript names its segment's time, which the annotator sees, rather than only a path.
    const start = item.value['start'];
    const end = item.value['end'];
    const where = control.perRegion === true && typeof start === 'number' && typeof end === 'number' ? ` (segment ${start}–${end} s)` : '';
    text.forEach((line, l) => {
      for (const problem of checkTranscript(line, control.conventions!)) issue([i, 'value', 'text', l], `breaks the transcription conventions${where} ${problem.message}`);
    });
  }
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'textarea', value: { text: [...text] } };
}

/** Polygons have at least three corners, all inside the image (percent), and a non-zero area. */
function checkPolygon(control: PolygonLabelsControl, item: RawItem, i: number, { issue, add }: Report): PolygonLabelsResultItem | undefined {
  const shape = schemaIssues(PolygonValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { points, polygonlabels } = item.value as unknown as PolygonLabelsResultItem['value'];
  if (points.length < 3) issue([i, 'value', 'points'], `a polygon needs at least 3 points, got ${points.length}`);
  points.forEach(([x, y], p) => {
    if (!Number.isFinite(x) || x < -EDGE_SLACK || x > 100 + EDGE_SLACK) issue([i, 'value', 'points', p, 0], `x must be within 0..100 (percent of the image width), got ${x}`);
    if (!Number.isFinite(y) || y < -EDGE_SLACK || y > 100 + EDGE_SLACK) issue([i, 'value', 'points', p, 1], `y must be within 0..100 (percent of the image height), got ${y}`);
  });
  if (points.length >= 3 && shoelace(points) === 0) issue([i, 'value', 'points'], 'the polygon has no area (its points are on one line)');
  checkLabelList(control, polygonlabels, [i, 'value', 'polygonlabels'], issue);
  const attributes = checkRegionAttributes(control.attributes, item.value['attributes'], [i, 'value', 'attributes'], issue);
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'polygonlabels', value: { points: points.map(([x, y]) => [x, y] as [number, number]), polygonlabels: [...polygonlabels], ...(attributes ? { attributes } : {}) } };
}

/** An open path has at least two points, all inside the image (percent), and some length. */
function checkPolyline(control: PolylineLabelsControl, item: RawItem, i: number, { issue, add }: Report): PolylineLabelsResultItem | undefined {
  const shape = schemaIssues(PolylineValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { points, polylinelabels } = item.value as unknown as PolylineLabelsResultItem['value'];
  if (points.length < 2) issue([i, 'value', 'points'], `a polyline needs at least 2 points, got ${points.length}`);
  points.forEach(([x, y], p) => {
    if (!Number.isFinite(x) || x < -EDGE_SLACK || x > 100 + EDGE_SLACK) issue([i, 'value', 'points', p, 0], `x must be within 0..100 (percent of the image width), got ${x}`);
    if (!Number.isFinite(y) || y < -EDGE_SLACK || y > 100 + EDGE_SLACK) issue([i, 'value', 'points', p, 1], `y must be within 0..100 (percent of the image height), got ${y}`);
  });
  if (points.length >= 2 && points.every(([x, y]) => x === points[0]![0] && y === points[0]![1])) issue([i, 'value', 'points'], 'the polyline has no length (all its points are the same)');
  checkLabelList(control, polylinelabels, [i, 'value', 'polylinelabels'], issue);
  const attributes = checkRegionAttributes(control.attributes, item.value['attributes'], [i, 'value', 'attributes'], issue);
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'polylinelabels', value: { points: points.map(([x, y]) => [x, y] as [number, number]), polylinelabels: [...polylinelabels], ...(attributes ? { attributes } : {}) } };
}

function shoelace(points: readonly [number, number][]): number {
  let twice = 0;
  points.forEach(([x, y], p) => {
    const [nx, ny] = points[(p + 1) % points.length]!;
    twice += x * ny - nx * y;
  });
  return Math.abs(twice) / 2;
}

function checkKeyPoint(control: KeyPointLabelsControl, item: RawItem, i: number, { issue, add }: Report): KeyPointLabelsResultItem | undefined {
  const shape = schemaIssues(KeyPointValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { x, y, width, keypointlabels } = item.value as unknown as KeyPointLabelsResultItem['value'];
  if (!Number.isFinite(x) || x < -EDGE_SLACK || x > 100 + EDGE_SLACK) issue([i, 'value', 'x'], `must be within 0..100 (percent of the image width), got ${x}`);
  if (!Number.isFinite(y) || y < -EDGE_SLACK || y > 100 + EDGE_SLACK) issue([i, 'value', 'y'], `must be within 0..100 (percent of the image height), got ${y}`);
  if (width !== undefined && !(width >= 0 && Number.isFinite(width))) issue([i, 'value', 'width'], `must be a size ≥ 0 in percent, got ${width}`);
  checkLabelList(control, keypointlabels, [i, 'value', 'keypointlabels'], issue);
  const value: KeyPointLabelsResultItem['value'] = { x, y, keypointlabels: [...keypointlabels] };
  if (width !== undefined) value.width = width;
  const attributes = checkRegionAttributes(control.attributes, item.value['attributes'], [i, 'value', 'attributes'], issue);
  if (attributes) value.attributes = attributes;
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'keypointlabels', value };
}

/**
 * A mask is COCO RLE whose runs cover exactly its size; when the task data states the image's size
 * (`width`/`height`, as image imports store it) the mask must have that size, since its pixels are the
 * image's pixels. An empty mask is no item, as with empty text. Counts are kept in the form sent.
 */
function checkBrush(control: BrushLabelsControl, item: RawItem, i: number, { issue, add }: Report, data: Record<string, unknown>): BrushLabelsResultItem | undefined {
  const shape = schemaIssues(BrushValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { rle, brushlabels } = item.value as unknown as BrushLabelsResultItem['value'];
  const problem = rleProblem(rle);
  if (problem !== null) issue([i, 'value', 'rle'], problem);
  else if (rleArea(rle) === 0) issue([i, 'value', 'rle'], 'the mask has no pixels set; omit the item when nothing is painted');
  const size = sizeOf(data.width, data.height);
  if (size && (rle.size[0] !== size.height || rle.size[1] !== size.width)) {
    issue([i, 'value', 'rle', 'size'], `must be [${size.height}, ${size.width}], the image's [height, width] in the task data, got ${JSON.stringify(rle.size)}`);
  }
  checkLabelList(control, brushlabels, [i, 'value', 'brushlabels'], issue);
  const counts = typeof rle.counts === 'string' ? rle.counts : [...rle.counts];
  const attributes = checkRegionAttributes(control.attributes, item.value['attributes'], [i, 'value', 'attributes'], issue);
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'brushlabels', value: { format: 'coco-rle', rle: { size: [rle.size[0], rle.size[1]], counts }, brushlabels: [...brushlabels], ...(attributes ? { attributes } : {}) } };
}

function checkRating(control: RatingControl, item: RawItem, i: number, { issue, add }: Report, singleItemOf: Map<string, number>): RatingResultItem | undefined {
  const earlier = singleItemOf.get(control.name);
  if (earlier !== undefined) issue([i], `second rating item for control "${control.name}" (first is result[${earlier}]); one score per task`);
  else singleItemOf.set(control.name, i);
  const shape = schemaIssues(RatingValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const rating = item.value.rating as number;
  if (!Number.isInteger(rating) || rating < 1 || rating > control.maxRating) issue([i, 'value', 'rating'], `must be a whole number from 1 to ${control.maxRating}, got ${rating}`);
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'rating', value: { rating } };
}

/** Per-region controls take one item per segment, the others one per task. */
function singleItemKey(control: ChoicesControl | TextAreaControl, item: RawItem): string {
  return control.perRegion === true ? `${control.name}\u0000${item.id}` : control.name;
}

function regionNote(control: ChoicesControl | TextAreaControl, item: RawItem): string {
  return control.perRegion === true ? ` on segment ${JSON.stringify(item.id)}` : '';
}

function checkLabelList(control: LabelsControl | RectangleLabelsControl | PolygonLabelsControl | KeyPointLabelsControl | BrushLabelsControl | PolylineLabelsControl | VideoRectangleControl | VideoPolygonControl | VideoKeyPointControl | VideoEventsControl, labels: readonly string[], at: (string | number)[], issue: Issue): void {
  if (labels.length === 0) issue(at, 'must hold at least one label');
  const allowed = new Set(control.labels.map((l) => l.value));
  const seen = new Set<string>();
  labels.forEach((label, l) => {
    if (!allowed.has(label)) issue([...at, l], `${JSON.stringify(label)} is not a label of "${control.name}" (labels: ${[...allowed].join(', ')})`);
    if (seen.has(label)) issue([...at, l], `duplicate label ${JSON.stringify(label)}`);
    seen.add(label);
  });
}
