/**
 * What every pipeline operator is: a function from one text (one field of one record) to an outcome.
 * Operators are plain objects built once per run from their spec, so state that must outlive one record
 * (dedup indexes, the keyword automaton, the pseudonym key) is created once and shared by every record.
 */

/** Why a record was dropped; `duplicateOf` names the earlier record (runner index) a dedup matched. */
export interface DropReason {
  reason: string;
  duplicateOf?: number;
}

/** The result of one operator on one text. `change` carries the new text (never equal to the old one). */
export type OperatorOutcome = { kind: 'keep' } | { kind: 'change'; text: string } | ({ kind: 'drop' } & DropReason);

export interface TextOperator {
  /** `index` is the record's position in the run (0-based), used by dedup to say what it duplicates. */
  apply(text: string, index: number): OperatorOutcome;
}

export const KEEP: OperatorOutcome = Object.freeze({ kind: 'keep' });

/** `change` when the text differs, else `keep`: operators never report a change that changed nothing. */
export function changedOrKept(before: string, after: string): OperatorOutcome {
  return after === before ? KEEP : { kind: 'change', text: after };
}
