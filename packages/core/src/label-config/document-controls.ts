/**
 * The label-config shapes and semantic checks of the document controls (keyvalue, readingorder), kept
 * apart from parse-label-config.ts, which only dispatches to them. Boxes and spans on a document reuse
 * `rectanglelabels` and `labels` (docs/documents.md).
 */
import Type from 'typebox';
import type { KeyValueControl, ReadingOrderControl } from './label-config.types.js';

const strict = { additionalProperties: false } as const;
const BASE = { name: Type.String(), toName: Type.String(), title: Type.Optional(Type.String()), required: Type.Optional(Type.Boolean()) };

export const KeyValueControlSchema = Type.Object(
  {
    type: Type.Literal('keyvalue'),
    ...BASE,
    keys: Type.Array(Type.Object({ value: Type.String(), title: Type.Optional(Type.String()), hotkey: Type.Optional(Type.String()) }, strict)),
  },
  strict,
);
export const ReadingOrderControlSchema = Type.Object({ type: Type.Literal('readingorder'), ...BASE }, strict);

export type DocumentControl = KeyValueControl | ReadingOrderControl;

export const DOCUMENT_CONTROL_TYPES: readonly DocumentControl['type'][] = ['keyvalue', 'readingorder'];

type Issue = (segments: (string | number)[], message: string) => void;

/**
 * Rules of a document control beyond its shape. Keys take no hotkeys: the workbench's label keys pick
 * the box or span label, and a key is picked from the key–value panel instead.
 */
export function checkDocumentControl(control: DocumentControl, at: (string | number)[], issue: Issue): void {
  if (control.type !== 'keyvalue') return;
  if (control.keys.length === 0) issue([...at, 'keys'], 'must list at least one key (the field labels to extract, e.g. "发文字号")');
  const seen = new Map<string, number>();
  control.keys.forEach((key, k) => {
    const value = key.value;
    if (value.trim() === '') issue([...at, 'keys', k, 'value'], 'must not be empty');
    else if (value.trim() !== value) issue([...at, 'keys', k, 'value'], 'must not start or end with whitespace');
    const norm = value.normalize('NFC');
    const earlier = seen.get(norm);
    if (earlier !== undefined) issue([...at, 'keys', k, 'value'], `duplicate key ${JSON.stringify(value)} (also keys[${earlier}])`);
    else seen.set(norm, k);
    if (key.hotkey !== undefined) issue([...at, 'keys', k, 'hotkey'], 'keys take no hotkeys (label keys pick box and span labels); remove it');
  });
}
