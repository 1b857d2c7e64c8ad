/**
 * Label Studio JSON tasks (`[{data, annotations: [{result}], predictions: [{result, model_version, score}]}]`)
 * ↔ our tasks. Results are already our shape; this only unwraps and wraps them. Relation items (links
 * between regions) have no control here and are reported; everything else is checked by `validateResult`
 * when the server stores it.
 */
import type { AnnotationResult, ResultItem } from '../annotation/result.types.js';
import { imageSizeOf, type ImageSize } from './image-size.js';
import { arrayAt, isObject, numberAt, objectAt } from './json-reading.js';
import { FormatError } from './shapes.js';

export interface LabelStudioResultSet {
  where: string;
  result: unknown[];
}

export interface LabelStudioPrediction extends LabelStudioResultSet {
  modelVersion: string | null;
  score: number | null;
}

export interface LabelStudioTask {
  where: string;
  data: Record<string, unknown>;
  /** The image size stated by a result item (`original_width`/`original_height`), for pixel exports later. */
  size?: ImageSize;
  annotations: LabelStudioResultSet[];
  predictions: LabelStudioPrediction[];
}

function results(raw: unknown, where: string, skipped: string[]): unknown[] {
  return arrayAt(raw, where).filter((item, i) => {
    if (isObject(item) && item.type === 'relation') {
      skipped.push(`${where}[${i}]: relation between regions not imported (no relations control)`);
      return false;
    }
    return true;
  });
}

/** Reads a Label Studio export or tasks file: an array of tasks, or one task object. */
export function parseLabelStudio(json: unknown): { tasks: LabelStudioTask[]; skipped: string[] } {
  const list = Array.isArray(json) ? json : [json];
  const skipped: string[] = [];
  const tasks = list.map((raw, i): LabelStudioTask => {
    const where = Array.isArray(json) ? `[${i}]` : 'task';
    const task = objectAt(raw, where);
    const data = objectAt(task.data, `${where}.data`);
    const annotations = arrayAt(task.annotations ?? task.completions ?? [], `${where}.annotations`).flatMap((a, j) => {
      const at = `${where}.annotations[${j}]`;
      const annotation = objectAt(a, at);
      if (annotation.was_cancelled === true) {
        skipped.push(`${at}: cancelled (skipped) annotation not imported`);
        return [];
      }
      return [{ where: `${at}.result`, result: results(annotation.result ?? [], `${at}.result`, skipped) }];
    });
    const predictions = arrayAt(task.predictions ?? [], `${where}.predictions`).map((p, j) => {
      const at = `${where}.predictions[${j}]`;
      const prediction = objectAt(p, at);
      const model = prediction.model_version;
      return {
        where: `${at}.result`,
        result: results(prediction.result ?? [], `${at}.result`, skipped),
        modelVersion: typeof model === 'string' && model !== '' ? model : null,
        score: prediction.score === undefined || prediction.score === null ? null : numberAt(prediction.score, `${at}.score`),
      };
    });
    const out: LabelStudioTask = { where, data: { ...data }, annotations, predictions };
    const items = [...annotations, ...predictions].flatMap((s) => s.result).filter(isObject) as unknown as AnnotationResult;
    const size = imageSizeOf({}, items);
    if (size) out.size = size;
    return out;
  });
  if (tasks.length === 0) throw new FormatError('file', 'holds no tasks');
  return { tasks, skipped };
}

export interface LabelStudioExportTask {
  id: string;
  data: Record<string, unknown>;
  annotations: { id: string; completedBy: string; result: AnnotationResult; createdAt: string; leadTimeMs: number }[];
  predictions: { id: string; result: AnnotationResult; modelVersion: string | null; score: number | null; createdAt: string }[];
}

/** Label Studio's export shape; image items get `original_width`/`original_height` when the size is known. */
export function buildLabelStudio(tasks: readonly LabelStudioExportTask[]): unknown[] {
  return tasks.map((task) => {
    const withSize = (result: AnnotationResult): ResultItem[] => {
      const size = imageSizeOf(task.data, result);
      return result.map((item) =>
        size && (item.type === 'rectanglelabels' || item.type === 'polygonlabels' || item.type === 'keypointlabels') ? { ...item, original_width: size.width, original_height: size.height } : item,
      );
    };
    return {
      id: task.id,
      data: task.data,
      annotations: task.annotations.map((a) => ({ id: a.id, completed_by: a.completedBy, result: withSize(a.result), created_at: a.createdAt, lead_time: a.leadTimeMs / 1000 })),
      predictions: task.predictions.map((p) => ({ id: p.id, model_version: p.modelVersion ?? '', score: p.score, result: withSize(p.result), created_at: p.createdAt })),
    };
  });
}
