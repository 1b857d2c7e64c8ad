/**
 * Majority vote: each task gets the label most workers gave it. Every answer counts once (a worker who
 * answered a task twice votes twice, as in crowd-kit's MajorityVote).
 */
import { argmaxLabel, canonicalOrder } from './crowd-label.js';
import type { CrowdLabel } from './crowd-label.js';
import { compareCodePoints } from './label.js';

export type { CrowdLabel } from './crowd-label.js';

/** Result of `majorityVote`. Keys of every record are task ids. */
export interface MajorityVoteResult {
  /** The winning label of each task. */
  labels: Record<string, string>;
  /** Vote count per label (only labels the task received). */
  votes: Record<string, Record<string, number>>;
  /** Tasks whose winner was decided by the tie-break, sorted by code point. */
  ties: string[];
}

/**
 * Majority vote over crowd answers. Ties are broken deterministically: the tied label that comes first in
 * Unicode code-point order wins (e.g. "cat" before "dog"), regardless of the order of the input rows.
 *
 * @example majorityVote([{ task: 't', worker: 'a', label: 'dog' }, { task: 't', worker: 'b', label: 'cat' }]).labels // { t: 'cat' }
 */
export function majorityVote(labels: readonly CrowdLabel[]): MajorityVoteResult {
  // Maps, not objects, while counting: a task or label named "__proto__" must stay an ordinary key.
  // Object.fromEntries defines own properties, so the returned records are safe too.
  const votes = new Map<string, Map<string, number>>();
  for (const { task, label } of canonicalOrder(labels)) {
    let taskVotes = votes.get(task);
    if (taskVotes === undefined) votes.set(task, (taskVotes = new Map()));
    taskVotes.set(label, (taskVotes.get(label) ?? 0) + 1);
  }
  const winners: [string, string][] = [];
  const ties: string[] = [];
  for (const [task, taskVotes] of votes) {
    const candidates = [...taskVotes.keys()].sort(compareCodePoints);
    const winner = argmaxLabel(candidates, (label) => taskVotes.get(label) ?? 0);
    winners.push([task, winner.label]);
    if (winner.tied) ties.push(task);
  }
  return {
    labels: Object.fromEntries(winners),
    votes: Object.fromEntries([...votes].map(([task, taskVotes]) => [task, Object.fromEntries(taskVotes)])),
    ties: ties.sort(compareCodePoints),
  };
}
