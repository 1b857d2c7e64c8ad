/**
 * The label-config shapes and semantic checks of the video controls besides `videorectangle`'s labels:
 * polygon and point tracks, events, and the attributes a track carries. parse-label-config.ts dispatches
 * to `checkTrackAttributes`; the labels themselves are checked there like every labelled control's.
 */
import Type from 'typebox';
import type { TrackAttribute } from './label-config.types.js';

const strict = { additionalProperties: false } as const;
const BASE = { name: Type.String(), toName: Type.String(), title: Type.Optional(Type.String()), required: Type.Optional(Type.Boolean()) };
const SpanLabelSchema = Type.Object({ value: Type.String(), title: Type.Optional(Type.String()), color: Type.String(), hotkey: Type.Optional(Type.String()) }, strict);

const TrackAttributeSchema = Type.Object(
  {
    name: Type.String(),
    type: Type.Union([Type.Literal('text'), Type.Literal('number'), Type.Literal('choice')]),
    options: Type.Optional(Type.Array(Type.String())),
    mutable: Type.Optional(Type.Boolean()),
    required: Type.Optional(Type.Boolean()),
  },
  strict,
);

function trackControlSchema<T extends string>(type: T) {
  return Type.Object({ type: Type.Literal(type), ...BASE, labels: Type.Array(SpanLabelSchema), attributes: Type.Optional(Type.Array(TrackAttributeSchema)) }, strict);
}

export const VideoRectangleControlSchema = trackControlSchema('videorectangle');
export const VideoPolygonControlSchema = trackControlSchema('videopolygon');
export const VideoKeyPointControlSchema = trackControlSchema('videokeypoint');
export const VideoEventsControlSchema = Type.Object({ type: Type.Literal('videoevents'), ...BASE, labels: Type.Array(SpanLabelSchema), allowOverlap: Type.Optional(Type.Boolean()) }, strict);

/** The track control types, whose items carry a keyframe `sequence`. */
export const TRACK_CONTROL_TYPES = ['videorectangle', 'videopolygon', 'videokeypoint'] as const;
export type TrackControlType = (typeof TRACK_CONTROL_TYPES)[number];
export function isTrackControlType(type: string): type is TrackControlType {
  return (TRACK_CONTROL_TYPES as readonly string[]).includes(type);
}

/** Attribute names are shown as field names and written into CVAT XML, so they follow the value rules. */
export function checkTrackAttributes(attributes: readonly TrackAttribute[] | undefined, at: (string | number)[], issue: (segments: (string | number)[], message: string) => void): void {
  const seen = new Map<string, number>();
  attributes?.forEach((attribute, a) => {
    const here = [...at, a];
    const name = attribute.name;
    if (name.trim() === '' || name.trim() !== name) issue([...here, 'name'], 'must not be empty nor start or end with whitespace');
    const earlier = seen.get(name);
    if (earlier !== undefined) issue([...here, 'name'], `duplicate attribute name ${JSON.stringify(name)} (also attributes[${earlier}])`);
    else seen.set(name, a);
    if (attribute.type === 'choice') {
      const options = attribute.options ?? [];
      if (options.length === 0) issue([...here, 'options'], 'a choice attribute must list at least one option');
      const values = new Set<string>();
      options.forEach((option, o) => {
        if (option.trim() === '') issue([...here, 'options', o], 'must not be empty');
        if (values.has(option)) issue([...here, 'options', o], `duplicate option ${JSON.stringify(option)}`);
        values.add(option);
      });
    } else if (attribute.options !== undefined) issue([...here, 'options'], `only choice attributes have options; this one is of type ${attribute.type}`);
  });
}
