import type { ChoiceOption, ChoicesControl, Control, DataField, LabelConfig, LabelsControl, SpanLabel } from '@yungang/core';

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

export function addField(config: LabelConfig): LabelConfig {
  const field: DataField = { name: uniqueName('text', names(config)), type: 'text' };
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

export function addControl(config: LabelConfig, type: Control['type']): LabelConfig {
  const toName = config.fields[0]?.name ?? 'text';
  const control: Control =
    type === 'labels'
      ? { type: 'labels', name: uniqueName('labels', names(config)), toName, labels: [{ value: 'LABEL', color: LABEL_PALETTE[0] ?? '#e53935' }] }
      : { type: 'choices', name: uniqueName('choices', names(config)), toName, choice: 'single', options: [{ value: 'yes' }, { value: 'no' }] };
  return { ...config, controls: [...config.controls, control] };
}

export function updateControl(config: LabelConfig, index: number, patch: Partial<Pick<Control, 'name' | 'toName' | 'title' | 'required'>> & { choice?: ChoicesControl['choice'] }): LabelConfig {
  const control = config.controls[index];
  if (!control) return config;
  let next: Control;
  if (control.type === 'choices') next = patchOptional<ChoicesControl>(control, patch, ['title']);
  else {
    const { choice: _ignored, ...rest } = patch;
    next = patchOptional<LabelsControl>(control, rest, ['title']);
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

/** Adds an option (choices) or a label (labels, with the next palette colour) to a control. */
export function addItem(config: LabelConfig, controlIndex: number): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    if (c.type === 'choices') {
      const value = uniqueName('option', c.options.map((o) => o.value));
      return { ...c, options: [...c.options, { value }] };
    }
    const value = uniqueName('LABEL', c.labels.map((l) => l.value));
    const color = LABEL_PALETTE[c.labels.length % LABEL_PALETTE.length] ?? '#e53935';
    return { ...c, labels: [...c.labels, { value, color }] };
  });
}

export function updateOption(config: LabelConfig, controlIndex: number, optionIndex: number, patch: Partial<ChoiceOption>): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    if (c.type !== 'choices') return c;
    const option = c.options[optionIndex];
    return option ? { ...c, options: replaceAt(c.options, optionIndex, patchOptional(option, patch, ['title', 'hotkey'])) } : c;
  });
}

export function updateLabel(config: LabelConfig, controlIndex: number, labelIndex: number, patch: Partial<SpanLabel>): LabelConfig {
  return withControl(config, controlIndex, (c) => {
    if (c.type !== 'labels') return c;
    const label = c.labels[labelIndex];
    return label ? { ...c, labels: replaceAt(c.labels, labelIndex, patchOptional(label, patch, ['title', 'hotkey'])) } : c;
  });
}

export function removeItem(config: LabelConfig, controlIndex: number, itemIndex: number): LabelConfig {
  return withControl(config, controlIndex, (c) => (c.type === 'choices' ? { ...c, options: removeAt(c.options, itemIndex) } : { ...c, labels: removeAt(c.labels, itemIndex) }));
}
