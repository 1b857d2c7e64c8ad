/**
 * Small helpers shared by the aggregators: annotator checks, the default vote threshold and a plurality
 * vote with the same code-point tie-break as `majorityVote`, so every aggregator breaks ties alike and never
 * depends on input order.
 */
import { argmaxLabel } from '../../metrics/agreement/crowd-label.js';
import { compareCodePoints } from '../../metrics/agreement/label.js';

export { compareCodePoints };

/** Default vote threshold: a strict majority of the annotators, ⌊n/2⌋ + 1. */
export function majorityOf(annotators: number): number {
  return Math.floor(annotators / 2) + 1;
}

/** `minVotes` if given (an integer ≥ 1), else a strict majority of `annotators`. */
export function resolveMinVotes(minVotes: number | undefined, annotators: number, caller: string): number {
  if (minVotes === undefined) return majorityOf(annotators);
  if (!Number.isSafeInteger(minVotes) || minVotes < 1) throw new RangeError(`${caller}: options.minVotes must be an integer ≥ 1, got ${minVotes}`);
  return minVotes;
}

/** Throws unless every annotation names a distinct, non-empty worker: votes are counted per annotator. */
export function assertDistinctWorkers(annotations: readonly { worker: string }[], caller: string): void {
  if (!Array.isArray(annotations)) throw new TypeError(`${caller}: annotations must be an array`);
  const seen = new Set<string>();
  annotations.forEach((annotation, i) => {
    if (annotation === null || typeof annotation !== 'object') throw new TypeError(`${caller}: annotations[${i}] must be an object`);
    const { worker } = annotation;
    if (typeof worker !== 'string' || worker === '') throw new TypeError(`${caller}: annotations[${i}].worker must be a non-empty string`);
    if (seen.has(worker)) throw new RangeError(`${caller}: annotations[${i}].worker '${worker}' appears twice; give each annotator one entry`);
    seen.add(worker);
  });
}

/** Throws unless `label` is a string (labels of spans, boxes and polygons are strings). */
export function assertLabelString(label: unknown, where: string): asserts label is string {
  if (typeof label !== 'string') throw new TypeError(`${where} must be a string`);
}

/** The label with the most votes; ties go to the smallest label in code-point order (flagged). */
export function plurality(votes: ReadonlyMap<string, number>): { label: string; tied: boolean } {
  const candidates = [...votes.keys()].sort(compareCodePoints);
  return argmaxLabel(candidates, (label) => votes.get(label) ?? 0);
}

/** Sorted, de-duplicated copy (code-point order). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}
