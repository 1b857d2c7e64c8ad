import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { datasetCard, trainingFilePath } from './dataset-card.js';

describe('datasetCard', () => {
  it('writes YAML front matter with one datasets config per non-empty record kind', () => {
    const card = datasetCard({ name: '客服对话 偏好', counts: { sft: 3, preference: 2, ranking: 0 }, languages: ['zh'], exportedAt: '2026-11-30T00:00:00Z' });
    const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
    expect(match).not.toBeNull();
    const front = parse(match![1]!) as { pretty_name: string; language: string[]; configs: { config_name: string; data_files: { split: string; path: string }[] }[] };
    expect(front.pretty_name).toBe('客服对话 偏好');
    expect(front.language).toEqual(['zh']);
    expect(front.configs).toEqual([
      { config_name: 'sft', data_files: [{ split: 'train', path: 'sft/train.jsonl' }] },
      { config_name: 'preference', data_files: [{ split: 'train', path: 'preference/train.jsonl' }] },
    ]);
    expect(card).toContain(`| \`preference\` | \`${trainingFilePath('preference')}\` | 2 |`);
    expect(card).not.toContain('ranking/train.jsonl');
  });

  it('points the configs at the Parquet files when they are written, and adds the qa config', () => {
    for (const files of ['parquet', 'both'] as const) {
      const card = datasetCard({ name: 'QA', counts: { sft: 1, qa: 4 }, languages: ['zh'], exportedAt: '2026-11-30T00:00:00Z', files });
      const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as { task_categories: string[]; configs: { config_name: string; data_files: { path: string }[] }[] };
      expect(front.configs.map((c) => [c.config_name, c.data_files[0]!.path])).toEqual([
        ['sft', 'sft/train.parquet'],
        ['qa', 'qa/train.parquet'],
      ]);
      expect(front.task_categories).toContain('question-answering');
      expect(card).toContain('code points');
    }
  });
});
