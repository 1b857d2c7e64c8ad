import { ValidationError, type ValidationIssue } from '../validation/validation-error.js';

/**
 * LLM-as-judge (docs/models.md): the project's rubric is a prompt template; `{{task}}` becomes the
 * task's data and `{{annotation}}` the annotation's result (both as indented JSON), `{{candidates}}` the
 * numbered candidate responses of a dialogue task. The model must answer JSON of `judgeSchema`, which
 * `readVerdict` checks: a score from 0 (wrong) to 1 (fully correct), the reasons, and for a dialogue with
 * several candidates, a score and reasons per candidate. Pure: the server sends and stores it.
 */
export const DEFAULT_JUDGE_RUBRIC = `You review data labelling. Judge whether the annotation is correct and complete for the task, following the project's labelling guidelines.
Score 1 when it is fully correct, 0 when it is wrong, in between for partly correct work. Give short, concrete reasons (what is wrong or missing).

Task:
{{task}}

Annotation:
{{annotation}}`;

export interface JudgeCandidateVerdict {
  index: number;
  score: number;
  reasons: string[];
}

export interface JudgeVerdict {
  score: number;
  reasons: string[];
  /** Present when the task had candidate responses to judge. */
  candidates?: JudgeCandidateVerdict[];
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The rubric with its placeholders filled; a placeholder the rubric leaves out is appended, so the model always sees the work. */
export function renderJudgePrompt(rubric: string, data: Record<string, unknown>, result: unknown, candidates: readonly string[] = []): string {
  const listed = candidates.map((c, i) => `[${i}] ${c}`).join('\n\n');
  let prompt = rubric;
  if (!prompt.includes('{{task}}')) prompt += '\n\nTask:\n{{task}}';
  if (!prompt.includes('{{annotation}}')) prompt += '\n\nAnnotation:\n{{annotation}}';
  if (candidates.length > 0 && !prompt.includes('{{candidates}}')) prompt += '\n\nCandidate responses (judge each one by its index):\n{{candidates}}';
  // One pass over the placeholders, so text inside the task that looks like a placeholder stays as it is.
  const values: Record<string, string> = { task: json(data), annotation: json(result), candidates: listed };
  return prompt.replace(/\{\{(task|annotation|candidates)\}\}/g, (_, name: string) => values[name] ?? '');
}

const score = { type: 'number', minimum: 0, maximum: 1 };
const reasons = { type: 'array', items: { type: 'string' } };

/** The JSON schema of the verdict (`response_format: json_schema`, strict). */
export function judgeSchema(candidates: number): Record<string, unknown> {
  const properties: Record<string, unknown> = { score, reasons };
  if (candidates > 0) {
    properties['candidates'] = {
      type: 'array',
      minItems: candidates,
      maxItems: candidates,
      items: { type: 'object', properties: { index: { type: 'integer', minimum: 0, maximum: candidates - 1 }, score, reasons }, required: ['index', 'score', 'reasons'], additionalProperties: false },
    };
  }
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The model's answer checked against `judgeSchema` (models do not always keep to it); throws with the paths of what is wrong. */
export function readVerdict(answer: unknown, candidates: number): JudgeVerdict {
  const issues: ValidationIssue[] = [];
  const readScore = (v: unknown, path: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) issues.push({ path, message: 'must be a number from 0 to 1' });
    return typeof v === 'number' ? v : 0;
  };
  const readReasons = (v: unknown, path: string): string[] => {
    if (!Array.isArray(v) || v.some((r) => typeof r !== 'string')) {
      issues.push({ path, message: 'must be a list of strings' });
      return [];
    }
    return v as string[];
  };
  if (!isRecord(answer)) throw new ValidationError([{ path: '(root)', message: 'the verdict must be a JSON object {score, reasons}' }]);
  const verdict: JudgeVerdict = { score: readScore(answer['score'], 'score'), reasons: readReasons(answer['reasons'], 'reasons') };
  if (candidates > 0) {
    const list = answer['candidates'];
    if (!Array.isArray(list)) issues.push({ path: 'candidates', message: `must list a verdict for each of the ${candidates} candidates` });
    else {
      const seen = new Set<number>();
      verdict.candidates = list.map((c, i) => {
        const item = isRecord(c) ? c : {};
        const index = item['index'];
        if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= candidates || seen.has(index)) issues.push({ path: `candidates[${i}].index`, message: `must be a distinct candidate index from 0 to ${candidates - 1}` });
        else seen.add(index);
        return { index: typeof index === 'number' ? index : i, score: readScore(item['score'], `candidates[${i}].score`), reasons: readReasons(item['reasons'], `candidates[${i}].reasons`) };
      });
      if (seen.size !== candidates && issues.length === 0) issues.push({ path: 'candidates', message: `must judge all ${candidates} candidates` });
      verdict.candidates.sort((a, b) => a.index - b.index);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return verdict;
}
