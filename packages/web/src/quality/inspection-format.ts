/**
 * Pure helpers of the final inspection of a dataset version: the page's route, the sample-size field,
 * which inspection is the latest, the figures shown (accuracy with its 95% interval, progress), the
 * inspection page's hotkeys and the rule that a "wrong" judgement needs a comment.
 */
import type { InspectionDto, InspectionJudgementBody } from '@yungang/core';
import { isTypingTarget } from '../workbench/hotkey-target.ts';
import { rateView, type RateLike } from './quality-format.ts';

/**
 * The inspection page. The version is part of the path because the API has no read of one inspection:
 * the page finds it in the version's list (and keeps it current from each judgement's answer).
 */
export const INSPECTION_ROUTE = '/projects/:projectId/dataset-versions/:versionId/inspections/:inspectionId';

export function inspectionPath(projectId: string, versionId: string, inspectionId: string): string {
  return `/projects/${encodeURIComponent(projectId)}/dataset-versions/${encodeURIComponent(versionId)}/inspections/${encodeURIComponent(inspectionId)}`;
}

/** The sample size the form proposes, and the largest the API takes. */
export const DEFAULT_SAMPLE_SIZE = 50;
export const MAX_SAMPLE_SIZE = 100_000;

/** The proposed sample size for a version of `itemCount` records: 50, or all of them when fewer (at least 1). */
export function defaultSampleSize(itemCount: number): number {
  return Math.max(1, Math.min(DEFAULT_SAMPLE_SIZE, Math.floor(itemCount)));
}

/**
 * The sample size typed into the form, or null when it is not a whole number from 1 up to the version's
 * record count (and the API's maximum). `itemCount` 0 allows nothing.
 */
export function parseSampleSize(text: string, itemCount: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const size = Number(trimmed);
  const max = Math.min(itemCount, MAX_SAMPLE_SIZE);
  return size >= 1 && size <= max ? size : null;
}

/** The newest inspection (by creation time, then id for a stable choice), or null when there is none. */
export function latestInspection<T extends Pick<InspectionDto, 'id' | 'createdAt'>>(inspections: readonly T[]): T | null {
  let latest: T | null = null;
  for (const i of inspections) {
    if (!latest || i.createdAt > latest.createdAt || (i.createdAt === latest.createdAt && i.id > latest.id)) latest = i;
  }
  return latest;
}

/** An inspection's counts as a rate: correct of inspected, with the server's Wilson interval. */
export function inspectionRate(inspection: Pick<InspectionDto, 'correct' | 'inspected' | 'estimate' | 'lower' | 'upper'>): RateLike {
  return { correct: inspection.correct, total: inspection.inspected, estimate: inspection.estimate, lower: inspection.lower, upper: inspection.upper };
}

export interface InspectionFigures {
  /** "98%", or "—" while nothing is judged. */
  estimate: string;
  /** "93%–99.4%", or null while nothing is judged. */
  interval: string | null;
  inspected: number;
  sampleSize: number;
  /** Judged items still to go. */
  remaining: number;
  /** Every sampled item is judged. */
  complete: boolean;
  /** Share judged (0..1), for a progress bar. */
  progress: number;
}

/** What the screens show of an inspection. */
export function inspectionFigures(inspection: Pick<InspectionDto, 'sampleSize' | 'inspected' | 'correct' | 'estimate' | 'lower' | 'upper'>): InspectionFigures {
  const view = rateView(inspectionRate(inspection));
  const { sampleSize, inspected } = inspection;
  return {
    estimate: view.value,
    interval: view.interval,
    inspected,
    sampleSize,
    remaining: Math.max(0, sampleSize - inspected),
    complete: sampleSize > 0 && inspected >= sampleSize,
    progress: sampleSize > 0 ? Math.min(1, inspected / sampleSize) : 0,
  };
}

export type Judgement = 'correct' | 'wrong';

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>;

/**
 * The inspection page's hotkeys: C or A says the label is correct, W or R wrong (A and R as on the
 * review page); not while typing (the comment box) or with modifiers.
 */
export function inspectionHotkey(event: KeyLike): Judgement | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return null;
  const key = event.key.toLowerCase();
  if (key === 'c' || key === 'a') return 'correct';
  if (key === 'w' || key === 'r') return 'wrong';
  return null;
}

/** Why a judgement cannot be sent yet: a wrong label needs a comment saying what is wrong (the server insists too). */
export function judgementProblem(judgement: Judgement, comment: string): 'commentRequired' | null {
  return judgement === 'wrong' && comment.trim() === '' ? 'commentRequired' : null;
}

/** The body of a judgement: the trimmed comment, left out when empty. */
export function judgementBody(judgement: Judgement, comment: string): InspectionJudgementBody {
  const text = comment.trim();
  const correct = judgement === 'correct';
  return text ? { correct, comment: text } : { correct };
}

/**
 * Of two readings of the same inspection (the list loaded with the page, the answer to a judgement), the
 * one that has seen more judgements; counts only grow, so that is the newer one.
 */
export function newerInspection<T extends Pick<InspectionDto, 'inspected'>>(a: T | null, b: T | null): T | null {
  if (!a) return b;
  if (!b) return a;
  return b.inspected > a.inspected ? b : a;
}

/** "n of N" while an item is shown: the one being judged is number inspected + 1 (at most the sample size). */
export function itemNumber(inspection: Pick<InspectionDto, 'inspected' | 'sampleSize'>): number {
  return Math.max(1, Math.min(inspection.sampleSize, inspection.inspected + 1));
}
