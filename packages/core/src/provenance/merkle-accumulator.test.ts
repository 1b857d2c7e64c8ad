import { describe, expect, it } from 'vitest';
import { MerkleAccumulator } from './merkle-accumulator.js';
import { merkleLeafHash, merkleNodeHash, merkleRoot } from './merkle.js';

describe('MerkleAccumulator', () => {
  it('gives the same root as merkleRoot over the whole list, for every size up to 70', () => {
    const acc = new MerkleAccumulator();
    const leaves: Uint8Array[] = [];
    expect(acc.root()).toEqual(merkleRoot([]));
    for (let n = 1; n <= 70; n++) {
      const entry = new TextEncoder().encode(`entry ${n}`);
      acc.addEntry(entry);
      leaves.push(merkleLeafHash(entry));
      expect(acc.size).toBe(n);
      expect(acc.root()).toEqual(merkleRoot(leaves));
    }
  });

  it('uses the node hash it is given (an equivalent implementation gives the same root)', () => {
    const calls: number[] = [];
    const acc = new MerkleAccumulator((l, r) => {
      calls.push(1);
      return merkleNodeHash(l, r);
    });
    const leaves = [1, 2, 3, 4, 5].map((n) => merkleLeafHash(new Uint8Array([n])));
    leaves.forEach((l) => acc.addLeafHash(l));
    expect(acc.root()).toEqual(merkleRoot(leaves));
    expect(calls.length).toBe(4);
  });
});
