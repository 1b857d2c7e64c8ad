/**
 * Result items of the dialogue controls, in Label Studio's item shape. Candidates are addressed by their
 * 0-based index in the task's candidates (docs/llm-data.md): the `responses`, or the final assistant message.
 */

/** Label Studio's Pairwise value (`left` = candidate 0 = A, `right` = candidate 1 = B) plus `tie`, with a reason. */
export type PairwiseValue = {
  selected: 'left' | 'right' | 'tie';
  reason?: string;
};

export interface PairwiseResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'pairwise';
  value: PairwiseValue;
}

/** Every candidate index once, best first. */
export type RankerValue = {
  ranking: number[];
};

export interface RankerResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'ranker';
  value: RankerValue;
}

/** One score per candidate, in candidate order (a delivered label may hold non-integer means or medians). */
export type ResponseRatingValue = {
  ratings: number[];
};

export interface ResponseRatingResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'responserating';
  value: ResponseRatingValue;
}

/** Labels of one turn: `turn` is the 0-based index of the message in the conversation. */
export type TurnChoicesValue = {
  turn: number;
  choices: string[];
};

export interface TurnChoicesResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'turnchoices';
  value: TurnChoicesValue;
}

/**
 * A candidate rewritten into a gold answer: `text` is the corrected answer, `original` the candidate as
 * the task holds it, `patch` a unified diff from `original` to `text` (recomputed by the server).
 */
export type ResponseEditValue = {
  response: number;
  text: string;
  original: string;
  patch: string;
  /** The prompt the annotator wrote (controls with `editablePrompt`): the last user message of the SFT record. */
  prompt?: string;
};

export interface ResponseEditResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'responseedit';
  value: ResponseEditValue;
}

export type DialogueResultItem = PairwiseResultItem | RankerResultItem | ResponseRatingResultItem | TurnChoicesResultItem | ResponseEditResultItem;
