import { merkleLeafHash, merkleNodeHash, merkleRoot } from './merkle.js';

/**
 * The RFC 6962 root of a stream of leaves without holding them: a stack of perfect subtrees (the
 * "compact range" of a log). Appending merges equal-sized neighbours; the root folds the stack from the
 * right, which is exactly MTH's split at the largest power of two. Memory is O(log n).
 */
export class MerkleAccumulator {
  private readonly stack: { size: number; hash: Uint8Array }[] = [];
  private count = 0;

  /**
   * `nodeHash` may be swapped for a faster implementation of the same RFC 6962 node hash (a server hashing
   * a million imported tasks uses its platform's native SHA-256); the default is the portable one.
   */
  constructor(private readonly nodeHash: (left: Uint8Array, right: Uint8Array) => Uint8Array = merkleNodeHash) {}

  get size(): number {
    return this.count;
  }

  /** Appends an entry (hashed as a leaf here). */
  addEntry(entry: Uint8Array): void {
    this.addLeafHash(merkleLeafHash(entry));
  }

  addLeafHash(leafHash: Uint8Array): void {
    let node = { size: 1, hash: leafHash };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: this.nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.count++;
  }

  root(): Uint8Array {
    if (this.stack.length === 0) return merkleRoot([]);
    let hash = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = this.nodeHash(this.stack[i]!.hash, hash);
    return hash;
  }
}
