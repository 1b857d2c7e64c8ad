/**
 * The grounded question–answer control (`groundedqa`) on a text field, the passage: the annotator marks
 * evidence spans in the passage and writes a question and an answer about them; several pairs per task up
 * to `maxPairs`. Its result is `{pairs: [{question, answer, evidence: [{start, end, text}]}]}`, evidence in
 * code points like `labels` spans (docs/llm-data.md). The shape lives here, not in parse-label-config.ts.
 */
import Type from 'typebox';
import { TextRulesSchema, checkTextRulesConfig, type TextRules } from './text-rules.js';

export interface GroundedQaControl {
  type: 'groundedqa';
  name: string;
  toName: string;
  title?: string;
  required?: boolean;
  /** Most pairs per task (default 10). */
  maxPairs?: number;
  /** Every pair must cite at least one evidence span (default true). */
  requireEvidence?: boolean;
  /** Extractive QA: the answer must occur inside one of its evidence spans (default false). */
  answerInEvidence?: boolean;
  /** Rules on each question, e.g. `{"minLength": 5, "endsWith": ["？", "?"]}`. */
  question?: TextRules;
  /** Rules on each answer. */
  answer?: TextRules;
}

/** Pairs per task when the control does not say. */
export const DEFAULT_MAX_QA_PAIRS = 10;

export const GroundedQaControlSchema = Type.Object(
  {
    type: Type.Literal('groundedqa'),
    name: Type.String(),
    toName: Type.String(),
    title: Type.Optional(Type.String()),
    required: Type.Optional(Type.Boolean()),
    maxPairs: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    requireEvidence: Type.Optional(Type.Boolean()),
    answerInEvidence: Type.Optional(Type.Boolean()),
    question: Type.Optional(TextRulesSchema),
    answer: Type.Optional(TextRulesSchema),
  },
  { additionalProperties: false },
);

/** Rules of the control beyond its shape. */
export function checkGroundedQaControl(control: GroundedQaControl, at: (string | number)[], issue: (segments: (string | number)[], message: string) => void): void {
  if (control.question !== undefined) checkTextRulesConfig(control.question, [...at, 'question'], issue);
  if (control.answer !== undefined) checkTextRulesConfig(control.answer, [...at, 'answer'], issue);
  // An extractive answer is found in its evidence; without evidence there is nothing to find it in.
  if (control.answerInEvidence === true && control.requireEvidence === false) issue([...at, 'answerInEvidence'], 'needs evidence: an extractive answer is found inside its evidence span; remove requireEvidence: false');
}
