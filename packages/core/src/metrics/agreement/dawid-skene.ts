/**
 * Dawid–Skene (1979) label aggregation: every worker w has a confusion matrix θ_w[k][o] = P(w answers o |
 * true label k), tasks have a class prior π, and EM alternates
 *
 *   E-step: P(z_t = k | answers) ∝ π_k · Π_{answers (w, o) on t} θ_w[k][o]
 *   M-step: π_k ∝ Σ_t P(z_t = k) + s,   θ_w[k][o] ∝ Σ_{t answered o by w} P(z_t = k) + s
 *
 * The additive smoothing s (default 0.01) is the MAP estimate under a symmetric Dirichlet(1 + s) prior: it
 * keeps every probability positive, so one unseen (worker, true label, answer) combination cannot make a
 * log-likelihood −∞ or veto a label forever. It also gives rows never informed by data (a worker who never
 * met a task of class k) a uniform distribution instead of 0/0.
 *
 * Deterministic: no randomness; tasks, workers and labels are processed in code-point order, so the same
 * answers in any order give bit-identical results. Initialised, as crowd-kit's DawidSkene, from the
 * majority-vote soft counts (each task's vote shares).
 */
import { argmaxLabel, canonicalOrder } from './crowd-label.js';
import type { CrowdLabel } from './crowd-label.js';
import { compareCodePoints } from './label.js';

export type { CrowdLabel } from './crowd-label.js';

/** Options of `dawidSkene`. */
export interface DawidSkeneOptions {
  /** Maximum number of EM iterations (E-step + M-step). Default 100, as crowd-kit. */
  maxIterations?: number;
  /**
   * Stop when the mean log-likelihood per answer changes by less than this between iterations, or when no
   * prior or confusion probability moves by more than this. Default 1e-5, as crowd-kit's `tol`.
   */
  tolerance?: number;
  /** Additive smoothing pseudo-count s > 0 for priors and confusion rows. Default 0.01. */
  smoothing?: number;
}

/** Result of `dawidSkene`. */
export interface DawidSkeneResult {
  /** Most probable true label per task; exact ties go to the smallest label in code-point order. */
  labels: Record<string, string>;
  /** P(true label | answers) per task, over every label seen anywhere in the input. */
  posteriors: Record<string, Record<string, number>>;
  /** θ per worker: workerConfusion[worker][trueLabel][observedLabel]; each inner record sums to 1. */
  workerConfusion: Record<string, Record<string, Record<string, number>>>;
  /** Estimated class prior π. */
  priors: Record<string, number>;
  /** EM iterations run. */
  iterations: number;
  /** Whether the tolerance was met before `maxIterations` ran out. */
  converged: boolean;
  /** Mean observed-data log-likelihood per answer under the parameters of the last E-step (0 when empty). */
  logLikelihood: number;
}

/**
 * Aggregates crowd answers with the Dawid–Skene EM algorithm, learning each worker's confusion matrix;
 * unlike majority vote it discounts spammers and can even use systematically wrong (adversarial) workers.
 *
 * @example dawidSkene(answers, { maxIterations: 50 }).labels['task-1'] // 'cat'
 */
export function dawidSkene(labels: readonly CrowdLabel[], options: DawidSkeneOptions = {}): DawidSkeneResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  const smoothing = options.smoothing ?? 0.01;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError(`dawidSkene: maxIterations must be a positive integer, got ${maxIterations}`);
  if (!(tolerance >= 0)) throw new RangeError(`dawidSkene: tolerance must be >= 0, got ${tolerance}`);
  if (!(smoothing > 0) || !Number.isFinite(smoothing)) throw new RangeError(`dawidSkene: smoothing must be a positive number, got ${smoothing}`);

  const rows = canonicalOrder(labels);
  if (rows.length === 0) return { labels: {}, posteriors: {}, workerConfusion: {}, priors: {}, iterations: 0, converged: true, logLikelihood: 0 };

  const tasks = sortedUnique(rows.map((r) => r.task));
  const workers = sortedUnique(rows.map((r) => r.worker));
  const classes = sortedUnique(rows.map((r) => r.label));
  const taskIndex = indexOf(tasks);
  const workerIndex = indexOf(workers);
  const classIndex = indexOf(classes);
  const T = tasks.length;
  const W = workers.length;
  const K = classes.length;
  const answers = rows.map((r) => ({ t: taskIndex.get(r.task) as number, w: workerIndex.get(r.worker) as number, o: classIndex.get(r.label) as number }));

  // posterior[t * K + k]; start from majority-vote vote shares.
  let posterior: Float64Array = new Float64Array(T * K);
  const answerCount = new Float64Array(T);
  for (const { t, o } of answers) {
    posterior[t * K + o] = (posterior[t * K + o] as number) + 1;
    answerCount[t] = (answerCount[t] as number) + 1;
  }
  for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) posterior[t * K + k] = (posterior[t * K + k] as number) / (answerCount[t] as number);

  // M-step: priors[k] and confusion[(w * K + k) * K + o].
  const mStep = (post: Float64Array): { priors: Float64Array; confusion: Float64Array } => {
    const priors = new Float64Array(K).fill(smoothing);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) priors[k] = (priors[k] as number) + (post[t * K + k] as number);
    const priorTotal = T + K * smoothing;
    for (let k = 0; k < K; k++) priors[k] = (priors[k] as number) / priorTotal;

    const confusion = new Float64Array(W * K * K).fill(smoothing);
    for (const { t, w, o } of answers) {
      for (let k = 0; k < K; k++) {
        const cell = (w * K + k) * K + o;
        confusion[cell] = (confusion[cell] as number) + (post[t * K + k] as number);
      }
    }
    for (let row = 0; row < W * K; row++) {
      let sum = 0;
      for (let o = 0; o < K; o++) sum += confusion[row * K + o] as number;
      for (let o = 0; o < K; o++) confusion[row * K + o] = (confusion[row * K + o] as number) / sum;
    }
    return { priors, confusion };
  };

  // E-step in log space (products of many probabilities underflow); returns the new posteriors and the
  // observed-data log-likelihood Σ_t log Σ_k π_k Π θ_w[k][o], via log-sum-exp per task.
  const eStep = (priors: Float64Array, confusion: Float64Array): { post: Float64Array; logLikelihood: number } => {
    const logPost = new Float64Array(T * K);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) logPost[t * K + k] = Math.log(priors[k] as number);
    for (const { t, w, o } of answers) {
      for (let k = 0; k < K; k++) logPost[t * K + k] = (logPost[t * K + k] as number) + Math.log(confusion[(w * K + k) * K + o] as number);
    }
    const post = new Float64Array(T * K);
    let logLikelihood = 0;
    for (let t = 0; t < T; t++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, logPost[t * K + k] as number);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp((logPost[t * K + k] as number) - max);
      for (let k = 0; k < K; k++) post[t * K + k] = Math.exp((logPost[t * K + k] as number) - max) / sum;
      logLikelihood += max + Math.log(sum);
    }
    return { post, logLikelihood };
  };

  let params = mStep(posterior);
  let previousLogLikelihood = Number.NaN;
  let logLikelihood = 0;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const e = eStep(params.priors, params.confusion);
    posterior = e.post;
    logLikelihood = e.logLikelihood / answers.length;
    const next = mStep(posterior);
    const change = Math.max(maxAbsDifference(next.priors, params.priors), maxAbsDifference(next.confusion, params.confusion));
    params = next;
    if (change < tolerance || Math.abs(logLikelihood - previousLogLikelihood) < tolerance) {
      converged = true;
      break;
    }
    previousLogLikelihood = logLikelihood;
  }

  const resultLabels: [string, string][] = [];
  const posteriors: [string, Record<string, number>][] = [];
  tasks.forEach((task, t) => {
    const score = (label: string): number => posterior[t * K + (classIndex.get(label) as number)] as number;
    resultLabels.push([task, argmaxLabel(classes, score).label]);
    posteriors.push([task, Object.fromEntries(classes.map((label, k) => [label, posterior[t * K + k] as number]))]);
  });
  const workerConfusion = Object.fromEntries(
    workers.map((worker, w) => [
      worker,
      Object.fromEntries(
        classes.map((trueLabel, k) => [trueLabel, Object.fromEntries(classes.map((observed, o) => [observed, params.confusion[(w * K + k) * K + o] as number]))]),
      ),
    ]),
  );
  return {
    labels: Object.fromEntries(resultLabels),
    posteriors: Object.fromEntries(posteriors),
    workerConfusion,
    priors: Object.fromEntries(classes.map((label, k) => [label, params.priors[k] as number])),
    iterations,
    converged,
    logLikelihood,
  };
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}

function indexOf(values: readonly string[]): Map<string, number> {
  return new Map(values.map((v, i) => [v, i]));
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
