/**
 * Training records from dialogue tasks and their delivered labels (docs/llm-data.md):
 * - SFT: OpenAI chat fine-tuning lines `{"messages": [...]}`: the prompt plus the best answer (the gold
 *   edit when there is one, else the top-ranked or preferred candidate, else the conversation's own final
 *   assistant message);
 * - preference pairs for DPO / reward modelling, TRL's conversational form `{prompt, chosen, rejected}`
 *   (prompt a message list, chosen and rejected one assistant message each): every ordered pair of a
 *   ranking, or the pairwise choice (a tie gives none), plus (gold edit, original) for an edited candidate;
 * - ranking records `{prompt, completions, ranking}` (candidate indices best first);
 * - reward-model scores `{prompt, response, score, max_score}` from per-response ratings (or a rating
 *   of a dialogue with a single candidate).
 * Pure: the server gathers tasks and labels and writes what these return.
 */
import { pairwiseOf, rankingOf, responseEditOf, responseRatingsOf } from '../../annotation/dialogue-labels.js';
import { ratingOf } from '../../annotation/result-labels.js';
import type { AnnotationResult } from '../../annotation/result.types.js';
import { dialogueCandidates, readDialogue, type DialogueCandidates, type DialogueMessage } from '../../dialogue/dialogue.js';
import type { LabelConfig } from '../../label-config/label-config.types.js';
import { qaRecords } from './qa-records.js';

/** A task with its delivered label (`taskLabel`). */
export interface TrainingTask {
  id: string;
  data: Record<string, unknown>;
  label: AnnotationResult;
}

export interface SftRecord {
  messages: DialogueMessage[];
}

export interface PreferenceRecord {
  prompt: DialogueMessage[];
  chosen: DialogueMessage[];
  rejected: DialogueMessage[];
}

export interface RankingRecord {
  prompt: DialogueMessage[];
  completions: string[];
  ranking: number[];
}

export interface RewardRecord {
  prompt: DialogueMessage[];
  response: string;
  score: number;
  max_score: number;
}

/** `qa`: SQuAD-shaped grounded question–answer records (qa-records.ts), from a `groundedqa` control on a text field. */
export type TrainingFormatName = 'sft' | 'preference' | 'ranking' | 'reward' | 'qa';

/** The dialogue field the training exports read: the first of the config; undefined when there is none. */
export function trainingField(config: LabelConfig): string | undefined {
  return config.fields.find((f) => f.type === 'dialogue')?.name;
}

function candidatesOf(config: LabelConfig, task: TrainingTask): DialogueCandidates | null {
  const field = trainingField(config);
  if (field === undefined) return null;
  const { dialogue } = readDialogue(task.data[field], [field]);
  return dialogue === undefined ? null : dialogueCandidates(dialogue);
}

const assistant = (content: string): DialogueMessage => ({ role: 'assistant', content });
type Control = LabelConfig['controls'][number];
const controlsOf = <T extends Control['type']>(config: LabelConfig, type: T, field: string | undefined): Extract<Control, { type: T }>[] =>
  config.controls.filter((c): c is Extract<Control, { type: T }> => c.type === type && c.toName === field);

/** The best answer of a task: the gold edit, else the top of a ranking, else the preferred of a pair, else the only candidate. */
function bestAnswer(config: LabelConfig, task: TrainingTask, c: DialogueCandidates): string | null {
  const field = trainingField(config);
  for (const control of controlsOf(config, 'responseedit', field)) {
    const edit = responseEditOf(task.label, control.name);
    if (edit !== null) return edit.text;
  }
  for (const control of controlsOf(config, 'ranker', field)) {
    const ranking = rankingOf(task.label, control.name);
    if (ranking !== null && ranking[0] !== undefined) return c.candidates[ranking[0]] ?? null;
  }
  for (const control of controlsOf(config, 'pairwise', field)) {
    const p = pairwiseOf(task.label, control.name);
    if (p !== null && p.selected !== 'tie') return c.candidates[p.selected === 'left' ? 0 : 1] ?? null;
  }
  return c.candidates.length === 1 ? c.candidates[0]! : null;
}

/** The SFT record of a task, or null when it has no answer to train on (no candidate chosen). */
export function sftRecord(config: LabelConfig, task: TrainingTask): SftRecord | null {
  const c = candidatesOf(config, task);
  if (c === null) return null;
  const answer = bestAnswer(config, task, c);
  return answer === null ? null : { messages: [...promptOf(config, task, c), assistant(answer)] };
}

/**
 * The prompt of the SFT record: the task's, with the prompt an `editablePrompt` control's annotator wrote
 * in place of the last user message (appended when the conversation has none, e.g. only a system message).
 */
function promptOf(config: LabelConfig, task: TrainingTask, c: DialogueCandidates): DialogueMessage[] {
  for (const control of controlsOf(config, 'responseedit', trainingField(config))) {
    const written = responseEditOf(task.label, control.name)?.prompt;
    if (written === undefined) continue;
    const last = c.prompt.at(-1);
    const user: DialogueMessage = { role: 'user', content: written };
    return last?.role === 'user' ? [...c.prompt.slice(0, -1), user] : [...c.prompt, user];
  }
  return c.prompt;
}

/** The preference pairs of a task (module comment); ranking pairs first, then pairwise, then the gold edit. */
export function preferenceRecords(config: LabelConfig, task: TrainingTask): PreferenceRecord[] {
  const c = candidatesOf(config, task);
  if (c === null) return [];
  const field = trainingField(config);
  const pair = (chosen: string | undefined, rejected: string | undefined): PreferenceRecord[] =>
    chosen === undefined || rejected === undefined ? [] : [{ prompt: c.prompt, chosen: [assistant(chosen)], rejected: [assistant(rejected)] }];
  const out: PreferenceRecord[] = [];
  let ranked = false;
  for (const control of controlsOf(config, 'ranker', field)) {
    const ranking = rankingOf(task.label, control.name);
    if (ranking === null) continue;
    ranked = true;
    for (let i = 0; i < ranking.length; i++) for (let j = i + 1; j < ranking.length; j++) out.push(...pair(c.candidates[ranking[i]!], c.candidates[ranking[j]!]));
  }
  // A ranking already orders the pair; a pairwise answer on the same task would only repeat one of its pairs.
  if (!ranked) {
    for (const control of controlsOf(config, 'pairwise', field)) {
      const p = pairwiseOf(task.label, control.name);
      if (p === null || p.selected === 'tie') continue;
      out.push(...(p.selected === 'left' ? pair(c.candidates[0], c.candidates[1]) : pair(c.candidates[1], c.candidates[0])));
    }
  }
  for (const control of controlsOf(config, 'responseedit', field)) {
    const edit = responseEditOf(task.label, control.name);
    // An answer written from scratch (original "") has nothing to be preferred over.
    // A rewritten prompt makes the original answer one to another question: no pair either.
    if (edit !== null && edit.original !== '' && edit.prompt === undefined) out.push(...pair(edit.text, edit.original));
  }
  return out;
}

/** The ranking record of a task, or null when it has no ranking. */
export function rankingRecord(config: LabelConfig, task: TrainingTask): RankingRecord | null {
  const c = candidatesOf(config, task);
  if (c === null) return null;
  for (const control of controlsOf(config, 'ranker', trainingField(config))) {
    const ranking = rankingOf(task.label, control.name);
    if (ranking !== null) return { prompt: c.prompt, completions: c.candidates, ranking: [...ranking] };
  }
  return null;
}

/** Reward-model records of a task: one per rated candidate. */
export function rewardRecords(config: LabelConfig, task: TrainingTask): RewardRecord[] {
  const c = candidatesOf(config, task);
  if (c === null) return [];
  const field = trainingField(config);
  const out: RewardRecord[] = [];
  for (const control of controlsOf(config, 'responserating', field)) {
    const ratings = responseRatingsOf(task.label, control.name);
    ratings?.forEach((score, n) => {
      const response = c.candidates[n];
      if (response !== undefined) out.push({ prompt: c.prompt, response, score, max_score: control.maxRating });
    });
  }
  // A plain rating of a dialogue scores its single candidate (the final assistant message).
  if (c.candidates.length === 1) {
    for (const control of controlsOf(config, 'rating', field)) {
      const score = ratingOf(task.label, control.name);
      if (score !== null) out.push({ prompt: c.prompt, response: c.candidates[0]!, score, max_score: control.maxRating });
    }
  }
  return out;
}

/** The records of one format for a task, each as a JSONL line ending with "\n". */
export function trainingLines(format: TrainingFormatName, config: LabelConfig, task: TrainingTask): string[] {
  const records: unknown[] =
    format === 'sft'
      ? [sftRecord(config, task)].filter((r) => r !== null)
      : format === 'preference'
        ? preferenceRecords(config, task)
        : format === 'ranking'
          ? [rankingRecord(config, task)].filter((r) => r !== null)
          : format === 'qa'
            ? qaRecords(config, task)
            : rewardRecords(config, task);
  return records.map((r) => `${JSON.stringify(r)}\n`);
}
