/** The contract of the training exports of dialogue and grounded-QA projects (docs/llm-data.md). */
import Type, { type Static } from 'typebox';

/**
 * `sft` (OpenAI chat JSONL), `preference` (DPO pairs JSONL), `ranking` (JSONL), `reward` (reward-model
 * scores JSONL), `qa` (SQuAD-shaped grounded QA JSONL), `hf` (a zip of all of them as a Hugging Face
 * datasets folder with a dataset card).
 */
export const TrainingExportFormat = Type.Union([Type.Literal('sft'), Type.Literal('preference'), Type.Literal('ranking'), Type.Literal('reward'), Type.Literal('qa'), Type.Literal('hf')]);
export type TrainingExportFormat = Static<typeof TrainingExportFormat>;

/** Which files the `hf` zip holds per kind: `jsonl` (default), `parquet`, or `both` (the card points at the Parquet). */
export const HfFilesSchema = Type.Union([Type.Literal('jsonl'), Type.Literal('parquet'), Type.Literal('both')], { description: 'hf export only: JSON Lines (default), Parquet, or both' });

/** Whether an export format name is one of the training exports. */
export function isTrainingExportFormat(format: string): format is TrainingExportFormat {
  return format === 'sft' || format === 'preference' || format === 'ranking' || format === 'reward' || format === 'qa' || format === 'hf';
}
