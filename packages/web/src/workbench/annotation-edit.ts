/**
 * Pure helpers for editing a submitted annotation: who may edit it, where the editor lives, what a 409
 * "stale version" answer says, the latest of a list of versions, and a compact summary of a result.
 */
import { can, type AnnotationResult, type Role } from '@yungang/core';
import { ApiError } from '../api/api-error.ts';

/**
 * Whether the signed-in user may edit an annotation (mirrors the server): their own annotation with
 * task.annotate, or anyone's with task.review (reviewer, manager, admin, owner).
 */
export function canEditAnnotation(role: Role | null | undefined, userId: string | null | undefined, annotation: { userId: string }): boolean {
  if (!role) return false;
  if (can(role, 'task.review')) return true;
  return can(role, 'task.annotate') && userId !== undefined && userId !== null && annotation.userId === userId;
}

/** In-app path of the editor of one annotation. */
export function editAnnotationPath(projectId: string, taskId: string, annotationId: string): string {
  const e = encodeURIComponent;
  return `/projects/${e(projectId)}/tasks/${e(taskId)}/annotations/${e(annotationId)}/edit`;
}

/** The route pattern that `editAnnotationPath` builds. */
export const EDIT_ANNOTATION_ROUTE = '/projects/:projectId/tasks/:taskId/annotations/:annotationId/edit';

export interface VersionConflict {
  /** The version now on the server (someone saved it after the one edited here). */
  currentVersion: number;
  /** The version this editor started from. */
  baseVersion: number;
}

/**
 * The versions of a 409 "stale baseVersion" answer, or null for any other error.
 * `fallbackBase` fills in a missing `baseVersion`; a missing `currentVersion` becomes base + 1.
 */
export function versionConflict(error: unknown, fallbackBase: number): VersionConflict | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const d = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  const base = typeof d.baseVersion === 'number' ? d.baseVersion : fallbackBase;
  const current = typeof d.currentVersion === 'number' ? d.currentVersion : base + 1;
  return { currentVersion: current, baseVersion: base };
}

export interface SpanSummary {
  field: string;
  text: string;
  labels: string[];
  start: number;
}

export interface ChoiceSummary {
  control: string;
  choices: string[];
}

export interface BoxSummary {
  field: string;
  labels: string[];
  /** Percent of the image, as stored. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PolygonSummary {
  field: string;
  labels: string[];
  /** Corners in percent of the image, as stored. */
  points: [number, number][];
}

export interface KeyPointSummary {
  field: string;
  labels: string[];
  x: number;
  y: number;
}

export interface TextSummary {
  control: string;
  text: string;
}

export interface ResultSummary {
  spans: SpanSummary[];
  choices: ChoiceSummary[];
  boxes: BoxSummary[];
  polygons: PolygonSummary[];
  keypoints: KeyPointSummary[];
  texts: TextSummary[];
}

/**
 * A result reduced to what a person reads: span texts with labels (in text order), chosen options, boxes
 * and keypoints (top to bottom, then left to right, the order one reads an image in), polygons (as drawn)
 * and text-area texts.
 */
export function summarizeResult(result: AnnotationResult): ResultSummary {
  const summary: ResultSummary = { spans: [], choices: [], boxes: [], polygons: [], keypoints: [], texts: [] };
  for (const item of result) {
    switch (item.type) {
      case 'labels':
        // A time segment on audio has no text: its seconds stand in for it.
        summary.spans.push({ field: item.to_name, text: 'text' in item.value ? item.value.text : `${item.value.start}–${item.value.end} s`, labels: item.value.labels, start: item.value.start });
        break;
      case 'choices':
        summary.choices.push({ control: item.from_name, choices: item.value.choices });
        break;
      case 'rectanglelabels': {
        const { x, y, width, height, rectanglelabels } = item.value;
        summary.boxes.push({ field: item.to_name, labels: rectanglelabels, x, y, width, height });
        break;
      }
      case 'polygonlabels':
        summary.polygons.push({ field: item.to_name, labels: item.value.polygonlabels, points: item.value.points });
        break;
      case 'keypointlabels':
        summary.keypoints.push({ field: item.to_name, labels: item.value.keypointlabels, x: item.value.x, y: item.value.y });
        break;
      case 'textarea':
        summary.texts.push({ control: item.from_name, text: item.value.text.join('\n') });
        break;
    }
  }
  summary.spans.sort((a, b) => a.field.localeCompare(b.field) || a.start - b.start);
  summary.boxes.sort((a, b) => a.field.localeCompare(b.field) || a.y - b.y || a.x - b.x);
  summary.keypoints.sort((a, b) => a.field.localeCompare(b.field) || a.y - b.y || a.x - b.x);
  return summary;
}

const SEP = '\u0000';

function itemKey(item: AnnotationResult[number]): string {
  const head = `${item.type}${SEP}${item.from_name}${SEP}${item.to_name}`;
  switch (item.type) {
    case 'labels':
      // A document span or box also names its page (docs/documents.md).
      return `${head}${SEP}${item.value.start}${SEP}${item.value.end}${SEP}${[...item.value.labels].sort().join('\u0001')}${'page' in item.value ? `${SEP}${item.value.page}` : ''}`;
    case 'choices':
      return `${head}${SEP}${[...item.value.choices].sort().join('\u0001')}`;
    case 'rectanglelabels': {
      const v = item.value;
      return `${head}${SEP}${v.x}${SEP}${v.y}${SEP}${v.width}${SEP}${v.height}${SEP}${v.rotation ?? 0}${SEP}${[...v.rectanglelabels].sort().join('\u0001')}${'page' in v ? `${SEP}${v.page}` : ''}`;
    }
    case 'polygonlabels':
      return `${head}${SEP}${item.value.points.map(([x, y]) => `${x},${y}`).join(' ')}${SEP}${[...item.value.polygonlabels].sort().join('\u0001')}`;
    case 'keypointlabels': {
      const v = item.value;
      return `${head}${SEP}${v.x}${SEP}${v.y}${SEP}${[...v.keypointlabels].sort().join('\u0001')}`;
    }
    case 'polylinelabels':
      return `${head}${SEP}${item.value.points.map(([x, y]) => `${x},${y}`).join(' ')}${SEP}${[...item.value.polylinelabels].sort().join('\u0001')}`;
    case 'brushlabels': {
      const { rle, brushlabels } = item.value;
      return `${head}${SEP}${rle.size.join('x')}${SEP}${typeof rle.counts === 'string' ? rle.counts : rle.counts.join(',')}${SEP}${[...brushlabels].sort().join('\u0001')}`;
    }
    case 'rating':
      return `${head}${SEP}${item.value.rating}`;
    case 'textarea':
      return `${head}${SEP}${item.value.text.join('\n')}`;
    case 'videorectangle':
      // Keyframes are kept sorted by frame, so the same track always gives the same key.
      return `${head}${SEP}${JSON.stringify(item.value.sequence)}${SEP}${[...item.value.labels].sort().join('\u0001')}${SEP}${JSON.stringify(item.value.attributes ?? {})}`;
    case 'videopolygon':
    case 'videokeypoint':
      return `${head}${SEP}${JSON.stringify(item.value.sequence)}${SEP}${[...item.value.labels].sort().join('\u0001')}${SEP}${JSON.stringify(item.value.attributes ?? {})}`;
    case 'videoevents':
      return `${head}${SEP}${item.value.start}${SEP}${item.value.end}${SEP}${[...item.value.labels].sort().join('\u0001')}`;
    case 'turnchoices':
      return `${head}${SEP}${item.value.turn}${SEP}${[...item.value.choices].sort().join('\u0001')}`;
    case 'pairwise':
    case 'ranker':
    case 'responserating':
    case 'responseedit':
    case 'groundedqa':
    case 'keyvalue':
    case 'readingorder':
      // Dialogue judgements, QA pairs and document links: the server normalises them, so their JSON is a stable key.
      return `${head}${SEP}${JSON.stringify(item.value)}`;
  }
}

/** Whether two results say the same thing (same spans, choices, shapes, ratings and texts; item ids and order do not matter). */
export function sameResult(a: AnnotationResult, b: AnnotationResult): boolean {
  if (a.length !== b.length) return false;
  const keys = a.map(itemKey).sort();
  const other = b.map(itemKey).sort();
  return keys.every((k, i) => k === other[i]);
}
