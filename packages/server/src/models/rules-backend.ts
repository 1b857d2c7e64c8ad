import { rulePrelabel, type RuleSet } from '@yungang/core';
import type { ModelBackend, ModelHealth, ModelPrediction, ModelProject, ModelTask, SuggestContext } from './model-backend.js';

/**
 * The rule and dictionary pre-labeller (core models/rule-prelabel.ts) behind the port. With a text
 * selection in the context, only spans inside it are suggested. Rules are certain or absent: score 1
 * when something matched, null otherwise.
 */
export class RulesBackend implements ModelBackend {
  constructor(
    private readonly rules: RuleSet,
    private readonly version: string,
  ) {}

  health(): Promise<ModelHealth> {
    const n = (this.rules.regex?.length ?? 0) + (this.rules.gazetteer?.length ?? 0) + (this.rules.keywords?.length ?? 0);
    return Promise.resolve({ ok: true, detail: `${n} rules` });
  }

  setup(): Promise<{ modelVersion: string }> {
    return Promise.resolve({ modelVersion: this.version });
  }

  predict(project: ModelProject, tasks: ModelTask[], context: SuggestContext | undefined): Promise<ModelPrediction[]> {
    return Promise.resolve(
      tasks.map((task) => {
        const selection = context?.selection;
        const result = rulePrelabel(project.labelConfig, task.data, this.rules).filter((item) => !selection || item.type !== 'labels' || (item.value.start >= selection.start && item.value.end <= selection.end));
        return { taskId: task.id, result, score: result.length > 0 ? 1 : null, modelVersion: this.version };
      }),
    );
  }
}
