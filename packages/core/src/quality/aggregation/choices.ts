/**
 * One label per task from several annotators' choices, with provenance: who supports the chosen label and
 * who answered otherwise. The voting itself is the existing `majorityVote` / `dawidSkene`; this only adds the
 * per-task provenance a reviewer needs.
 */
import { dawidSkene } from '../../metrics/agreement/dawid-skene.js';
import type { DawidSkeneOptions } from '../../metrics/agreement/dawid-skene.js';
import { majorityVote } from '../../metrics/agreement/majority-vote.js';
import type { CrowdLabel } from '../../metrics/agreement/crowd-label.js';
import { sortedUnique } from './common.js';

/** `method` picks the aggregator; Dawid–Skene options pass through. */
export interface AggregateChoicesOptions extends DawidSkeneOptions {
  /** 'majority': plurality vote. 'dawid-skene': EM over per-worker confusion matrices (discounts spammers). */
  method: 'majority' | 'dawid-skene';
}

/** The aggregated label of one task and where it came from. */
export interface AggregatedChoice {
  label: string;
  /** Vote share of `label` (majority) or its posterior probability (Dawid–Skene). */
  confidence: number;
  /** Another label scored exactly as high; the tie went to the smallest label in code-point order. */
  tie: boolean;
  /** Answers per label for this task (each answer counts once). */
  votes: Record<string, number>;
  /** Workers who answered `label`, code-point order. */
  support: string[];
  /** Workers who answered something else (a worker who gave both appears in both lists). */
  dissent: string[];
}

/**
 * Aggregates crowd choices per task. Results do not depend on the order of the input rows.
 *
 * @example aggregateChoices(rows, { method: 'majority' })['t1'] // { label: 'cat', support: ['a', 'c'], dissent: ['b'], … }
 */
export function aggregateChoices(labels: readonly CrowdLabel[], options: AggregateChoicesOptions): Record<string, AggregatedChoice> {
  if (options === null || typeof options !== 'object' || (options.method !== 'majority' && options.method !== 'dawid-skene')) {
    throw new RangeError(`aggregateChoices: options.method must be 'majority' or 'dawid-skene', got ${String((options as { method?: unknown } | null)?.method)}`);
  }
  const majority = majorityVote(labels); // validates rows and counts votes for both methods
  const winners = new Map<string, { label: string; confidence: number; tie: boolean }>();
  if (options.method === 'majority') {
    const ties = new Set(majority.ties);
    for (const [task, label] of Object.entries(majority.labels)) {
      const votes = Object.values(majority.votes[task] ?? {});
      const total = votes.reduce((sum, v) => sum + v, 0);
      winners.set(task, { label, confidence: (majority.votes[task]?.[label] ?? 0) / total, tie: ties.has(task) });
    }
  } else {
    const { maxIterations, tolerance, smoothing } = options;
    const ds = dawidSkene(labels, { maxIterations, tolerance, smoothing });
    for (const [task, label] of Object.entries(ds.labels)) {
      const posterior = ds.posteriors[task] ?? {};
      const best = posterior[label] ?? 0;
      const tie = Object.entries(posterior).some(([other, p]) => other !== label && p === best);
      winners.set(task, { label, confidence: best, tie });
    }
  }

  const answers = new Map<string, CrowdLabel[]>();
  for (const row of labels) {
    let list = answers.get(row.task);
    if (list === undefined) answers.set(row.task, (list = []));
    list.push(row);
  }
  const result = new Map<string, AggregatedChoice>();
  for (const [task, winner] of winners) {
    const rows = answers.get(task) ?? [];
    result.set(task, {
      ...winner,
      votes: { ...majority.votes[task] },
      support: sortedUnique(rows.filter((r) => r.label === winner.label).map((r) => r.worker)),
      dissent: sortedUnique(rows.filter((r) => r.label !== winner.label).map((r) => r.worker)),
    });
  }
  // Object.fromEntries defines own properties, so a task named "__proto__" stays an ordinary key.
  return Object.fromEntries(result);
}
