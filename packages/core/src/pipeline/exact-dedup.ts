/**
 * Exact dedup: drops a record whose dedup key (dedup-key.ts) was seen before in the run. Keys are kept as
 * 64-bit hashes (two independent 32-bit hashes), so a false match needs a 64-bit collision: about
 * n² / 2^65, 3·10^-8 for a million records.
 *
 * Memory: per distinct record, one multimap entry (8-16 bytes) plus the second hash and the record index
 * (8 bytes, in vectors that may be up to twice their length): 16-32 bytes, whatever the text size.
 */
import { dedupKey } from './dedup-key.js';
import { hashString32 } from './hash32.js';
import { KEEP, type TextOperator } from './operator.js';
import { U32MultiMap } from './u32-multimap.js';
import { U32Vector } from './u32-vector.js';

export interface DedupOperator extends TextOperator {
  /** Bytes of index the operator holds now. */
  memoryBytes(): number;
}

export function createExactDedup(): DedupOperator {
  const index = new U32MultiMap();
  const second = new U32Vector();
  const origin = new U32Vector();
  return {
    apply(text, recordIndex) {
      const key = dedupKey(text);
      const h1 = hashString32(key, 0x2545f491);
      const h2 = hashString32(key, 0x9e3779b9);
      let duplicateOf = -1;
      index.forEach(h1, (id) => {
        if (second.get(id) !== h2) return false;
        duplicateOf = origin.get(id);
        return true;
      });
      if (duplicateOf >= 0) return { kind: 'drop', reason: 'exact duplicate', duplicateOf };
      second.push(h2);
      index.add(h1, origin.push(recordIndex));
      return KEEP;
    },
    memoryBytes: () => index.bytes + second.bytes + origin.bytes,
  };
}
