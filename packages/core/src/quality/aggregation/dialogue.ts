/**
 * Combining several annotators' dialogue judgements into a delivered label, and comparing two of them.
 * The rules (docs/llm-data.md):
 * - pairwise: plurality of left / right / tie; a tie between the top counts is delivered as "tie";
 * - ranking: Borda count (a candidate at position p of n scores n − 1 − p); equal totals are broken by the
 *   candidate's index, so the result is deterministic;
 * - per-response ratings: per candidate, the control's mean or median of the scores given;
 * - turn labels: a label stays on a turn when a strict majority of all annotators put it there (not
 *   labelling a turn is a vote against, which matters for safety findings);
 * - gold edit: the candidate most annotators edited (lowest index on a tie), then the medoid of their
 *   edits: the text with the highest summed character agreement to the others (earliest on a tie).
 */
import { characterErrorRate } from '../../metrics/text/error-rate.js';

export type PairwiseChoice = 'left' | 'right' | 'tie';

/** The delivered pairwise choice of several annotators' choices; null when there are none. */
export function aggregatePairwise(choices: readonly PairwiseChoice[]): PairwiseChoice | null {
  if (choices.length === 0) return null;
  const counts = new Map<PairwiseChoice, number>();
  for (const c of choices) counts.set(c, (counts.get(c) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const leaders = [...counts].filter(([, n]) => n === top).map(([c]) => c);
  return leaders.length === 1 ? leaders[0]! : 'tie';
}

/** Borda count over full rankings of `count` candidates (best first); returns the combined ranking. */
export function bordaRanking(rankings: readonly (readonly number[])[], count: number): number[] {
  const score = new Array<number>(count).fill(0);
  for (const ranking of rankings) ranking.forEach((candidate, position) => {
    if (candidate >= 0 && candidate < count) score[candidate]! += count - 1 - position;
  });
  return [...score.keys()].sort((a, b) => score[b]! - score[a]! || a - b);
}

/**
 * Kendall's tau between two rankings of the same candidates, mapped to 0..1: (tau + 1) / 2, so 1 is the
 * same order and 0 the reverse. Rankings of one candidate, or of different candidate sets, give 1 and 0.
 */
export function rankingAgreement(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || [...a].sort().join() !== [...b].sort().join()) return 0;
  if (a.length < 2) return 1;
  const posB = new Map(b.map((c, p) => [c, p]));
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      // a puts a[i] before a[j]; concordant when b does too.
      if (posB.get(a[i]!)! < posB.get(a[j]!)!) concordant++;
      else discordant++;
    }
  }
  const tau = (concordant - discordant) / (concordant + discordant);
  return (tau + 1) / 2;
}

/** Per turn, the labels a strict majority of `annotators` gave it; turns left with none are absent. */
export function aggregateTurnChoices(labelled: readonly Map<number, string[]>[], annotators: number): Map<number, string[]> {
  const votes = new Map<number, Map<string, number>>();
  for (const turns of labelled) {
    for (const [turn, choices] of turns) {
      const perTurn = votes.get(turn) ?? new Map<string, number>();
      for (const c of new Set(choices)) perTurn.set(c, (perTurn.get(c) ?? 0) + 1);
      votes.set(turn, perTurn);
    }
  }
  const out = new Map<number, string[]>();
  for (const [turn, perTurn] of [...votes].sort(([a], [b]) => a - b)) {
    const kept = [...perTurn].filter(([, n]) => n * 2 > annotators).map(([c]) => c).sort();
    if (kept.length > 0) out.set(turn, kept);
  }
  return out;
}

/** The gold edit of several annotators' edits (module comment); null when there are none. */
export function goldEdit<T extends { response: number; text: string }>(edits: readonly T[]): T | null {
  if (edits.length === 0) return null;
  const counts = new Map<number, number>();
  for (const e of edits) counts.set(e.response, (counts.get(e.response) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const response = Math.min(...[...counts].filter(([, n]) => n === top).map(([r]) => r));
  const group = edits.filter((e) => e.response === response);
  let best = group[0]!;
  let bestScore = -Infinity;
  for (const e of group) {
    const score = group.reduce((sum, other) => (other === e ? sum : sum + charAgreement(e.text, other.text)), 0);
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

/** 1 − character edits / longer length (as resultAgreement's text agreement; 1 for two empty texts). */
function charAgreement(a: string, b: string): number {
  const longest = Math.max(Array.from(a).length, Array.from(b).length);
  if (longest === 0) return 1;
  const m = characterErrorRate(a, b);
  return Math.max(0, 1 - (m.substitutions + m.deletions + m.insertions) / longest);
}
