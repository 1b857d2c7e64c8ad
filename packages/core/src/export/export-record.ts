/**
 * Pure builders for project exports: one task with its annotations → a JSONL record or a CSV row.
 * The server streams tasks from the database and writes what these return; nothing here does I/O.
 */
import { qaPairsOf } from '../qa/qa-labels.js';
import { audioSegmentsOf, perRegionControlsOf } from '../annotation/audio-segments.js';
import { masksOf, polylinesOf, keypointsOf, polygonsOf, ratingOf, rectanglesOf, textareaOf, tracksOf, pointTracksOf, eventsOf } from '../annotation/result-labels.js';
import type { AnnotationResult, LabelsResultItem } from '../annotation/result.types.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { csvRow, type CsvOptions } from './csv.js';
import { dialogueCell } from './dialogue-cell.js';
import type { TaskLabel } from '../quality/task-label.js';

/** A task as the exporter sees it. `createdAt` is an ISO 8601 timestamp. */
export interface ExportTask {
  id: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** One saved version of an annotation; `createdBy` is the email of whoever saved it. */
export interface ExportAnnotationVersion {
  version: number;
  result: AnnotationResult;
  leadTimeMs: number;
  createdBy: string;
  createdAt: string;
}

/** One annotator's annotation of a task, with its versions oldest first. `annotator` is their email. */
export interface ExportAnnotation {
  id: string;
  annotator: string;
  versions: readonly ExportAnnotationVersion[];
}

/** A version in the JSONL export (snake_case, like the rest of the record and Label Studio's format). */
export interface ExportedVersion {
  version: number;
  result: AnnotationResult;
  lead_time_ms: number;
  created_by: string;
  created_at: string;
}

export interface ExportedAnnotation {
  id: string;
  annotator: string;
  versions: ExportedVersion[];
  /** The result of the latest version; null for an annotation without versions. */
  result: AnnotationResult | null;
}

/** One line of the JSONL export. */
export interface ExportRecord {
  id: string;
  data: Record<string, unknown>;
  annotations: ExportedAnnotation[];
  /** The most recently saved result across all annotations; null when the task has none. */
  result: AnnotationResult | null;
  created_at: string;
  /** In dataset versions: the delivered label (aggregated, adjudicated or gold) and the versions it came from. */
  label?: TaskLabel;
}

/** The JSONL export record of a task. */
export function exportRecord(task: ExportTask, annotations: readonly ExportAnnotation[], label?: TaskLabel): ExportRecord {
  return {
    id: task.id,
    data: task.data,
    annotations: annotations.map((a) => ({
      id: a.id,
      annotator: a.annotator,
      versions: a.versions.map((v) => ({ version: v.version, result: v.result, lead_time_ms: v.leadTimeMs, created_by: v.createdBy, created_at: v.createdAt })),
      result: latestVersion(a)?.result ?? null,
    })),
    result: latestResult(annotations),
    created_at: task.createdAt,
    ...(label ? { label } : {}),
  };
}

/** The record as one JSONL line, ending with "\n". */
export function exportJsonLine(task: ExportTask, annotations: readonly ExportAnnotation[], label?: TaskLabel): string {
  return `${JSON.stringify(exportRecord(task, annotations, label))}\n`;
}

/** The highest-numbered version of an annotation (not trusting the input order), or undefined. */
export function latestVersion(annotation: ExportAnnotation): ExportAnnotationVersion | undefined {
  let best: ExportAnnotationVersion | undefined;
  for (const v of annotation.versions) if (best === undefined || v.version > best.version) best = v;
  return best;
}

/** The result of the most recently saved latest version across annotations (first wins a tie); null if none. */
export function latestResult(annotations: readonly ExportAnnotation[]): AnnotationResult | null {
  let best: ExportAnnotationVersion | undefined;
  let bestAt = -Infinity;
  for (const annotation of annotations) {
    const v = latestVersion(annotation);
    if (v === undefined) continue;
    // Compare instants, not strings: "…+08:00" and "…Z" timestamps do not sort as text.
    const at = Date.parse(v.createdAt);
    const time = Number.isNaN(at) ? -Infinity : at;
    if (best === undefined || time > bestAt) {
      best = v;
      bestAt = time;
    }
  }
  return best?.result ?? null;
}

// Fixed columns; a field or control with the same name gets a "data." / "result." prefix so that
// every header is distinct (duplicate headers break pandas, Excel filters and our own re-import).
const FIXED_COLUMNS = new Set(['id', 'annotators', 'annotation_count']);

/** Column names of the CSV export: id, each data field, each control, annotators, annotation_count. */
export function csvColumns(config: LabelConfig): string[] {
  return [
    'id',
    ...config.fields.map((f) => (FIXED_COLUMNS.has(f.name) ? `data.${f.name}` : f.name)),
    ...config.controls.map((c) => (FIXED_COLUMNS.has(c.name) ? `result.${c.name}` : c.name)),
    'annotators',
    'annotation_count',
  ];
}

/** The CSV header row (CRLF-terminated). */
export function csvHeader(config: LabelConfig, options: CsvOptions = {}): string {
  return csvRow(csvColumns(config), options);
}

/** One exported rectangle in a rectanglelabels column (percent of the image). */
export interface CsvRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
  label: string;
}

/** One exported span in a labels column; a span with several labels gives one entry per label. */
export interface CsvSpan {
  start: number;
  end: number;
  text: string;
  label: string;
}

/**
 * Cell values of a task's CSV row, in `csvColumns` order. Control columns come from the latest result:
 * choices → chosen values joined with "|"; labels → JSON array of `{start,end,text,label}` sorted by
 * position; rectanglelabels → JSON array of `{x,y,width,height,rotation?,label}` in percent; polygonlabels →
 * JSON array of `{points,label}`; keypointlabels → JSON array of `{x,y,label}`; brushlabels → JSON array of `{rle,label}` (COCO RLE as stored); polylinelabels → JSON array of `{points,label}`; videorectangle, videopolygon, videokeypoint → JSON array of `{label,sequence,attributes?}` (keyframes as stored); videoevents → JSON array of `{start,end,label}` (frames); rating → the score; textarea → the
 * text. All are empty when the task has no result.
 */
export function csvValues(config: LabelConfig, task: ExportTask, annotations: readonly ExportAnnotation[]): unknown[] {
  const result = latestResult(annotations);
  const controlCells = config.controls.map((control) => {
    if (result === null) return '';
    // Time segments on audio: one JSON column of {start, end, label, transcript?, speaker?} in seconds; the
    // per-region controls' own columns stay empty, their answers being in it.
    if ((control.type === 'choices' || control.type === 'textarea') && control.perRegion === true) return '';
    if (control.type === 'labels' && config.fields.some((f) => f.name === control.toName && f.type === 'audio')) {
      return JSON.stringify(audioSegmentsOf(result, control.name, perRegionControlsOf(config, control.toName)).map(({ id: _id, ...segment }) => segment));
    }
    if (control.type === 'choices') {
      const item = result.find((r) => r.type === 'choices' && r.from_name === control.name);
      return item?.type === 'choices' ? item.value.choices.join('|') : '';
    }
    if (control.type === 'rectanglelabels') {
      const boxes = rectanglesOf(result, control.name).map(({ rectangle, label }): CsvRectangle => ({ ...rectangle, label }));
      return JSON.stringify(boxes);
    }
    if (control.type === 'polygonlabels') return JSON.stringify(polygonsOf(result, control.name));
    if (control.type === 'keypointlabels') return JSON.stringify(keypointsOf(result, control.name));
    if (control.type === 'brushlabels') return JSON.stringify(masksOf(result, control.name));
    if (control.type === 'polylinelabels') return JSON.stringify(polylinesOf(result, control.name));
    if (control.type === 'videorectangle') return JSON.stringify(tracksOf(result, control.name).map(({ label, sequence, attributes }) => ({ label, sequence, ...(attributes ? { attributes } : {}) })));
    if (control.type === 'videopolygon' || control.type === 'videokeypoint') return JSON.stringify(pointTracksOf(result, control.name).map(({ label, sequence, attributes }) => ({ label, sequence, ...(attributes ? { attributes } : {}) })));
    if (control.type === 'videoevents') return JSON.stringify(eventsOf(result, control.name).sort((a, b) => a.start - b.start || a.end - b.end));
    if (control.type === 'textarea') return textareaOf(result, control.name) ?? '';
    if (control.type === 'rating') return ratingOf(result, control.name) ?? '';
    if (control.type === 'pairwise' || control.type === 'ranker' || control.type === 'responserating' || control.type === 'turnchoices' || control.type === 'responseedit') return dialogueCell(control, result);
    if (control.type === 'groundedqa') return JSON.stringify(qaPairsOf(result, control.name) ?? []);
    const spans = result
      .filter((r): r is LabelsResultItem => r.type === 'labels' && r.from_name === control.name)
      .flatMap((r) => r.value.labels.map((label): CsvSpan => ({ start: r.value.start, end: r.value.end, text: r.value.text, label })))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    return JSON.stringify(spans);
  });
  const annotators = [...new Set(annotations.map((a) => a.annotator))];
  return [task.id, ...config.fields.map((f) => task.data[f.name]), ...controlCells, annotators.join('|'), annotations.length];
}

/** The CSV row of a task (CRLF-terminated); see `csvValues` for what each column holds. */
export function csvRecord(config: LabelConfig, task: ExportTask, annotations: readonly ExportAnnotation[], options: CsvOptions = {}): string {
  return csvRow(csvValues(config, task, annotations), options);
}
