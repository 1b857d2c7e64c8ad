/**
 * The input of label aggregation: one worker's answer for one task. Shared by majority vote and
 * Dawid–Skene so both read the same rows in the same canonical order.
 */
import { compareCodePoints } from './label.js';

/** One answer: `worker` said `label` for `task`. */
export interface CrowdLabel {
  task: string;
  worker: string;
  label: string;
}

/**
 * Answers sorted by (task, worker, label) in code-point order. Aggregation iterates in this order so that
 * results, down to floating-point rounding, do not depend on the order rows arrive in.
 */
export function canonicalOrder(labels: readonly CrowdLabel[]): CrowdLabel[] {
  labels.forEach((row, i) => {
    for (const key of ['task', 'worker', 'label'] as const) {
      if (typeof row[key] !== 'string') throw new TypeError(`labels[${i}].${key} must be a string`);
    }
  });
  return [...labels].sort(
    (x, y) => compareCodePoints(x.task, y.task) || compareCodePoints(x.worker, y.worker) || compareCodePoints(x.label, y.label),
  );
}

/**
 * The label with the highest score; ties go to the smallest label in code-point order, so the winner
 * never depends on input order. `candidates` must be sorted by code point and non-empty.
 */
export function argmaxLabel(candidates: readonly string[], score: (label: string) => number): { label: string; tied: boolean } {
  let best = candidates[0] as string;
  let bestScore = score(best);
  let tied = false;
  for (let i = 1; i < candidates.length; i++) {
    const label = candidates[i] as string;
    const s = score(label);
    if (s > bestScore) {
      best = label;
      bestScore = s;
      tied = false;
    } else if (s === bestScore) {
      tied = true;
    }
  }
  return { label: best, tied };
}
