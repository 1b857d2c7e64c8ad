import { REGION_ATTRIBUTE_CONTROL_TYPES, TRACK_CONTROL_TYPES, type Control, type LabelConfig, type RectangleLabelsControl, type TrackAttribute } from '@yungang/core';

/**
 * Pure edits of the attributes a region or track control declares (docs/label-config.md, Region
 * attributes and Track attributes) and of a box control's rotation, for the form editor. The draft may be
 * invalid (an empty name, a choice without options): core's check names the field and the card shows it.
 * An empty list is removed rather than stored as `[]`, as optional text is elsewhere in the editor.
 */

/** The controls whose regions (image) or tracks (video) carry attributes. */
export type AttributeControl = Extract<Control, { type: (typeof REGION_ATTRIBUTE_CONTROL_TYPES)[number] | (typeof TRACK_CONTROL_TYPES)[number] }>;

const ATTRIBUTE_TYPES: readonly string[] = [...REGION_ATTRIBUTE_CONTROL_TYPES, ...TRACK_CONTROL_TYPES];

export function hasAttributes(control: Control): control is AttributeControl {
  return ATTRIBUTE_TYPES.includes(control.type);
}

/** Whether attributes of `control` may change along a track (`mutable`); image regions have no keyframes. */
export function isTrackControl(control: AttributeControl): boolean {
  return (TRACK_CONTROL_TYPES as readonly string[]).includes(control.type);
}

/** What the card edits of one attribute; `options` only applies to a choice attribute. */
export type AttributePatch = Partial<TrackAttribute>;

function editAttributes(config: LabelConfig, index: number, edit: (list: TrackAttribute[], control: AttributeControl) => TrackAttribute[]): LabelConfig {
  const control = config.controls[index];
  if (!control || !hasAttributes(control)) return config;
  const list = edit([...(control.attributes ?? [])], control);
  const { attributes: _drop, ...rest } = control;
  const next = (list.length > 0 ? { ...rest, attributes: list } : rest) as AttributeControl;
  return { ...config, controls: config.controls.map((c, i) => (i === index ? next : c)) };
}

/** Adds a text attribute with a name no other attribute of the control has. */
export function addAttribute(config: LabelConfig, index: number): LabelConfig {
  return editAttributes(config, index, (list) => {
    const taken = new Set(list.map((a) => a.name));
    let name = 'attribute';
    for (let n = 2; taken.has(name); n++) name = `attribute${n}`;
    return [...list, { name, type: 'text' }];
  });
}

/**
 * Changes attribute `at`. Turning it into a choice starts it with no options (the card asks for one);
 * turning it into another type drops its options, which only a choice may have. `mutable` is kept only on
 * track controls, and false flags are left out.
 */
export function updateAttribute(config: LabelConfig, index: number, at: number, patch: AttributePatch): LabelConfig {
  return editAttributes(config, index, (list, control) => {
    const old = list[at];
    if (!old) return list;
    const next: TrackAttribute = { ...old, ...patch };
    if (next.type === 'choice') next.options = next.options ?? [];
    else delete next.options;
    if (next.required !== true) delete next.required;
    if (next.mutable !== true || !isTrackControl(control)) delete next.mutable;
    return list.map((a, i) => (i === at ? next : a));
  });
}

export function removeAttribute(config: LabelConfig, index: number, at: number): LabelConfig {
  return editAttributes(config, index, (list) => list.filter((_, i) => i !== at));
}

/** Adds an empty option to choice attribute `at`, to be typed in; core reports it until it is. */
export function addAttributeOption(config: LabelConfig, index: number, at: number): LabelConfig {
  return editAttributes(config, index, (list) => list.map((a, i) => (i === at && a.type === 'choice' ? { ...a, options: [...(a.options ?? []), ''] } : a)));
}

export function updateAttributeOption(config: LabelConfig, index: number, at: number, option: number, value: string): LabelConfig {
  return editAttributes(config, index, (list) => list.map((a, i) => (i === at && a.options ? { ...a, options: a.options.map((o, k) => (k === option ? value : o)) } : a)));
}

export function removeAttributeOption(config: LabelConfig, index: number, at: number, option: number): LabelConfig {
  return editAttributes(config, index, (list) => list.map((a, i) => (i === at && a.options ? { ...a, options: a.options.filter((_, k) => k !== option) } : a)));
}

/** Lets the boxes of rectangle control `index` be turned (`rotation: true`) or not (the key left out). */
export function setRotation(config: LabelConfig, index: number, on: boolean): LabelConfig {
  const control = config.controls[index];
  if (control?.type !== 'rectanglelabels') return config;
  const { rotation: _drop, ...rest } = control;
  const next: RectangleLabelsControl = on ? { ...rest, rotation: true } : rest;
  return { ...config, controls: config.controls.map((c, i) => (i === index ? next : c)) };
}
