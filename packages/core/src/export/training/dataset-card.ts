/**
 * A Hugging Face dataset card (README.md with YAML front matter) for the training export's zip: one
 * `configs` entry per non-empty record kind, each a `train` split of JSON Lines or of Parquet (the files
 * the card's configs point at), so that `datasets.load_dataset("<folder>", "sft")` loads the folder as exported.
 */
import { stringify } from 'yaml';
import type { TrainingFormatName } from './training-records.js';

/** Which files the zip holds per kind: JSON Lines, Parquet, or both (the card then points at the Parquet). */
export type HfFiles = 'jsonl' | 'parquet' | 'both';

export interface DatasetCardInput {
  name: string;
  /** Record count per kind; kinds with 0 records get no config and no file. */
  counts: Partial<Record<TrainingFormatName, number>>;
  /** BCP 47 language codes of the data, e.g. ["zh", "en"]. */
  languages: string[];
  exportedAt: string;
  /** Default `jsonl`. */
  files?: HfFiles;
}

const DESCRIPTION: Record<TrainingFormatName, string> = {
  sft: 'OpenAI chat fine-tuning records `{"messages": [{role, content}, …]}`; the final assistant message is the gold edit or the preferred response.',
  preference: 'Preference pairs `{prompt, chosen, rejected}` in TRL\'s conversational form (prompt: messages; chosen, rejected: one assistant message each), for DPO and reward models.',
  ranking: 'Rankings `{prompt, completions, ranking}`: candidate responses and their indices best first.',
  reward: 'Reward-model scores `{prompt, response, score, max_score}` from per-response Likert ratings.',
  qa: 'Grounded question–answer pairs in SQuAD form `{id, context, question, answers: {text, answer_start}, evidence}`; `answer_start` and evidence offsets count Unicode code points (Python string indices), -1 for an answer not copied from the context.',
};

/** The record kinds in the order of the zip and the card. */
export const TRAINING_KINDS: readonly TrainingFormatName[] = ['sft', 'preference', 'ranking', 'reward', 'qa'];

/** The path of a kind's file inside the zip. */
export function trainingFilePath(kind: TrainingFormatName, type: 'jsonl' | 'parquet' = 'jsonl'): string {
  return `${kind}/train.${type}`;
}

/** The README.md of the export. */
export function datasetCard(input: DatasetCardInput): string {
  const kinds = TRAINING_KINDS.filter((k) => (input.counts[k] ?? 0) > 0);
  const files = input.files ?? 'jsonl';
  const type = files === 'jsonl' ? 'jsonl' : 'parquet';
  const front = {
    pretty_name: input.name,
    language: input.languages,
    task_categories: kinds.includes('qa') ? ['text-generation', 'question-answering'] : ['text-generation'],
    configs: kinds.map((k) => ({ config_name: k, data_files: [{ split: 'train', path: trainingFilePath(k, type) }] })),
  };
  const rows = kinds.map((k) => `| \`${k}\` | \`${trainingFilePath(k, type)}\` | ${input.counts[k]} | ${DESCRIPTION[k]} |`);
  const layout =
    files === 'jsonl'
      ? 'Each configuration is one JSON Lines file (UTF-8, one record per line)'
      : files === 'parquet'
        ? 'Each configuration is one Parquet file (nested columns: lists of `{role, content}` structs for messages)'
        : 'Each configuration is one Parquet file (nested columns); the same records are also in `<config>/train.jsonl` (JSON Lines)';
  return [
    '---',
    stringify(front).trimEnd(),
    '---',
    '',
    `# ${input.name}`,
    '',
    `Exported ${input.exportedAt}. ${layout}, built from the tasks' delivered labels (gold, adjudication, a single annotation, or the annotators' combined vote).`,
    '',
    '| config | file | records | contents |',
    '|---|---|---|---|',
    ...rows,
    '',
    '```python',
    'from datasets import load_dataset',
    `ds = load_dataset("path/to/this/folder", "${kinds[0] ?? 'sft'}")`,
    '```',
    '',
  ].join('\n');
}
