/**
 * SQuAD-shaped records of grounded QA pairs (`qa` export, docs/llm-data.md):
 * `{id, context, question, answers: {text: [answer], answer_start: [start]}, evidence: [{start, end, text}]}`,
 * the shape Hugging Face's `squad` dataset and question-answering scripts read. `answer_start` and the
 * evidence offsets count **Unicode code points** (Python `str` indices), not bytes or UTF-16 units; it is
 * -1 when the answer is not copied from the passage (an abstractive answer).
 */
import type { QaEvidence } from '../../annotation/qa-result.types.js';
import type { LabelConfig } from '../../label-config/label-config.types.js';
import { answerStart, qaPairsOf } from '../../qa/qa-labels.js';
import type { TrainingTask } from './training-records.js';

export interface QaRecord {
  id: string;
  context: string;
  question: string;
  answers: { text: string[]; answer_start: number[] };
  evidence: QaEvidence[];
}

/** The first groundedqa control of the config: the one the `qa` export reads. */
export function qaControlOf(config: LabelConfig): Extract<LabelConfig['controls'][number], { type: 'groundedqa' }> | undefined {
  return config.controls.find((c): c is Extract<LabelConfig['controls'][number], { type: 'groundedqa' }> => c.type === 'groundedqa');
}

/** One record per delivered pair of the task, ids `<task id>-<n>`. */
export function qaRecords(config: LabelConfig, task: TrainingTask): QaRecord[] {
  const control = qaControlOf(config);
  if (control === undefined) return [];
  const context = task.data[control.toName];
  if (typeof context !== 'string') return [];
  return (qaPairsOf(task.label, control.name) ?? []).map((pair, n) => ({
    id: `${task.id}-${n}`,
    context,
    question: pair.question,
    answers: { text: [pair.answer], answer_start: [answerStart(context, pair)] },
    evidence: pair.evidence.map((e) => ({ ...e })),
  }));
}
