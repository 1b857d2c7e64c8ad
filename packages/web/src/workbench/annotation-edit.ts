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

export interface ResultSummary {
  spans: SpanSummary[];
  choices: ChoiceSummary[];
}

/** A result reduced to what a person reads: span texts with labels (in text order) and chosen options. */
export function summarizeResult(result: AnnotationResult): ResultSummary {
  const spans: SpanSummary[] = [];
  const choices: ChoiceSummary[] = [];
  for (const item of result) {
    if (item.type === 'labels') spans.push({ field: item.to_name, text: item.value.text, labels: item.value.labels, start: item.value.start });
    else choices.push({ control: item.from_name, choices: item.value.choices });
  }
  spans.sort((a, b) => a.field.localeCompare(b.field) || a.start - b.start);
  return { spans, choices };
}

function itemKey(item: AnnotationResult[number]): string {
  if (item.type === 'labels') return `L\u0000${item.from_name}\u0000${item.to_name}\u0000${item.value.start}\u0000${item.value.end}\u0000${[...item.value.labels].sort().join('\u0001')}`;
  return `C\u0000${item.from_name}\u0000${item.to_name}\u0000${[...item.value.choices].sort().join('\u0001')}`;
}

/** Whether two results say the same thing (same spans and choices; item ids and order do not matter). */
export function sameResult(a: AnnotationResult, b: AnnotationResult): boolean {
  if (a.length !== b.length) return false;
  const keys = a.map(itemKey).sort();
  const other = b.map(itemKey).sort();
  return keys.every((k, i) => k === other[i]);
}
