/**
 * The label-config shapes and semantic checks of the dialogue controls (pairwise, ranker, responserating,
 * turnchoices, responseedit), kept apart from parse-label-config.ts, which only dispatches to them.
 */
import Type from 'typebox';
import { TextRulesSchema, checkTextRulesConfig } from './text-rules.js';
import type { PairwiseControl, RankerControl, ResponseEditControl, ResponseRatingControl, TurnChoicesControl } from './label-config.types.js';

const strict = { additionalProperties: false } as const;
const BASE = { name: Type.String(), toName: Type.String(), title: Type.Optional(Type.String()), required: Type.Optional(Type.Boolean()) };
const Role = Type.Union([Type.Literal('system'), Type.Literal('user'), Type.Literal('assistant')]);

export const PairwiseControlSchema = Type.Object(
  {
    type: Type.Literal('pairwise'),
    ...BASE,
    allowTie: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Type.Union([Type.Literal('optional'), Type.Literal('required')])),
  },
  strict,
);
export const RankerControlSchema = Type.Object({ type: Type.Literal('ranker'), ...BASE }, strict);
export const ResponseRatingControlSchema = Type.Object(
  {
    type: Type.Literal('responserating'),
    ...BASE,
    maxRating: Type.Integer({ minimum: 2, maximum: 10 }),
    descriptions: Type.Optional(Type.Array(Type.String())),
    aggregate: Type.Optional(Type.Union([Type.Literal('mean'), Type.Literal('median')])),
  },
  strict,
);
export const TurnChoicesControlSchema = Type.Object(
  {
    type: Type.Literal('turnchoices'),
    ...BASE,
    choice: Type.Union([Type.Literal('single'), Type.Literal('multiple')]),
    options: Type.Array(Type.Object({ value: Type.String(), title: Type.Optional(Type.String()), hotkey: Type.Optional(Type.String()) }, strict)),
    roles: Type.Optional(Type.Array(Role)),
    safety: Type.Optional(Type.Boolean()),
  },
  strict,
);
export const ResponseEditControlSchema = Type.Object(
  {
    type: Type.Literal('responseedit'),
    ...BASE,
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    minLength: Type.Optional(Type.Integer({ minimum: 1 })),
    rules: Type.Optional(TextRulesSchema),
    editablePrompt: Type.Optional(Type.Boolean()),
    promptRules: Type.Optional(TextRulesSchema),
  },
  strict,
);

export type DialogueControl = PairwiseControl | RankerControl | ResponseRatingControl | TurnChoicesControl | ResponseEditControl;

/** The dialogue control types, for dispatch. */
export const DIALOGUE_CONTROL_TYPES: readonly DialogueControl['type'][] = ['pairwise', 'ranker', 'responserating', 'turnchoices', 'responseedit'];

type Issue = (segments: (string | number)[], message: string) => void;

/**
 * Rules of a dialogue control beyond its shape. Turn labels take no hotkeys: one key cannot say which turn
 * it labels, so the workbench labels the selected turn with its own keys instead.
 */
export function checkDialogueControl(control: DialogueControl, at: (string | number)[], issue: Issue): void {
  if (control.type === 'responserating') {
    if (control.descriptions !== undefined && control.descriptions.length !== control.maxRating) {
      issue([...at, 'descriptions'], `must give one description per level: ${control.maxRating} (maxRating), got ${control.descriptions.length}`);
    }
  } else if (control.type === 'turnchoices') {
    if (control.options.length === 0) issue([...at, 'options'], 'must list at least one option');
    const seen = new Map<string, number>();
    control.options.forEach((option, o) => {
      const value = option.value;
      if (value.trim() === '') issue([...at, 'options', o, 'value'], 'must not be empty');
      else if (value.trim() !== value) issue([...at, 'options', o, 'value'], 'must not start or end with whitespace');
      if (value.includes('|')) issue([...at, 'options', o, 'value'], 'must not contain "|" (it separates chosen values in CSV exports)');
      const key = value.normalize('NFC');
      const earlier = seen.get(key);
      if (earlier !== undefined) issue([...at, 'options', o, 'value'], `duplicate value ${JSON.stringify(value)} (also options[${earlier}])`);
      else seen.set(key, o);
      if (option.hotkey !== undefined) issue([...at, 'options', o, 'hotkey'], 'turn labels take no hotkeys (a key cannot say which turn it labels); remove it');
    });
    if (control.roles !== undefined && control.roles.length === 0) issue([...at, 'roles'], 'must list at least one role, or be left out for all turns');
  } else if (control.type === 'responseedit') {
    if (control.minLength !== undefined && control.maxLength !== undefined && control.minLength > control.maxLength) issue([...at, 'minLength'], `must not exceed maxLength (${control.maxLength}), got ${control.minLength}`);
    if (control.rules !== undefined) checkTextRulesConfig(control.rules, [...at, 'rules'], issue);
    if (control.promptRules !== undefined) checkTextRulesConfig(control.promptRules, [...at, 'promptRules'], issue);
    if (control.promptRules !== undefined && control.editablePrompt !== true) issue([...at, 'promptRules'], 'apply to a written prompt; add "editablePrompt": true or remove them');
  }
}
