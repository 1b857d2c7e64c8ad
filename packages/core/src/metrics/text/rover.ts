/**
 * NIST ROVER (Fiscus 1997, "A post-processing system to yield reduced word error rates: Recognizer Output
 * Voting Error Reduction"), voting by frequency of occurrence only (the paper's alpha = 1, no confidences).
 *
 * 1. Alignment: the first transcript becomes a word transition network (WTN), one slot per token. Each
 *    further transcript is aligned to the WTN by dynamic programming and merged: a token aligned to a slot
 *    adds an arc there, a slot it skips gets a null arc '@' from it, and a token inserted between slots opens
 *    a new slot in which every earlier transcript has '@'.
 * 2. Voting: in each slot the arc value (a token or '@') with the most votes wins; a winning '@' drops the slot.
 *
 * DP costs follow sclite, whose aligner ROVER reuses: a token matching any arc of the slot costs 0, a
 * substitution 4, an insertion or deletion 3. Skipping a slot that already holds '@' costs 0, because the null
 * arc matches. Among equal-cost paths the backtrace prefers the diagonal (match/substitution), then skipping a
 * slot, then inserting a slot, so the result is deterministic.
 */
import { characterTokens, wordTokens } from './tokenize.js';

/** Options for {@link rover}: align words (joined with one space) or code points (joined with nothing). */
export interface RoverOptions {
  unit: 'word' | 'char';
}

const MATCH = 0;
const SUBSTITUTE = 4;
const GAP = 3;

/** A slot: one arc per transcript merged so far; `null` is the null arc '@'. */
type Slot = (string | null)[];

/**
 * Combines transcripts of the same audio or text into one by ROVER voting. Ties go to the value seen in the
 * earliest transcript.
 *
 * @example rover(['the cat sat', 'the cat sat down', 'a cat sat'], { unit: 'word' }) // 'the cat sat'
 */
export function rover(transcripts: readonly string[], options: RoverOptions): string {
  const tokenize = options.unit === 'word' ? wordTokens : characterTokens;
  let network: Slot[] = [];
  transcripts.forEach((transcript, k) => {
    network = merge(network, k, tokenize(transcript));
  });
  const winners = network.map(vote).filter((token): token is string => token !== null);
  return winners.join(options.unit === 'word' ? ' ' : '');
}

/** Aligns `tokens` (transcript number `k`) to `network` and returns the network with its arcs added. */
function merge(network: readonly Slot[], k: number, tokens: readonly string[]): Slot[] {
  const n = network.length;
  const m = tokens.length;
  const deleteCost = (slot: Slot): number => (slot.includes(null) ? MATCH : GAP);
  // cost[i][j]: aligning the first i slots with the first j tokens.
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const row = (i: number): number[] => cost[i] ?? [];
  for (let i = 1; i <= n; i++) row(i)[0] = (row(i - 1)[0] ?? 0) + deleteCost(network[i - 1] ?? []);
  for (let j = 1; j <= m; j++) row(0)[j] = j * GAP;
  for (let i = 1; i <= n; i++) {
    const slot = network[i - 1] ?? [];
    for (let j = 1; j <= m; j++) {
      const diagonal = (row(i - 1)[j - 1] ?? 0) + (slot.includes(tokens[j - 1] ?? '') ? MATCH : SUBSTITUTE);
      row(i)[j] = Math.min(diagonal, (row(i - 1)[j] ?? 0) + deleteCost(slot), (row(i)[j - 1] ?? 0) + GAP);
    }
  }

  const merged: Slot[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = row(i)[j] ?? 0;
    const slot = network[i - 1] ?? [];
    const token = tokens[j - 1] ?? '';
    if (i > 0 && j > 0 && here === (row(i - 1)[j - 1] ?? 0) + (slot.includes(token) ? MATCH : SUBSTITUTE)) {
      merged.push([...slot, token]);
      i--;
      j--;
    } else if (i > 0 && here === (row(i - 1)[j] ?? 0) + deleteCost(slot)) {
      merged.push([...slot, null]);
      i--;
    } else {
      merged.push([...new Array<null>(k).fill(null), token]);
      j--;
    }
  }
  return merged.reverse();
}

/** The most frequent arc value of a slot; ties go to the value whose first arc comes earliest. */
function vote(slot: Slot): string | null {
  const counts = new Map<string | null, number>();
  for (const arc of slot) counts.set(arc, (counts.get(arc) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  // Map iteration follows first insertion, i.e. transcript order, so a strict ">" keeps the earliest on ties.
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
