/** The contract of the training exports of dialogue projects (docs/llm-data.md). */
import Type, { type Static } from 'typebox';

/**
 * `sft` (OpenAI chat JSONL), `preference` (DPO pairs JSONL), `ranking` (JSONL), `reward` (reward-model
 * scores JSONL), `hf` (a zip of all four as a Hugging Face datasets folder with a dataset card).
 */
export const TrainingExportFormat = Type.Union([Type.Literal('sft'), Type.Literal('preference'), Type.Literal('ranking'), Type.Literal('reward'), Type.Literal('hf')]);
export type TrainingExportFormat = Static<typeof TrainingExportFormat>;

/** Whether an export format name is one of the training exports. */
export function isTrainingExportFormat(format: string): format is TrainingExportFormat {
  return format === 'sft' || format === 'preference' || format === 'ranking' || format === 'reward' || format === 'hf';
}
