/**
 * Levenshtein alignment of two token sequences with the edit counts jiwer reports.
 *
 * jiwer (>= 3.1) takes its counts from `rapidfuzz.distance.Levenshtein.opcodes`. When several minimum-cost
 * alignments exist, they can split the same cost differently (one substitution vs. a deletion plus an
 * insertion never ties, but *where* the errors go changes which tokens are hits, e.g. "a b" vs "b a").
 * To report the same S/D/I/H as jiwer we reproduce rapidfuzz-cpp's procedure (`levenshtein_align` /
 * `recover_alignment` in rapidfuzz/distance/Levenshtein_impl.hpp):
 *
 * 1. strip the common prefix and the common suffix (they are hits);
 * 2. fill the unit-cost matrix D[i][j] (i over the reference, j over the hypothesis);
 * 3. walk back from the bottom-right corner preferring, in this order:
 *    - deletion of reference token i when D[i][j] - D[i-1][j] = +1;
 *    - otherwise step to hypothesis row j-1, and call it an insertion when D[i][j-1] - D[i-1][j-1] = -1;
 *    - otherwise take the diagonal (hit if the tokens are equal, else substitution).
 *
 * rapidfuzz keeps those vertical deltas as bit vectors (Hyyrö 2003); we keep the same two bits per cell,
 * so memory is 2 bits per cell rather than a full integer matrix. rapidfuzz switches to Hirschberg's
 * divide and conquer for very large inputs (roughly len(ref) x len(hyp) over 4 million cells after the
 * affix strip); there its tie-breaking can differ from ours. The total edit count never differs.
 */

/** Edit counts of one alignment: S, D, I and H (hits). */
export interface EditCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  hits: number;
}

/** One step of an alignment; `ref`/`hyp` are token indices (absent for insertions / deletions). */
export type AlignmentOp =
  | { type: 'equal'; ref: number; hyp: number }
  | { type: 'substitute'; ref: number; hyp: number }
  | { type: 'delete'; ref: number }
  | { type: 'insert'; hyp: number };

/** The ordered steps of an alignment plus their counts. */
export interface Alignment extends EditCounts {
  ops: AlignmentOp[];
}

/**
 * Aligns `reference` to `hypothesis` (tokens compared with `===`) exactly as jiwer/rapidfuzz would.
 *
 * @example alignTokens(['a', 'b'], ['a', 'c']) // { substitutions: 1, deletions: 0, insertions: 0, hits: 1, ops: [...] }
 */
export function alignTokens<T>(reference: readonly T[], hypothesis: readonly T[]): Alignment {
  const ids = new Map<T, number>();
  const toIds = (tokens: readonly T[]): Int32Array => {
    const out = new Int32Array(tokens.length);
    tokens.forEach((token, k) => {
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
      }
      out[k] = id;
    });
    return out;
  };
  return alignIds(toIds(reference), toIds(hypothesis));
}

function alignIds(ref: Int32Array, hyp: Int32Array): Alignment {
  let prefix = 0;
  while (prefix < ref.length && prefix < hyp.length && ref[prefix] === hyp[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < ref.length - prefix &&
    suffix < hyp.length - prefix &&
    ref[ref.length - 1 - suffix] === hyp[hyp.length - 1 - suffix]
  ) {
    suffix++;
  }
  const a = ref.subarray(prefix, ref.length - suffix);
  const b = hyp.subarray(prefix, hyp.length - suffix);

  const middle = backtrace(a, b);
  const ops: AlignmentOp[] = [];
  for (let k = 0; k < prefix; k++) ops.push({ type: 'equal', ref: k, hyp: k });
  for (const op of middle) ops.push(shift(op, prefix));
  for (let k = suffix; k > 0; k--) ops.push({ type: 'equal', ref: ref.length - k, hyp: hyp.length - k });

  const counts: EditCounts = { substitutions: 0, deletions: 0, insertions: 0, hits: 0 };
  for (const op of ops) {
    if (op.type === 'equal') counts.hits++;
    else if (op.type === 'substitute') counts.substitutions++;
    else if (op.type === 'delete') counts.deletions++;
    else counts.insertions++;
  }
  return { ...counts, ops };
}

function shift(op: AlignmentOp, by: number): AlignmentOp {
  switch (op.type) {
    case 'equal':
    case 'substitute':
      return { type: op.type, ref: op.ref + by, hyp: op.hyp + by };
    case 'delete':
      return { type: 'delete', ref: op.ref + by };
    case 'insert':
      return { type: 'insert', hyp: op.hyp + by };
  }
}

/** Alignment of `a` to `b` (no common affix), in order, following rapidfuzz's backtrace preferences. */
function backtrace(a: Int32Array, b: Int32Array): AlignmentOp[] {
  const n = a.length;
  const m = b.length;
  const words = (n + 31) >>> 5;
  // Row j (1..m) of the bit matrices holds, for i = 1..n, whether D[i][j] - D[i-1][j] is +1 (vp) or -1 (vn).
  const vp = new Uint32Array(m * words);
  const vn = new Uint32Array(m * words);
  let prev = new Uint32Array(n + 1);
  let cur = new Uint32Array(n + 1);
  for (let i = 0; i <= n; i++) prev[i] = i;
  for (let j = 1; j <= m; j++) {
    cur[0] = j;
    const bj = b[j - 1];
    const row = (j - 1) * words;
    for (let i = 1; i <= n; i++) {
      const diagonal = (prev[i - 1] ?? 0) + (a[i - 1] === bj ? 0 : 1);
      const value = Math.min(diagonal, (prev[i] ?? 0) + 1, (cur[i - 1] ?? 0) + 1);
      cur[i] = value;
      const delta = value - (cur[i - 1] ?? 0);
      const word = row + ((i - 1) >>> 5);
      const bit = 1 << ((i - 1) & 31);
      if (delta === 1) vp[word] = (vp[word] ?? 0) | bit;
      else if (delta === -1) vn[word] = (vn[word] ?? 0) | bit;
    }
    [prev, cur] = [cur, prev];
  }
  const test = (bits: Uint32Array, j: number, i: number): boolean =>
    (((bits[(j - 1) * words + ((i - 1) >>> 5)] ?? 0) >>> ((i - 1) & 31)) & 1) === 1;

  const reversed: AlignmentOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (test(vp, j, i)) {
      i--;
      reversed.push({ type: 'delete', ref: i });
      continue;
    }
    j--;
    if (j > 0 && test(vn, j, i)) {
      reversed.push({ type: 'insert', hyp: j });
      continue;
    }
    i--;
    reversed.push({ type: a[i] === b[j] ? 'equal' : 'substitute', ref: i, hyp: j });
  }
  while (i > 0) reversed.push({ type: 'delete', ref: --i });
  while (j > 0) reversed.push({ type: 'insert', hyp: --j });
  return reversed.reverse();
}
