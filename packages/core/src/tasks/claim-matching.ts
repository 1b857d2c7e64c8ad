/** A task a batch of claims could hand out: its free slots and which of the claimers have done it already. */
export interface ClaimCandidate {
  taskId: string;
  /** Slots left under the overlap: the overlap less the task's submissions and live leases. */
  free: number;
  /** The claimers who submitted or skipped this task: none of them may get it again. */
  done: readonly string[];
}

/**
 * Hands each claimer of a batch a task, as claims one at a time would: each person gets the first task in the
 * queue's order that still has a free slot and that they have not done. Claimers are served in the order they
 * arrived, so a task's slots go to the earliest of them. A claimer with no task here is left out of the answer
 * (they claim on their own). Pure: the candidates' order is the queue's (the caller locked them in that order).
 */
export function matchClaimers(claimers: readonly string[], candidates: readonly ClaimCandidate[]): Map<string, string> {
  const matched = new Map<string, string>();
  for (const task of candidates) {
    let free = task.free;
    for (const user of claimers) {
      if (free <= 0) break;
      if (matched.has(user) || task.done.includes(user)) continue;
      matched.set(user, task.taskId);
      free--;
    }
    if (matched.size === claimers.length) break;
  }
  return matched;
}
