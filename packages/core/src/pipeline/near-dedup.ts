/**
 * Near-duplicate removal: MinHash over character n-grams of the dedup key (dedup-key.ts), banded LSH to
 * find candidates, estimated Jaccard ≥ threshold to confirm. The first record of a group is kept; later
 * ones are dropped with `duplicateOf` naming it. Only kept records are indexed: a dropped record's own
 * near-duplicates are found through the record it duplicated (when similar enough to it).
 * Memory: see lsh.ts (0.5-1 KB per kept record with 128 permutations).
 */
import { dedupKey } from './dedup-key.js';
import type { DedupOperator } from './exact-dedup.js';
import { LshIndex } from './lsh.js';
import { createMinHasher } from './minhash.js';
import { KEEP } from './operator.js';
import type { NearDedupOperatorSpec } from './pipeline-spec.js';

export const NEAR_DEDUP_DEFAULTS = { ngram: 3, permutations: 128, threshold: 0.7 } as const;

export function createNearDedup(spec: NearDedupOperatorSpec): DedupOperator & { readonly index: LshIndex } {
  const ngram = spec.ngram ?? NEAR_DEDUP_DEFAULTS.ngram;
  const permutations = spec.permutations ?? NEAR_DEDUP_DEFAULTS.permutations;
  const threshold = spec.threshold ?? NEAR_DEDUP_DEFAULTS.threshold;
  const hasher = createMinHasher(permutations, ngram);
  const index = new LshIndex(permutations, threshold);
  const signature = new Uint32Array(permutations);
  return {
    index,
    apply(text, recordIndex) {
      const key = dedupKey(text);
      if (key.length === 0) return KEEP;
      hasher.signature(key, signature);
      const duplicateOf = index.findOrAdd(signature, recordIndex);
      return duplicateOf < 0 ? KEEP : { kind: 'drop', reason: `near duplicate (Jaccard ≥ ${threshold})`, duplicateOf };
    },
    memoryBytes: () => index.bytes,
  };
}
