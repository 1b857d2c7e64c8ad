/**
 * A Hugging Face dataset card (README.md with YAML front matter) for the training export's zip: one
 * `configs` entry per non-empty record kind, each a `train` split of JSON Lines, so that
 * `datasets.load_dataset("<folder>", "sft")` loads the folder as exported.
 */
import { stringify } from 'yaml';
import type { TrainingFormatName } from './training-records.js';

export interface DatasetCardInput {
  name: string;
  /** Record count per kind; kinds with 0 records get no config and no file. */
  counts: Partial<Record<TrainingFormatName, number>>;
  /** BCP 47 language codes of the data, e.g. ["zh", "en"]. */
  languages: string[];
  exportedAt: string;
}

const DESCRIPTION: Record<TrainingFormatName, string> = {
  sft: 'OpenAI chat fine-tuning records `{"messages": [{role, content}, …]}`; the final assistant message is the gold edit or the preferred response.',
  preference: 'Preference pairs `{prompt, chosen, rejected}` in TRL\'s conversational form (prompt: messages; chosen, rejected: one assistant message each), for DPO and reward models.',
  ranking: 'Rankings `{prompt, completions, ranking}`: candidate responses and their indices best first.',
  reward: 'Reward-model scores `{prompt, response, score, max_score}` from per-response Likert ratings.',
};

/** The path of a kind's file inside the zip. */
export function trainingFilePath(kind: TrainingFormatName): string {
  return `${kind}/train.jsonl`;
}

/** The README.md of the export. */
export function datasetCard(input: DatasetCardInput): string {
  const kinds = (Object.keys(DESCRIPTION) as TrainingFormatName[]).filter((k) => (input.counts[k] ?? 0) > 0);
  const front = {
    pretty_name: input.name,
    language: input.languages,
    task_categories: ['text-generation'],
    configs: kinds.map((k) => ({ config_name: k, data_files: [{ split: 'train', path: trainingFilePath(k) }] })),
  };
  const rows = kinds.map((k) => `| \`${k}\` | \`${trainingFilePath(k)}\` | ${input.counts[k]} | ${DESCRIPTION[k]} |`);
  return [
    '---',
    stringify(front).trimEnd(),
    '---',
    '',
    `# ${input.name}`,
    '',
    `Exported ${input.exportedAt}. Each configuration is one JSON Lines file (UTF-8, one record per line), built from the tasks' delivered labels (gold, adjudication, a single annotation, or the annotators' combined vote).`,
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
