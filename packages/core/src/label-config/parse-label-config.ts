/**
 * Turning untrusted JSON into a LabelConfig: first its shape (TypeBox, unknown keys rejected so that a
 * typo like `"colour"` is caught instead of silently ignored), then the rules the shape cannot say
 * (names resolve, values unique, hotkeys unambiguous). All problems are reported at once, each with a path.
 */
import Type, { type Static } from 'typebox';
import { validateSchema } from '../validation/validate-schema.js';
import { ValidationError, formatPath, type ValidationIssue } from '../validation/validation-error.js';
import { PairwiseControlSchema, RankerControlSchema, ResponseEditControlSchema, ResponseRatingControlSchema, TurnChoicesControlSchema, checkDialogueControl } from './dialogue-controls.js';
import { GroundedQaControlSchema, checkGroundedQaControl } from './qa-controls.js';
import type { Control, ControlType, DataFieldType, LabelConfig, TranscriptConventionsConfig } from './label-config.types.js';
import { KeyValueControlSchema, ReadingOrderControlSchema, checkDocumentControl } from './document-controls.js';
import { BrushLabelsControlSchema, KeyPointLabelsControlSchema, PolygonLabelsControlSchema, PolylineLabelsControlSchema, RectangleLabelsControlSchema } from './image-controls.js';
import { VideoEventsControlSchema, VideoKeyPointControlSchema, VideoPolygonControlSchema, VideoRectangleControlSchema, checkTrackAttributes } from './video-controls.js';

const strict = { additionalProperties: false } as const;

const DataFieldSchema = Type.Object(
  { name: Type.String(), type: Type.Union([Type.Literal('text'), Type.Literal('image'), Type.Literal('video'), Type.Literal('audio'), Type.Literal('dialogue'), Type.Literal('document')]), title: Type.Optional(Type.String()) },
  strict,
);
const ChoiceOptionSchema = Type.Object({ value: Type.String(), title: Type.Optional(Type.String()), hotkey: Type.Optional(Type.String()) }, strict);
const SpanLabelSchema = Type.Object(
  { value: Type.String(), title: Type.Optional(Type.String()), color: Type.String(), hotkey: Type.Optional(Type.String()) },
  strict,
);
/** The fields every control has; each control schema adds its own after them. */
const CONTROL_BASE = { name: Type.String(), toName: Type.String(), title: Type.Optional(Type.String()), required: Type.Optional(Type.Boolean()) };

const ChoicesControlSchema = Type.Object(
  {
    type: Type.Literal('choices'),
    ...CONTROL_BASE,
    choice: Type.Union([Type.Literal('single'), Type.Literal('multiple')]),
    options: Type.Array(ChoiceOptionSchema),
    perRegion: Type.Optional(Type.Boolean()),
  },
  strict,
);
/** A control whose annotators pick from `labels` (spans, boxes, polygons, points, lines, masks, video tracks). */
function labelledControlSchema<T extends string>(type: T) {
  return Type.Object({ type: Type.Literal(type), ...CONTROL_BASE, labels: Type.Array(SpanLabelSchema) }, strict);
}

const LabelsControlSchema = labelledControlSchema('labels');
const RatingControlSchema = Type.Object(
  {
    type: Type.Literal('rating'),
    ...CONTROL_BASE,
    maxRating: Type.Integer({ minimum: 2, maximum: 10 }),
    descriptions: Type.Optional(Type.Array(Type.String())),
    aggregate: Type.Optional(Type.Union([Type.Literal('mean'), Type.Literal('median')])),
    hotkeys: Type.Optional(Type.Boolean()),
  },
  strict,
);
const TranscriptConventionsSchema = Type.Object(
  {
    tags: Type.Array(Type.String()),
    unintelligible: Type.Optional(Type.String()),
    numbers: Type.Optional(Type.Union([Type.Literal('any'), Type.Literal('words')])),
    punctuation: Type.Optional(Type.Union([Type.Literal('any'), Type.Literal('none')])),
  },
  strict,
);
const TextAreaControlSchema = Type.Object(
  {
    type: Type.Literal('textarea'),
    ...CONTROL_BASE,
    placeholder: Type.Optional(Type.String()),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    unit: Type.Optional(Type.Union([Type.Literal('char'), Type.Literal('word')])),
    perRegion: Type.Optional(Type.Boolean()),
    conventions: Type.Optional(TranscriptConventionsSchema),
  },
  strict,
);

/** JSON Schema of a LabelConfig's shape (the semantic rules live in `parseLabelConfig`). */
export const LabelConfigSchema = Type.Object(
  {
    version: Type.Literal(1),
    fields: Type.Array(DataFieldSchema),
    controls: Type.Array(Type.Union([ChoicesControlSchema, LabelsControlSchema, RectangleLabelsControlSchema, PolygonLabelsControlSchema, KeyPointLabelsControlSchema, BrushLabelsControlSchema, PolylineLabelsControlSchema, RatingControlSchema, TextAreaControlSchema, VideoRectangleControlSchema, VideoPolygonControlSchema, VideoKeyPointControlSchema, VideoEventsControlSchema, PairwiseControlSchema, RankerControlSchema, ResponseRatingControlSchema, TurnChoicesControlSchema, ResponseEditControlSchema, GroundedQaControlSchema, KeyValueControlSchema, ReadingOrderControlSchema])),
  },
  strict,
);

// Compile-time proof that the schema and the hand-written types describe the same thing.
// (The generic-function form also tells optional properties apart, which mutual assignability does not.)
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _schemaMatchesTypes: Same<Static<typeof LabelConfigSchema>, LabelConfig> = true;
void _schemaMatchesTypes;

/** Which data field types each control can annotate. */
export const CONTROL_TARGETS: Readonly<Record<ControlType, readonly DataFieldType[]>> = {
  choices: ['text', 'image', 'video', 'audio', 'dialogue', 'document'],
  // Spans on a text (code points), time segments on audio (seconds).
  // Spans over a document's text layer too (docs/documents.md).
  labels: ['text', 'audio', 'document'],
  rectanglelabels: ['image', 'document'],
  polygonlabels: ['image'],
  keypointlabels: ['image'],
  brushlabels: ['image'],
  polylinelabels: ['image'],
  rating: ['text', 'image', 'video', 'audio', 'dialogue', 'document'],
  textarea: ['text', 'image', 'video', 'audio', 'dialogue', 'document'],
  videorectangle: ['video'],
  videopolygon: ['video'],
  videokeypoint: ['video'],
  videoevents: ['video'],
  pairwise: ['dialogue'],
  ranker: ['dialogue'],
  responserating: ['dialogue'],
  turnchoices: ['dialogue'],
  responseedit: ['dialogue'],
  // The passage the questions are about.
  groundedqa: ['text'],
  keyvalue: ['document'],
  readingorder: ['document'],
};

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const HOTKEY = /^[A-Za-z0-9]$/;

/** Validates untrusted JSON as a LabelConfig; throws ValidationError listing every problem with its path. */
export function parseLabelConfig(json: unknown): LabelConfig {
  const config = validateSchema<LabelConfig>(LabelConfigSchema, json);
  const issues: ValidationIssue[] = [];
  const issue = (segments: (string | number)[], message: string): void => {
    issues.push({ path: formatPath(segments), message });
  };

  if (config.fields.length === 0) issue(['fields'], 'must list at least one data field');
  if (config.controls.length === 0) issue(['controls'], 'must list at least one control');

  const fieldsByName = new Map<string, { index: number; type: DataFieldType }>();
  config.fields.forEach((field, i) => {
    if (!NAME.test(field.name)) issue(['fields', i, 'name'], nameRule(field.name));
    const earlier = fieldsByName.get(field.name);
    if (earlier !== undefined) issue(['fields', i, 'name'], `duplicate field name "${field.name}" (also fields[${earlier.index}])`);
    else fieldsByName.set(field.name, { index: i, type: field.type });
  });
  const fieldList = config.fields.map((f) => f.name).join(', ') || 'none';

  const controlIndex = new Map<string, number>();
  // Hotkeys are matched case-insensitively: Shift should not turn one key into two bindings.
  const hotkeys = new Map<string, string>();
  const claimHotkey = (hotkey: string | undefined, at: (string | number)[]): void => {
    if (hotkey === undefined) return;
    if (!HOTKEY.test(hotkey)) {
      issue(at, `must be a single letter or digit, got ${JSON.stringify(hotkey)}`);
      return;
    }
    const key = hotkey.toLowerCase();
    const owner = hotkeys.get(key);
    if (owner !== undefined) issue(at, `hotkey "${hotkey}" is already used by ${owner}`);
    else hotkeys.set(key, formatPath(at.slice(0, -1)));
  };

  config.controls.forEach((control, c) => {
    const at = ['controls', c];
    if (!NAME.test(control.name)) issue([...at, 'name'], nameRule(control.name));
    const earlier = controlIndex.get(control.name);
    if (earlier !== undefined) issue([...at, 'name'], `duplicate control name "${control.name}" (also controls[${earlier}])`);
    else controlIndex.set(control.name, c);
    const clash = fieldsByName.get(control.name);
    if (clash !== undefined) issue([...at, 'name'], `"${control.name}" is already the name of fields[${clash.index}]; controls and fields need distinct names`);

    const target = fieldsByName.get(control.toName);
    if (target === undefined) issue([...at, 'toName'], `no data field named "${control.toName}" (fields: ${fieldList})`);
    else if (!CONTROL_TARGETS[control.type].includes(target.type)) {
      issue([...at, 'toName'], `a ${control.type} control cannot annotate field "${control.toName}" of type ${target.type} (supported: ${CONTROL_TARGETS[control.type].join(', ')})`);
    }

    if (control.type === 'choices') {
      if (control.options.length === 0) issue([...at, 'options'], 'must list at least one option');
      const seen = new Map<string, number>();
      control.options.forEach((option, o) => {
        const optionAt = [...at, 'options', o];
        checkValue(option.value, [...optionAt, 'value'], seen, o, 'options', issue);
        // CSV export joins chosen values with "|", so a value containing it could not be read back.
        if (option.value.includes('|')) issue([...optionAt, 'value'], 'must not contain "|" (it separates chosen values in CSV exports)');
        claimHotkey(option.hotkey, [...optionAt, 'hotkey']);
      });
      if (control.perRegion === true) checkPerRegion(control, c, config, fieldsByName, issue);
    } else if (control.type === 'rating') {
      if (control.descriptions !== undefined && control.descriptions.length !== control.maxRating) {
        issue([...at, 'descriptions'], `must give one description per level: ${control.maxRating} (maxRating), got ${control.descriptions.length}`);
      }
    } else if (control.type === 'pairwise' || control.type === 'ranker' || control.type === 'responserating' || control.type === 'turnchoices' || control.type === 'responseedit') {
      checkDialogueControl(control, at, issue);
    } else if (control.type === 'groundedqa') {
      checkGroundedQaControl(control, at, issue);
    } else if (control.type === 'keyvalue' || control.type === 'readingorder') {
      checkDocumentControl(control, at, issue);
    } else if (control.type === 'textarea') {
      if (control.perRegion === true) checkPerRegion(control, c, config, fieldsByName, issue);
      if (control.conventions !== undefined) checkConventions(control.conventions, [...at, 'conventions'], issue);
    } else {
      if (control.labels.length === 0) issue([...at, 'labels'], 'must list at least one label');
      const seen = new Map<string, number>();
      control.labels.forEach((label, l) => {
        const labelAt = [...at, 'labels', l];
        checkValue(label.value, [...labelAt, 'value'], seen, l, 'labels', issue);
        if (!COLOR.test(label.color)) issue([...labelAt, 'color'], `must be a colour like "#1e88e5", got ${JSON.stringify(label.color)}`);
        claimHotkey(label.hotkey, [...labelAt, 'hotkey']);
      });
      // Image regions declare attributes like video tracks (without `mutable`), so one check serves both.
      if (control.type !== 'labels' && control.type !== 'videoevents') checkTrackAttributes(control.attributes, [...at, 'attributes'], issue);
      if (control.type === 'keypointlabels') {
        const values = new Set(control.labels.map((l) => l.value));
        control.skeleton?.forEach((pair, k) => {
          pair.forEach((end, e) => {
            if (!values.has(end)) issue([...at, 'skeleton', k, e], `${JSON.stringify(end)} is not a label of "${control.name}" (labels: ${[...values].join(', ')})`);
          });
          if (pair[0] === pair[1]) issue([...at, 'skeleton', k], 'must join two different labels');
        });
      }
    }
  });

  if (issues.length > 0) throw new ValidationError(issues);
  return config;
}

/** A per-region control answers per time segment, so its audio field needs a `labels` control drawing them. */
function checkPerRegion(
  control: Control,
  c: number,
  config: LabelConfig,
  fieldsByName: Map<string, { index: number; type: DataFieldType }>,
  issue: (segments: (string | number)[], message: string) => void,
): void {
  const target = fieldsByName.get(control.toName);
  if (target === undefined) return; // already reported at toName
  if (target.type !== 'audio') {
    issue(['controls', c, 'perRegion'], `per-region answers exist only for time segments on an audio field; "${control.toName}" is of type ${target.type} (remove perRegion)`);
  } else if (!config.controls.some((other) => other.type === 'labels' && other.toName === control.toName)) {
    issue(['controls', c, 'perRegion'], `audio field "${control.toName}" has no labels control drawing segments; add one (type "labels", toName "${control.toName}") or remove perRegion`);
  }
}

const TAG_NAME = /^[^\s[\]]+$/u;

function checkConventions(conventions: TranscriptConventionsConfig, at: (string | number)[], issue: (segments: (string | number)[], message: string) => void): void {
  const seen = new Set<string>();
  conventions.tags.forEach((tag, t) => {
    if (!TAG_NAME.test(tag)) issue([...at, 'tags', t], `${JSON.stringify(tag)} is not a tag name: write it without brackets or spaces, e.g. "noise" for [noise]`);
    else if (seen.has(tag)) issue([...at, 'tags', t], `duplicate tag ${JSON.stringify(tag)}`);
    seen.add(tag);
  });
  if (conventions.unintelligible !== undefined && conventions.unintelligible.trim() === '') issue([...at, 'unintelligible'], 'must not be empty; leave it out when no unintelligible mark is allowed');
  else if (conventions.unintelligible !== undefined && conventions.unintelligible.trim() !== conventions.unintelligible) issue([...at, 'unintelligible'], 'must not start or end with whitespace');
}

function nameRule(name: string): string {
  return `${JSON.stringify(name)} is not a valid name: start with a letter or "_", then letters, digits, "_" or "-", at most 64 characters`;
}

function checkValue(
  value: string,
  at: (string | number)[],
  seen: Map<string, number>,
  index: number,
  list: string,
  issue: (segments: (string | number)[], message: string) => void,
): void {
  if (value.trim() === '') {
    issue(at, 'must not be empty');
    return;
  }
  // Stored results must match a value exactly; invisible padding would make matching fail silently.
  if (value.trim() !== value) issue(at, 'must not start or end with whitespace');
  // "é" typed as one code point and as e + U+0301 look identical, so treat them as the same value.
  const key = value.normalize('NFC');
  const earlier = seen.get(key);
  if (earlier !== undefined) issue(at, `duplicate value ${JSON.stringify(value)} (also ${list}[${earlier}])`);
  else seen.set(key, index);
}

/** What a hotkey does: toggle `value` of control `control`. */
export interface HotkeyBinding {
  control: string;
  value: string;
}

/** Hotkeys of a valid config, keyed by the lower-cased key; look up with `key.toLowerCase()`. */
export function labelConfigHotkeys(config: LabelConfig): Map<string, HotkeyBinding> {
  const map = new Map<string, HotkeyBinding>();
  for (const control of config.controls) {
    const items = control.type === 'choices' ? control.options : 'labels' in control ? control.labels : [];
    for (const item of items) {
      if (item.hotkey === undefined) continue;
      const key = item.hotkey.toLowerCase();
      // A config that passed parseLabelConfig has no duplicates; keep the first binding otherwise.
      if (!map.has(key)) map.set(key, { control: control.name, value: item.value });
    }
  }
  return map;
}
