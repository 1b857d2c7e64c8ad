/**
 * Accuracy of an annotator (or of a batch) estimated from gold or reviewed items, with a confidence
 * interval, so that "92 % accurate" on 25 checked items is not read like 92 % on 2,500. The intervals are the
 * existing `wilsonInterval` and `clopperPearsonInterval` (see docs/quality/agreement.md).
 */
import { clopperPearsonInterval, wilsonInterval } from '../metrics/agreement/binomial-intervals.js';

/** Input of {@link estimateAccuracy}. */
export interface EstimateAccuracyOptions {
  /** Items judged correct, an integer in 0..total. */
  correct: number;
  /** Items checked, an integer ≥ 1. */
  total: number;
  /** 'wilson': close to nominal coverage on average, narrower. 'clopper-pearson': exact, never below nominal (use it for certified claims). */
  method: 'wilson' | 'clopper-pearson';
  /** Two-sided confidence level in (0, 1); default 0.95. */
  confidence?: number;
}

/** Point estimate and two-sided interval, all in [0, 1]. */
export interface AccuracyEstimate {
  estimate: number;
  lower: number;
  upper: number;
  method: 'wilson' | 'clopper-pearson';
  confidence: number;
}

/**
 * Accuracy = correct / total with a binomial confidence interval.
 *
 * @example estimateAccuracy({ correct: 18, total: 20, method: 'wilson' }) // { estimate: 0.9, lower: 0.699, upper: 0.972, … }
 */
export function estimateAccuracy(options: EstimateAccuracyOptions): AccuracyEstimate {
  const { correct, total, method } = options;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isSafeInteger(total) || total < 1) throw new RangeError(`estimateAccuracy: total must be an integer ≥ 1, got ${total}`);
  if (!Number.isSafeInteger(correct) || correct < 0 || correct > total) {
    throw new RangeError(`estimateAccuracy: correct must be an integer in 0..${total}, got ${correct}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`estimateAccuracy: confidence must be in (0, 1), got ${confidence}`);
  if (method !== 'wilson' && method !== 'clopper-pearson') {
    throw new RangeError(`estimateAccuracy: method must be 'wilson' or 'clopper-pearson', got ${String(method)}`);
  }
  const { lower, upper } = method === 'wilson' ? wilsonInterval(correct, total, confidence) : clopperPearsonInterval(correct, total, confidence);
  return { estimate: correct / total, lower, upper, method, confidence };
}
