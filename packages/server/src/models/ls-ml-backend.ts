import { labelConfigToLabelStudioXml, type ResultItem } from '@yungang/core';
import { isRecord, joinUrl, requestJson } from './http-json.js';
import { ModelBackendError, type ModelBackend, type ModelHealth, type ModelPrediction, type ModelProject, type ModelTask, type SuggestContext, type TrainEvent } from './model-backend.js';

export interface LabelStudioBackendOptions {
  url: string;
  /** Sent as `Authorization: Token <key>` for backends behind a proxy that checks it; basic auth goes in the URL. */
  apiKey?: string | null | undefined;
}

/**
 * A Label Studio ML backend (the `label-studio-ml` SDK's server), spoken to exactly as Label Studio does,
 * so existing backends work unchanged:
 * - `GET /health` → `{"status": "UP", …}`
 * - `POST /setup` `{project: "<id>.<ms>", schema: <XML>, hostname, access_token, extra_params}` → `{"model_version"}`
 * - `POST /predict` `{tasks: [{id, data}], project, label_config: <XML>, params: {login, password, context}}`
 *   → `{"results": [{result: [...], score, model_version}], "model_version"}`; `context` carries the
 *   interactive prompt (keypoint/rectangle/labels items) as Label Studio sends it
 * - `POST /webhook` `{action: "ANNOTATION_CREATED" | "START_TRAINING", project: {id, label_config}, annotation, task}`
 * Labels Studio's task ids are integers; ours are too (as strings), so they pass as numbers.
 */
export class LabelStudioMlBackend implements ModelBackend {
  private readonly started = Date.now();

  constructor(private readonly options: LabelStudioBackendOptions) {}

  private get name(): string {
    return `Label Studio ML backend ${this.options.url}`;
  }

  private headers(): Record<string, string> {
    return this.options.apiKey ? { authorization: `Token ${this.options.apiKey}` } : {};
  }

  private projectRef(project: ModelProject): string {
    return `${project.id}.${this.started}`;
  }

  async health(signal: AbortSignal): Promise<ModelHealth> {
    const body = await requestJson(this.name, joinUrl(this.options.url, 'health'), { method: 'GET', headers: this.headers() }, signal);
    const status = isRecord(body) ? body['status'] : undefined;
    if (status !== 'UP') throw new ModelBackendError(`${this.name}: /health answered status ${JSON.stringify(status)}, expected "UP"`, false);
    const modelClass = isRecord(body) && typeof body['model_class'] === 'string' ? ` ${body['model_class']}` : '';
    return { ok: true, detail: `UP${modelClass}` };
  }

  async setup(project: ModelProject, signal: AbortSignal): Promise<{ modelVersion: string }> {
    const body = await requestJson(
      this.name,
      joinUrl(this.options.url, 'setup'),
      { method: 'POST', headers: this.headers(), body: { project: this.projectRef(project), schema: labelConfigToLabelStudioXml(project.labelConfig), hostname: '', access_token: '', extra_params: {} } },
      signal,
    );
    return { modelVersion: isRecord(body) && typeof body['model_version'] === 'string' ? body['model_version'] : 'unknown' };
  }

  async predict(project: ModelProject, tasks: ModelTask[], context: SuggestContext | undefined, signal: AbortSignal): Promise<ModelPrediction[]> {
    const body = await requestJson(
      this.name,
      joinUrl(this.options.url, 'predict'),
      {
        method: 'POST',
        headers: this.headers(),
        body: {
          tasks: tasks.map((t) => ({ id: Number(t.id), data: t.data })),
          project: this.projectRef(project),
          label_config: labelConfigToLabelStudioXml(project.labelConfig),
          params: { login: null, password: null, context: context ? labelStudioContext(project, context) : null },
        },
      },
      signal,
    );
    const results = isRecord(body) ? body['results'] : undefined;
    if (!Array.isArray(results)) throw new ModelBackendError(`${this.name}: /predict answered without a "results" array`, false);
    if (results.length !== tasks.length) throw new ModelBackendError(`${this.name}: /predict answered ${results.length} results for ${tasks.length} tasks`, false);
    const version = isRecord(body) && typeof body['model_version'] === 'string' ? body['model_version'] : 'unknown';
    return results.map((r, i): ModelPrediction => {
      if (!isRecord(r) || !Array.isArray(r['result'])) throw new ModelBackendError(`${this.name}: /predict results[${i}] has no "result" array`, false);
      return {
        taskId: tasks[i]!.id,
        result: r['result'] as ResultItem[],
        score: typeof r['score'] === 'number' && Number.isFinite(r['score']) ? r['score'] : null,
        modelVersion: typeof r['model_version'] === 'string' ? r['model_version'] : version,
      };
    });
  }

  async train(event: TrainEvent, signal: AbortSignal): Promise<void> {
    const last = event.annotations[event.annotations.length - 1];
    await requestJson(
      this.name,
      joinUrl(this.options.url, 'webhook'),
      {
        method: 'POST',
        headers: this.headers(),
        body: {
          action: event.action,
          project: { id: event.project.id, title: event.project.title, label_config: labelConfigToLabelStudioXml(event.project.labelConfig) },
          ...(last ? { annotation: { result: last.result }, task: { id: Number(last.taskId), data: last.data } } : {}),
        },
      },
      signal,
    );
  }
}

/**
 * The interactive prompt the way Label Studio's editor sends it in `params.context.result`: a keypoint
 * or rectangle on the image (percent), or a labelled text selection, each marked `is_positive`.
 */
function labelStudioContext(project: ModelProject, context: SuggestContext): { result: unknown[] } {
  const image = project.labelConfig.fields.find((f) => f.type === 'image')?.name ?? '';
  const text = project.labelConfig.fields.find((f) => f.type === 'text')?.name ?? '';
  const result: unknown[] = [];
  if (context.point) result.push({ type: 'keypointlabels', to_name: image, from_name: 'context', is_positive: true, value: { x: context.point.x, y: context.point.y, width: 1, keypointlabels: [] } });
  if (context.box) result.push({ type: 'rectanglelabels', to_name: image, from_name: 'context', is_positive: true, value: { ...context.box, rectanglelabels: [] } });
  if (context.selection) result.push({ type: 'labels', to_name: text, from_name: 'context', is_positive: true, value: { ...context.selection, labels: [] } });
  if (context.segment) result.push({ type: 'labels', to_name: project.labelConfig.fields.find((f) => f.type === 'audio')?.name ?? '', from_name: 'context', is_positive: true, value: { ...context.segment, labels: [] } });
  return { result };
}
