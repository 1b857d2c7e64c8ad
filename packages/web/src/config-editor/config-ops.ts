import {
  CONTROL_TARGETS,
  type ChoiceOption,
  type ChoicesControl,
  type Control,
  type DataField,
  type DataFieldType,
  type BrushLabelsControl,
  type PolylineLabelsControl,
  type VideoRectangleControl,
  type VideoPolygonControl,
  type VideoKeyPointControl,
  type VideoEventsControl,
  type KeyPointLabelsControl,
  type LabelConfig,
  type LabelsControl,
  type PolygonLabelsControl,
  type RatingControl,
  type RectangleLabelsControl,
  type SpanLabel,
  type TextAreaControl,
} from '@yungang/core';

/** Pure edits of a label config draft for the form editor. Optional text left empty is removed, not stored as "". */

export const LABEL_PALETTE = ['#e53935', '#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#00897b', '#6d4c41', '#3949ab', '#c0ca33', '#d81b60'];

function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

function names(config: LabelConfig): string[] {
  return [...config.fields.map((f) => f.name), ...config.controls.map((c) => c.name)];
}

/** Applies `patch`, dropping optional keys whose new value is an empty string. */
function patchOptional<T extends object>(item: T, patch: Partial<T>, optional: readonly (keyof T)[]): T {
  const next: T = { ...item, ...patch };
  for (const key of optional) if (next[key] === '' || next[key] === undefined) delete next[key];
  return next;
}

const replaceAt = <T>(list: readonly T[], index: number, item: T): T[] => list.map((x, i) => (i === index ? item : x));
const removeAt = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);

export function addField(config: LabelConfig, type: DataFieldType = 'text'): LabelConfig {
  const field: DataField = { name: uniqueName(type, names(config)), type };
  return { ...config, fields: [...config.fields, field] };
}

/** Renaming a field also re-points the controls that annotate it. */
export function updateField(config: LabelConfig, index: number, patch: Partial<DataField>): LabelConfig {
  const field = config.fields[index];
  if (!field) return config;
  const next = patchOptional(field, patch, ['title']);
  const controls = patch.name !== undefined && patch.name !== field.name ? config.controls.map((c) => (c.toName === field.name ? { ...c, toName: next.name } : c)) : config.controls;
  return { ...config, fields: replaceAt(config.fields, index, next), controls };
}

export function removeField(config: LabelConfig, index: number): LabelConfig {
  return { ...config, fields: removeAt(config.fields, index) };
}

/** Starting names of new controls: short words an annotator's export reader recognises. */
const NAME_BASE: Record<Control['type'], string> = { labels: 'labels', choices: 'choices', rectanglelabels: 'boxes', polygonlabels: 'polygons', keypointlabels: 'keypoints', brushlabels: 'masks', polylinelabels: 'lines', videorectangle: 'tracks', videopolygon: 'polygon_tracks', videokeypoint: 'point_tracks', videoevents: 'events', rating: 'rating', textarea: 'textarea', pairwise: 'preference', ranker: 'ranking', responserating: 'scores', turnchoices: 'turn_labels', responseedit: 'gold', groundedqa: 'qa', keyvalue: 'kv', readingorder: 'order' };

/**
 * Adds a control of `type` on the first field it can annotate (boxes on an image, spans on a text), or on
 * the first field when none fits, where the editor then shows the mismatch.
 */
export function addControl(config: LabelConfig, type: Control['type']): LabelConfig {
  const fits = config.fields.find((f) => CONTROL_TARGETS[type].includes(f.type));
  const toName = (fits ?? config.fields[0])?.name ?? 'text';
  const name = uniqueName(NAME_BASE[type], names(config));
  const firstLabel = { value: 'LABEL', color: LABEL_PALETTE[0] ?? '#e53935' };
  let control: Control;
  switch (type) {
    case 'labels':
      control = { type, name, toName, labels: [firstLabel] };
      break;
    case 'rectanglelabels':
    case 'polygonlabels':
    case 'brushlabels':
    case 'polylinelabels':
    case 'videorectangle':
    case 'videopolygon':
    case 'videokeypoint':
    case 'videoevents':
      control = { type, name, toName, labels: [firstLabel] };
      break;
    case 'keypointlabels':
      // No skeleton yet: a pair needs two labels, and the card offers to join them once there are.
      control = { type, name, toName, labels: [firstLabel] };
      break;
    case 'choices':
      control = { type, name, toName, choice: 'single', options: [{ value: 'yes' }, { value: 'no' }] };
      break;
    case 'rating':
      control = { type, name, toName, maxRating: 5 };
      break;
    case 'textarea':
      control = { type, name, toName, unit: 'char' };
      break;
    case 'pairwise':
    case 'ranker':
    case 'responseedit':
      control = { type, name, toName };
      break;
    case 'groundedqa':
      control = { type, name, toName, requireEvidence: true };
      break;
    case 'keyvalue':
      // Keys are edited in the JSON view; one to start with.
      control = { type, name, toName, keys: [{ value: 'key' }] };
      break;
    case 'readingorder':
      control = { type, name, toName };
      break;
    case 'responserating':
      control = { type, name, toName, maxRating: 5 };
      break;
    case 'turnchoices':
      control = { type, name, toName, choice: 'multiple', options: [{ value: 'unsafe' }] };
      break;
  }
  return { ...config, controls: [...config.controls, control] };
}

/** What the control card edits; each key only applies to the control types that have it. */
export type ControlPatch = Partial<Pick<Control, 'name' | 'toName' | 'title' | 'required'>> & {
  choice?: ChoicesControl['choice'];
  placeholder?: string;
  /** null clears the limit. */
  maxLength?: number | null;
  unit?: NonNullable<TextAreaControl['unit']>;
  /** Rating scale: levels (2..10), one description per level ('' = none), how annotators' scores combine. */
  maxRating?: number;
  descriptions?: string[];
  aggregate?: NonNullable<RatingControl['aggregate']>;
};

export function updateControl(config: LabelConfig, index: number, patch: ControlPatch): LabelConfig {
  const control = config.controls[index];
  if (!control) return config;
  const { choice, placeholder, maxLength, unit, maxRating, descriptions, aggregate, ...common } = patch;
  let next: Control;
  switch (control.type) {
    case 'choices':
      next = patchOptional<ChoicesControl>(control, choice === undefined ? common : { ...common, choice }, ['title']);
      break;
    case 'labels':
      next = patchOptional<LabelsControl>(control, common, ['title']);
      break;
    case 'rectanglelabels':
      next = patchOptional<RectangleLabelsControl>(control, common, ['title']);
      break;
    case 'polygonlabels':
      next = patchOptional<PolygonLabelsControl>(control, common, ['title']);
      break;
    case 'brushlabels':
      next = patchOptional<BrushLabelsControl>(control, common, ['title']);
      break;
    case 'polylinelabels':
      next = patchOptional<PolylineLabelsControl>(control, common, ['title']);
      break;
    case 'videorectangle':
      next = patchOptional<VideoRectangleControl>(control, common, ['title']);
      break;
    case 'videopolygon':
      next = patchOptional<VideoPolygonControl>(control, common, ['title']);
      break;
    case 'videokeypoint':
      next = patchOptional<VideoKeyPointControl>(control, common, ['title']);
      break;
    case 'videoevents':
      next = patchOptional<VideoEventsControl>(control, common, ['title']);
      break;
    case 'keypointlabels':
      next = patchOptional<KeyPointLabelsControl>(control, common, ['title']);
      break;
    case 'rating': {
      const own: Partial<RatingControl> = { ...common };
      if (maxRating !== undefined) own.maxRating = Math.min(10, Math.max(2, Math.round(maxRating)));
      if (aggregate !== undefined) own.aggregate = aggregate;
      next = patchOptional<RatingControl>(control, own, ['title']);
      const levels = next.maxRating;
      // Descriptions follow the scale: cut or padded to one per level; all blank means none.
      const texts = (descriptions ?? next.descriptions ?? []).slice(0, levels);
      while (texts.length < levels) texts.push('');
      if (texts.every((d) => d.trim() === '')) delete next.descriptions;
      else next.descriptions = texts;
      break;
    }
    case 'textarea': {
      const own: Partial<TextAreaControl> = { ...common };
      if (placeholder !== undefined) own.placeholder = placeholder;
      if (unit !== undefined) own.unit = unit;
      next = patchOptional<TextAreaControl>(control, own, ['title', 'placeholder']);
      if (maxLength === null) delete next.maxLength;
      else if (maxLength !== undefined) next.maxLength = maxLength;
      break;
    }
    case 'pairwise':
    case 'ranker':
    case 'responserating':
    case 'turnchoices':
    case 'responseedit':
    case 'groundedqa':
    case 'keyvalue':
    case 'readingorder':
      // Dialogue controls: the card edits the common keys; the rest is edited in the JSON view.
      next = patchOptional<Control>(control, common, ['title']);
      break;
  }
  if (next.required === false) delete next.required;
  return { ...config, controls: replaceAt(config.controls, index, next) };
}

export function removeControl(config: LabelConfig, index: number): LabelConfig {
  return { ...config, controls: removeAt(config.controls, index) };
}

function withControl(config: LabelConfig, index: number, edit: (c: Control) => Control): LabelConfig {
  const control = config.controls[index];
  return control ? { ...config, controls: replaceAt(config.controls, index, edit(control)) } : config;
}

/** Adds an option (choices) or a label (span, box, polygon and keypoint labels, with the next palette colour) to a control; text areas have neither. */
export function addItem(config: LabelConfig, controlIndex: number): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    switch (c.type) {
      case 'choices': {
        const value = uniqueName('option', c.options.map((o) => o.value));
        return { ...c, options: [...c.options, { value }] };
      }
      case 'labels':
      case 'rectanglelabels':
      case 'polygonlabels':
      case 'brushlabels':
      case 'polylinelabels':
      case 'videorectangle':
      case 'videopolygon':
      case 'videokeypoint':
      case 'videoevents':
      case 'keypointlabels': {
        const value = uniqueName('LABEL', c.labels.map((l) => l.value));
        const color = LABEL_PALETTE[c.labels.length % LABEL_PALETTE.length] ?? '#e53935';
        return { ...c, labels: [...c.labels, { value, color }] };
      }
      case 'turnchoices': {
        const value = uniqueName('option', c.options.map((o) => o.value));
        return { ...c, options: [...c.options, { value }] };
      }
      case 'rating':
      case 'textarea':
      case 'pairwise':
      case 'ranker':
      case 'responserating':
      case 'responseedit':
      case 'groundedqa':
      case 'keyvalue':
      case 'readingorder':
        return c;
    }
  });
}

export function updateOption(config: LabelConfig, controlIndex: number, optionIndex: number, patch: Partial<ChoiceOption>): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    if (c.type !== 'choices' && c.type !== 'turnchoices') return c;
    const option = c.options[optionIndex];
    return option ? { ...c, options: replaceAt(c.options, optionIndex, patchOptional(option, patch, ['title', 'hotkey'])) } : c;
  });
}

/** Edits a label; renaming a keypoint label also renames it in the skeleton pairs that join it. */
export function updateLabel(config: LabelConfig, controlIndex: number, labelIndex: number, patch: Partial<SpanLabel>): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    switch (c.type) {
      case 'labels':
      case 'rectanglelabels':
      case 'polygonlabels':
      case 'brushlabels':
      case 'polylinelabels':
      case 'videorectangle':
      case 'videopolygon':
      case 'videokeypoint':
      case 'videoevents': {
        const label = c.labels[labelIndex];
        return label ? { ...c, labels: replaceAt(c.labels, labelIndex, patchOptional(label, patch, ['title', 'hotkey'])) } : c;
      }
      case 'keypointlabels': {
        const label = c.labels[labelIndex];
        if (!label) return c;
        const next: KeyPointLabelsControl = { ...c, labels: replaceAt(c.labels, labelIndex, patchOptional(label, patch, ['title', 'hotkey'])) };
        const renamed = patch.value;
        if (c.skeleton && renamed !== undefined && renamed !== label.value) {
          next.skeleton = c.skeleton.map(([a, b]) => [a === label.value ? renamed : a, b === label.value ? renamed : b]);
        }
        return next;
      }
      case 'choices':
      case 'rating':
      case 'textarea':
      case 'pairwise':
      case 'ranker':
      case 'responserating':
      case 'turnchoices':
      case 'responseedit':
      case 'groundedqa':
      case 'keyvalue':
      case 'readingorder':
        return c;
    }
  });
}

/**
 * Adds a skeleton pair to a keypoint control: the first two labels not yet joined, so a fresh pair is
 * valid at once; with fewer than two labels there is nothing to join.
 */
export function addSkeletonPair(config: LabelConfig, controlIndex: number): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    if (c.type !== 'keypointlabels' || c.labels.length < 2) return c;
    const skeleton = c.skeleton ?? [];
    const joined = new Set(skeleton.map(([a, b]) => [a, b].sort().join('\u0000')));
    const values = c.labels.map((l) => l.value);
    let pair: [string, string] | null = null;
    for (let i = 0; i < values.length && !pair; i++) {
      for (let j = i + 1; j < values.length && !pair; j++) {
        const a = values[i] ?? '';
        const b = values[j] ?? '';
        if (!joined.has([a, b].sort().join('\u0000'))) pair = [a, b];
      }
    }
    return pair ? { ...c, skeleton: [...skeleton, pair] } : c;
  });
}

/** Sets one end (0 or 1) of a skeleton pair. */
export function updateSkeletonPair(config: LabelConfig, controlIndex: number, pairIndex: number, end: 0 | 1, value: string): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    const pair = c.type === 'keypointlabels' ? c.skeleton?.[pairIndex] : undefined;
    if (c.type !== 'keypointlabels' || !c.skeleton || !pair) return c;
    const next: [string, string] = end === 0 ? [value, pair[1]] : [pair[0], value];
    return { ...c, skeleton: replaceAt(c.skeleton, pairIndex, next) };
  });
}

/** Removes a skeleton pair; the last one removed drops the key, as a config without a skeleton has none. */
export function removeSkeletonPair(config: LabelConfig, controlIndex: number, pairIndex: number): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    if (c.type !== 'keypointlabels' || !c.skeleton) return c;
    const skeleton = removeAt(c.skeleton, pairIndex);
    const next: KeyPointLabelsControl = { ...c, skeleton };
    if (skeleton.length === 0) delete next.skeleton;
    return next;
  });
}

export function removeItem(config: LabelConfig, controlIndex: number, itemIndex: number): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    switch (c.type) {
      case 'choices':
        return { ...c, options: removeAt(c.options, itemIndex) };
      case 'labels':
      case 'rectanglelabels':
      case 'polygonlabels':
      case 'brushlabels':
      case 'polylinelabels':
      case 'videorectangle':
      case 'videopolygon':
      case 'videokeypoint':
      case 'videoevents':
        return { ...c, labels: removeAt(c.labels, itemIndex) };
      case 'keypointlabels': {
        // A pair naming a removed label could never be valid again; it goes with the label.
        const gone = c.labels[itemIndex]?.value;
        const next: KeyPointLabelsControl = { ...c, labels: removeAt(c.labels, itemIndex) };
        if (c.skeleton) {
          const skeleton = c.skeleton.filter(([a, b]) => a !== gone && b !== gone);
          if (skeleton.length > 0) next.skeleton = skeleton;
          else delete next.skeleton;
        }
        return next;
      }
      case 'turnchoices':
        return { ...c, options: removeAt(c.options, itemIndex) };
      case 'rating':
      case 'textarea':
      case 'pairwise':
      case 'ranker':
      case 'responserating':
      case 'responseedit':
      case 'groundedqa':
      case 'keyvalue':
      case 'readingorder':
        return c;
    }
  });
}
