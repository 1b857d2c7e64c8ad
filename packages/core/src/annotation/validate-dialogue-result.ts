/**
 * Checks of the dialogue controls' result items (pairwise, ranker, responserating, turnchoices,
 * responseedit), split from validate-result.ts to keep that file about the dispatch. Candidates are
 * those of the task's dialogue (`dialogueCandidates`): an index past them is refused with the count.
 */
import Type from 'typebox';
import { createPatch } from 'diff';
import { dialogueCandidates, dialogueTurns, readDialogue, type Dialogue } from '../dialogue/dialogue.js';
import type { DialogueControl } from '../label-config/dialogue-controls.js';
import type { ResponseEditControl } from '../label-config/label-config.types.js';
import { textRuleProblems } from './text-rules-check.js';
import { schemaIssues } from '../validation/validate-schema.js';
import { formatPath, type ValidationIssue } from '../validation/validation-error.js';
import type { DialogueResultItem } from './dialogue-result.types.js';

const PairwiseShape = Type.Object({ selected: Type.Union([Type.Literal('left'), Type.Literal('right'), Type.Literal('tie')]), reason: Type.Optional(Type.String()) }, { additionalProperties: true });
const RankerShape = Type.Object({ ranking: Type.Array(Type.Integer()) }, { additionalProperties: true });
const ResponseRatingShape = Type.Object({ ratings: Type.Array(Type.Number()) }, { additionalProperties: true });
const TurnChoicesShape = Type.Object({ turn: Type.Integer(), choices: Type.Array(Type.String()) }, { additionalProperties: true });
const ResponseEditShape = Type.Object({ response: Type.Integer(), text: Type.String(), prompt: Type.Optional(Type.String()) }, { additionalProperties: true });

type Segments = (string | number)[];
interface RawItem {
  id: string;
  from_name: string;
  to_name: string;
  value: Record<string, unknown>;
}

/** The unified diff from a candidate to its corrected text, as stored in `responseedit` items. */
export function responsePatch(original: string, text: string): string {
  return createPatch('response', original, text, 'original', 'gold');
}

/**
 * Validates item `i` of a dialogue control against the task's dialogue. `singleItemOf` tracks controls that
 * take one item per annotation (all but turnchoices, which takes one per turn, tracked by control + turn).
 */
export function checkDialogueItem(
  control: DialogueControl,
  item: RawItem,
  i: number,
  data: Record<string, unknown>,
  singleItemOf: Map<string, number>,
  issue: (segments: Segments, message: string) => void,
  add: (issues: ValidationIssue[]) => void,
): DialogueResultItem | undefined {
  const { dialogue } = readDialogue(data[control.toName], [control.toName]);
  if (dialogue === undefined) {
    issue([i, 'to_name'], `task data has no valid dialogue in field "${control.toName}"`);
    return undefined;
  }
  const shape = (schema: Parameters<typeof schemaIssues>[0]): boolean => {
    const found = schemaIssues(schema, item.value, formatPath(['result', i, 'value']));
    add(found);
    return found.length === 0;
  };
  const once = (key: string, what: string): void => {
    const earlier = singleItemOf.get(key);
    if (earlier !== undefined) issue([i], `second ${control.type} item for control "${control.name}"${what} (first is result[${earlier}]); one item each`);
    else singleItemOf.set(key, i);
  };
  const base = { id: item.id, from_name: item.from_name, to_name: item.to_name };
  const { candidates } = dialogueCandidates(dialogue);

  switch (control.type) {
    case 'pairwise': {
      once(control.name, '');
      if (!shape(PairwiseShape)) return undefined;
      if (candidates.length < 2) issue([i], `pairwise needs two candidate responses and the task has ${candidates.length}; give the task "responses"`);
      const { selected, reason } = item.value as { selected: 'left' | 'right' | 'tie'; reason?: string };
      if (selected === 'tie' && control.allowTie === false) issue([i, 'value', 'selected'], `control "${control.name}" does not allow a tie; choose "left" (A) or "right" (B)`);
      const trimmed = reason?.trim() ?? '';
      if (control.reason === 'required' && trimmed === '') issue([i, 'value', 'reason'], `control "${control.name}" requires a reason for the preference`);
      return { ...base, type: 'pairwise', value: trimmed === '' ? { selected } : { selected, reason: trimmed } };
    }
    case 'ranker': {
      once(control.name, '');
      if (!shape(RankerShape)) return undefined;
      const ranking = item.value.ranking as number[];
      checkPermutation(ranking, candidates.length, [i, 'value', 'ranking'], issue);
      return { ...base, type: 'ranker', value: { ranking: [...ranking] } };
    }
    case 'responserating': {
      once(control.name, '');
      if (!shape(ResponseRatingShape)) return undefined;
      const ratings = item.value.ratings as number[];
      if (ratings.length !== candidates.length) issue([i, 'value', 'ratings'], `must hold one score per candidate response: ${candidates.length}, got ${ratings.length}`);
      ratings.forEach((r, n) => {
        if (!Number.isInteger(r) || r < 1 || r > control.maxRating) issue([i, 'value', 'ratings', n], `must be a whole number from 1 to ${control.maxRating}, got ${r}`);
      });
      return { ...base, type: 'responserating', value: { ratings: [...ratings] } };
    }
    case 'turnchoices': {
      if (!shape(TurnChoicesShape)) return undefined;
      const { turn, choices } = item.value as { turn: number; choices: string[] };
      once(`${control.name}\u0000${turn}`, ` on turn ${turn}`);
      checkTurn(control.roles, dialogue, turn, [i, 'value', 'turn'], issue);
      if (choices.length === 0) issue([i, 'value', 'choices'], 'must hold at least one value; omit the item when the turn has no label');
      if (control.choice === 'single' && choices.length > 1) issue([i, 'value', 'choices'], `control "${control.name}" is single-choice, got ${choices.length} values`);
      const allowed = new Set(control.options.map((o) => o.value));
      const seen = new Set<string>();
      choices.forEach((choice, c) => {
        if (!allowed.has(choice)) issue([i, 'value', 'choices', c], `${JSON.stringify(choice)} is not an option of "${control.name}" (options: ${[...allowed].join(', ')})`);
        if (seen.has(choice)) issue([i, 'value', 'choices', c], `duplicate value ${JSON.stringify(choice)}`);
        seen.add(choice);
      });
      return { ...base, type: 'turnchoices', value: { turn, choices: [...choices] } };
    }
    case 'responseedit': {
      once(control.name, '');
      if (!shape(ResponseEditShape)) return undefined;
      const { response, text, prompt } = item.value as { response: number; text: string; prompt?: string };
      // No candidate (the conversation ends with a user turn): the answer is written from scratch as response 0.
      const original = candidates.length === 0 && response === 0 ? '' : candidates[response];
      if (original === undefined) {
        issue([i, 'value', 'response'], candidates.length === 0 ? 'must be 0: the task has no response yet, so the answer is written as response 0' : `must be a candidate index from 0 to ${candidates.length - 1}, got ${response}`);
        return undefined;
      }
      const writtenPrompt = checkWrittenPrompt(control, prompt, dialogue, [i, 'value', 'prompt'], issue);
      if (text.trim() === '') issue([i, 'value', 'text'], 'must hold the corrected answer; omit the item when nothing was edited');
      // A rewritten prompt with the answer kept is still an edit: the pair is new.
      else if (text === original && writtenPrompt === undefined) issue([i, 'value', 'text'], 'is the same as the original response; omit the item when nothing was edited');
      const length = Array.from(text).length;
      if (control.maxLength !== undefined && length > control.maxLength) issue([i, 'value', 'text'], `must be at most ${control.maxLength} characters, got ${length}`);
      if (control.minLength !== undefined && length < control.minLength && text.trim() !== '') issue([i, 'value', 'text'], `must be at least ${control.minLength} characters, got ${length}; write a fuller answer`);
      if (control.rules !== undefined && text.trim() !== '') for (const problem of textRuleProblems(text, control.rules)) issue([i, 'value', 'text'], problem);
      // The original and the diff come from the task, whatever the client sent: they are what a reviewer trusts.
      const value = { response, text, original, patch: responsePatch(original, text) };
      return { ...base, type: 'responseedit', value: writtenPrompt === undefined ? value : { ...value, prompt: writtenPrompt } };
    }
  }
}

/**
 * The prompt written with an `editablePrompt` control: required when the conversation has no user message
 * to answer, checked against `promptRules`; refused on a control that does not allow it. Returns the prompt
 * to store, or undefined when none was written (or it equals the task's own last user message).
 */
function checkWrittenPrompt(control: ResponseEditControl, prompt: string | undefined, dialogue: Dialogue, at: Segments, issue: (segments: Segments, message: string) => void): string | undefined {
  const last = dialogueCandidates(dialogue).prompt.at(-1);
  const current = last?.role === 'user' ? last.content : undefined;
  if (control.editablePrompt !== true) {
    if (prompt !== undefined && prompt !== current) issue(at, `control "${control.name}" does not let the prompt be edited (set "editablePrompt": true); omit it`);
    return undefined;
  }
  if (prompt === undefined || prompt.trim() === '') {
    if (current === undefined) issue(at, 'must hold the prompt: the task has no user message, so write the instruction the answer responds to');
    return undefined;
  }
  if (control.promptRules !== undefined) for (const problem of textRuleProblems(prompt, control.promptRules)) issue(at, problem);
  return prompt === current ? undefined : prompt;
}

/** `ranking` must name each index 0..count-1 exactly once. */
function checkPermutation(ranking: readonly number[], count: number, at: Segments, issue: (segments: Segments, message: string) => void): void {
  if (count < 2) {
    issue(at, `ranking needs at least two candidate responses and the task has ${count}; give the task "responses"`);
    return;
  }
  if (ranking.length !== count) issue(at, `must rank all ${count} candidate responses (each index 0..${count - 1} once, best first), got ${ranking.length}`);
  const seen = new Set<number>();
  ranking.forEach((r, n) => {
    if (r < 0 || r >= count) issue([...at, n], `must be a candidate index from 0 to ${count - 1}, got ${r}`);
    else if (seen.has(r)) issue([...at, n], `candidate ${r} is ranked twice`);
    seen.add(r);
  });
}

function checkTurn(roles: readonly string[] | undefined, dialogue: Dialogue, turn: number, at: Segments, issue: (segments: Segments, message: string) => void): void {
  const turns = dialogueTurns(dialogue);
  const role = turns[turn]?.role;
  if (role === undefined) {
    issue(at, `must be a turn index from 0 to ${turns.length - 1} (the messages, then the candidate responses), got ${turn}`);
    return;
  }
  if (roles !== undefined && !roles.includes(role)) issue(at, `turn ${turn} is a ${role} message; this control labels ${roles.join(', ')} turns only`);
}
