import { describe, it, expect } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, fromHex, hex } from './encoding.js';
import {
  EMPTY_TREE_ROOT,
  completedNodes,
  consistencyProof,
  consistencyProofFromNodes,
  inclusionProof,
  inclusionProofFromNodes,
  merkleLeafHash,
  merkleNodeHash,
  merkleRoot,
  nodesForAppend,
  nodesForConsistency,
  nodesForInclusion,
  nodesForRoot,
  rootFromNodes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import type { NodeId, NodeReader } from './merkle.js';
import { CONSISTENCY_PROBES, CT_CONSISTENCY, CT_PATHS, INCLUSION_PROBES, LEAF_INPUTS, NODE_HASHES, ROOT_HASHES } from './merkle.vectors.js';

// Exhaustive loops: a few seconds on a busy machine, well over vitest's 5 s default under load.
const SLOW = { timeout: 60_000 };

const referenceLeaves = (): Uint8Array[] => LEAF_INPUTS.map((input) => merkleLeafHash(fromHex(input)));
const hexes = (hashes: Uint8Array[]): string[] => hashes.map(hex);

/** Leaf hashes of `n` distinct entries ("leaf 0", "leaf 1", …). */
function leaves(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => merkleLeafHash(new TextEncoder().encode(`leaf ${i}`)));
}

/** An in-memory node store filled the way a server would: completedNodes for each appended leaf. */
function buildStore(leafHashes: Uint8Array[]): { read: NodeReader; reads: NodeId[]; size: number } {
  const nodes = new Map<string, Uint8Array>();
  const reads: NodeId[] = [];
  const read: NodeReader = (level, index) => {
    reads.push({ level, index });
    const hash = nodes.get(`${level}/${index}`);
    if (hash === undefined) throw new Error(`missing node ${level}/${index}`);
    return hash;
  };
  leafHashes.forEach((leaf, i) => {
    for (const node of completedNodes(i, leaf, read)) nodes.set(`${node.level}/${node.index}`, node.hash);
  });
  reads.length = 0;
  return { read, reads, size: nodes.size };
}

/** Bit `bit` of byte `byte` of element `element` flipped, in a copy. */
function flipBit(proof: Uint8Array[], element: number, byte = 0, bit = 0): Uint8Array[] {
  return proof.map((hash, i) => {
    if (i !== element) return hash;
    const copy = hash.slice();
    copy[byte] = copy[byte]! ^ (1 << bit);
    return copy;
  });
}

describe('hashing (RFC 6962 §2.1)', () => {
  it('leaf hash is SHA-256(0x00 ‖ entry), node hash SHA-256(0x01 ‖ left ‖ right)', () => {
    expect(hex(merkleLeafHash(new Uint8Array(0)))).toBe(hex(sha256(Uint8Array.of(0))));
    const [a, b] = [merkleLeafHash(Uint8Array.of(1)), merkleLeafHash(Uint8Array.of(2))];
    expect(hex(merkleNodeHash(a, b))).toBe(hex(sha256(Uint8Array.of(1, ...a, ...b))));
  });

  it('the empty tree root is SHA-256 of the empty string', () => {
    expect(hex(merkleRoot([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(EMPTY_TREE_ROOT)).toBe(ROOT_HASHES[0]);
  });

  it('leaf hashes of the reference inputs are constants.go NodeHashes level 0', () => {
    expect(hexes(referenceLeaves())).toEqual(NODE_HASHES[0]);
  });

  it.each(ROOT_HASHES.map((root, size) => [size, root] as const))('root of the first %i reference leaves is %s', (size, root) => {
    expect(hex(merkleRoot(referenceLeaves().slice(0, size)))).toBe(root);
  });

  it('throws RangeError for a leaf hash that is not 32 bytes', () => {
    expect(() => merkleRoot([new Uint8Array(31)])).toThrow(RangeError);
  });
});

describe('proof generation: certificate-transparency merkle_tree_test.cc vectors', () => {
  it.each(CT_PATHS.filter((v) => v.leaf >= 1))('audit path of leaf $leaf (1-based) in a tree of $snapshot', ({ leaf, snapshot, path }) => {
    expect(hexes(inclusionProof(referenceLeaves().slice(0, snapshot), leaf - 1))).toEqual(path);
  });

  it('"leaf 0 of snapshot 0" has no path: for us that is an out-of-range index', () => {
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
  });

  it.each(CT_CONSISTENCY)('consistency proof $snapshot1 -> $snapshot2', ({ snapshot1, snapshot2, proof }) => {
    const leafHashes = referenceLeaves().slice(0, snapshot2);
    expect(hexes(consistencyProof(leafHashes, snapshot1))).toEqual(proof);
    const roots = ROOT_HASHES.map(fromHex);
    expect(verifyConsistency(snapshot1, snapshot2, roots[snapshot1]!, roots[snapshot2]!, proof.map(fromHex))).toBe(true);
  });
});

describe('verification: transparency-dev/merkle testdata probes', () => {
  it('has the published probe sets', () => {
    expect(INCLUSION_PROBES).toHaveLength(98);
    expect(CONSISTENCY_PROBES).toHaveLength(98);
  });

  it.each(INCLUSION_PROBES)('inclusion $file (wantErr $wantErr)', (probe) => {
    const ok = verifyInclusion(fromBase64(probe.leafHash), probe.leafIdx, probe.treeSize, probe.proof.map(fromBase64), fromBase64(probe.root));
    expect(ok).toBe(!probe.wantErr);
  });

  // Where we are deliberately stricter than the Go verifier (which never checks root lengths).
  const STRICTER: Record<string, string> = {
    'consistency/additional/sizes-are-equal-one-and-proof-is-empty':
      'equal sizes with equal roots, but the roots are the 12-byte text "don\'t care 2"; we require 32-byte SHA-256 roots',
  };

  it.each(CONSISTENCY_PROBES)('consistency $file (wantErr $wantErr)', (probe) => {
    const ok = verifyConsistency(probe.size1, probe.size2, fromBase64(probe.root1), fromBase64(probe.root2), probe.proof.map(fromBase64));
    expect(ok).toBe(STRICTER[probe.file] === undefined ? !probe.wantErr : false);
  });

  it('the stricter case holds with real roots: equal sizes, equal 32-byte roots, empty proof verify', () => {
    const root = fromHex(ROOT_HASHES[1]!);
    expect(verifyConsistency(1, 1, root, root, [])).toBe(true);
  });

  it('our own proofs for the probe trees equal the published happy paths', () => {
    const leafHashes = referenceLeaves();
    for (const probe of INCLUSION_PROBES.filter((p) => !p.wantErr && p.treeSize <= 8)) {
      const proof = inclusionProof(leafHashes.slice(0, probe.treeSize), probe.leafIdx);
      expect(proof.map(hex)).toEqual(probe.proof.map((b) => hex(fromBase64(b))));
    }
    for (const probe of CONSISTENCY_PROBES.filter((p) => !p.wantErr && p.size2 <= 8)) {
      const proof = consistencyProof(leafHashes.slice(0, probe.size2), probe.size1);
      expect(proof.map(hex)).toEqual(probe.proof.map((b) => hex(fromBase64(b))));
    }
  });
});

describe('every proof of small trees verifies, and every corrupted variant fails', () => {
  // The same kinds of corruption as the published probes, applied to every (index, size) up to 20 leaves.
  const MAX = 20;
  const all = leaves(MAX);
  const roots = Array.from({ length: MAX + 1 }, (_, n) => merkleRoot(all.slice(0, n)));
  const junk = sha256(new TextEncoder().encode('junk'));

  it('inclusion', SLOW, () => {
    for (let size = 1; size <= MAX; size++) {
      const root = roots[size]!;
      for (let index = 0; index < size; index++) {
        const leaf = all[index]!;
        const proof = inclusionProof(all.slice(0, size), index);
        expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
        const bad = (description: string, ok: boolean): void => expect(ok, `${description} (index ${index}, size ${size})`).toBe(false);
        bad('wrong leaf', verifyInclusion(all[(index + 1) % MAX]!, index, size, proof, root));
        bad('wrong root', verifyInclusion(leaf, index, size, proof, junk));
        bad('empty-tree root', verifyInclusion(leaf, index, size, proof, EMPTY_TREE_ROOT));
        bad('index + 1', verifyInclusion(leaf, index + 1, size, proof, root));
        if (index > 0) bad('index - 1', verifyInclusion(leaf, index - 1, size, proof, root));
        bad('index xor 2', verifyInclusion(leaf, index ^ 2, size, proof, root));
        bad('size * 2', verifyInclusion(leaf, index, size * 2, proof, root));
        if (size > 1) bad('size / 2', verifyInclusion(leaf, index, Math.floor(size / 2), proof, root));
        bad('appended root', verifyInclusion(leaf, index, size, [...proof, root], root));
        bad('prepended root', verifyInclusion(leaf, index, size, [root, ...proof], root));
        bad('appended junk', verifyInclusion(leaf, index, size, [...proof, junk], root));
        bad('prepended junk', verifyInclusion(leaf, index, size, [junk, ...proof], root));
        for (let i = 0; i < proof.length; i++) {
          bad(`flipped bit in proof[${i}]`, verifyInclusion(leaf, index, size, flipBit(proof, i, 7, 3), root));
          bad(`removed proof[${i}]`, verifyInclusion(leaf, index, size, proof.filter((_, j) => j !== i), root));
          bad(`inserted junk at ${i}`, verifyInclusion(leaf, index, size, [...proof.slice(0, i), junk, ...proof.slice(i)], root));
        }
        if (proof.length > 0) bad('empty proof', verifyInclusion(leaf, index, size, [], root));
        bad('short hash in proof', verifyInclusion(leaf, index, size, [...proof.slice(0, -1), new Uint8Array(31)], root));
      }
    }
  });

  it('consistency', SLOW, () => {
    for (let newSize = 1; newSize <= MAX; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const [oldRoot, newRoot] = [roots[oldSize]!, roots[newSize]!];
        const proof = consistencyProof(all.slice(0, newSize), oldSize);
        expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof), `${oldSize} -> ${newSize}`).toBe(true);
        const bad = (description: string, ok: boolean): void => expect(ok, `${description} (${oldSize} -> ${newSize})`).toBe(false);
        bad('wrong old root', verifyConsistency(oldSize, newSize, junk, newRoot, proof));
        // From the empty tree nothing binds the new tree (every tree extends it), so only corruptions that
        // touch the proof or the old root apply there.
        const bindsNewTree = oldSize > 0;
        if (bindsNewTree) bad('wrong new root', verifyConsistency(oldSize, newSize, oldRoot, junk, proof));
        if (oldSize !== newSize) bad('swapped roots', verifyConsistency(oldSize, newSize, newRoot, oldRoot, proof));
        bad('appended junk', verifyConsistency(oldSize, newSize, oldRoot, newRoot, [...proof, junk]));
        bad('prepended junk', verifyConsistency(oldSize, newSize, oldRoot, newRoot, [junk, ...proof]));
        bad('appended old root', verifyConsistency(oldSize, newSize, oldRoot, newRoot, [...proof, oldRoot]));
        bad('prepended old root', verifyConsistency(oldSize, newSize, oldRoot, newRoot, [oldRoot, ...proof]));
        bad('old size + 1', verifyConsistency(oldSize + 1, newSize, oldRoot, newRoot, proof));
        if (oldSize > 0) bad('old size - 1', verifyConsistency(oldSize - 1, newSize, oldRoot, newRoot, proof));
        // Not "new size ± 1": a root does not commit to its size, so e.g. the 1 -> 3 proof also "proves"
        // 1 -> 4 against the same (size-3) root. Checkpoints sign size and root together for that reason.
        if (bindsNewTree) bad('new size * 2', verifyConsistency(oldSize, newSize * 2, oldRoot, newRoot, proof));
        if (oldSize > 0 && oldSize < newSize) bad('empty proof', verifyConsistency(oldSize, newSize, oldRoot, newRoot, []));
        for (let i = 0; i < proof.length; i++) {
          bad(`flipped bit in proof[${i}]`, verifyConsistency(oldSize, newSize, oldRoot, newRoot, flipBit(proof, i, 31, 7)));
          bad(`removed proof[${i}]`, verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof.filter((_, j) => j !== i)));
        }
      }
    }
  });

  it('equal sizes need an empty proof and equal roots; the empty tree needs the empty root', () => {
    const root = roots[5]!;
    expect(verifyConsistency(5, 5, root, root, [])).toBe(true);
    expect(verifyConsistency(5, 5, root, roots[4]!, [])).toBe(false);
    expect(verifyConsistency(5, 5, root, root, [root])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_TREE_ROOT, EMPTY_TREE_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 0, root, root, [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_TREE_ROOT, root, [])).toBe(true);
    expect(verifyConsistency(0, 5, root, root, [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_TREE_ROOT, root, [root])).toBe(false);
  });

  it('malformed arguments answer false, never throw', () => {
    const root = roots[4]!;
    const proof = inclusionProof(all.slice(0, 4), 1);
    expect(verifyInclusion(all[1]!, -1, 4, proof, root)).toBe(false);
    expect(verifyInclusion(all[1]!, 1.5, 4, proof, root)).toBe(false);
    expect(verifyInclusion(all[1]!, 1, Number.NaN, proof, root)).toBe(false);
    expect(verifyInclusion(all[1]!, 1, 2 ** 64, proof, root)).toBe(false);
    expect(verifyInclusion(new Uint8Array(0), 1, 4, proof, root)).toBe(false);
    expect(verifyInclusion(all[1]!, 1, 4, proof, new Uint8Array(33))).toBe(false);
    expect(verifyConsistency(4, 2, root, roots[2]!, [])).toBe(false);
    expect(verifyConsistency(-1, 2, root, roots[2]!, [])).toBe(false);
    expect(verifyConsistency(2, 4, roots[2]!, root, [new Uint8Array(0)])).toBe(false);
  });
});

describe('argument errors in proof builders', () => {
  it('throws RangeError with a clear message', () => {
    expect(() => inclusionProof(leaves(3), 3)).toThrow(new RangeError('index 3 is out of range for a tree of size 3'));
    expect(() => inclusionProof(leaves(3), -1)).toThrow(RangeError);
    expect(() => consistencyProof(leaves(3), 4)).toThrow(new RangeError('oldSize 4 is larger than the tree size 3'));
    expect(() => inclusionProofFromNodes(5, 5, () => new Uint8Array(32))).toThrow(RangeError);
    expect(() => consistencyProofFromNodes(6, 5, () => new Uint8Array(32))).toThrow(RangeError);
    expect(() => rootFromNodes(1.5, () => new Uint8Array(32))).toThrow(RangeError);
  });

  it('consistency proofs from the empty tree or to the same size are empty', () => {
    expect(consistencyProof(leaves(5), 0)).toEqual([]);
    expect(consistencyProof(leaves(5), 5)).toEqual([]);
    expect(consistencyProof([], 0)).toEqual([]);
  });
});

describe('node store', () => {
  it('completedNodes stores exactly the NodeHashes of constants.go', () => {
    const store = new Map<string, string>();
    const read: NodeReader = (level, index) => fromHex(store.get(`${level}/${index}`) ?? '');
    referenceLeaves().forEach((leaf, i) => {
      for (const node of completedNodes(i, leaf, read)) store.set(`${node.level}/${node.index}`, hex(node.hash));
    });
    const expected = new Map(NODE_HASHES.flatMap((level, l) => level.map((hash, i) => [`${l}/${i}`, hash] as const)));
    expect(store).toEqual(expected);
  });

  it('completedNodes starts with the leaf and reads only left siblings (the nodes nodesForAppend lists)', () => {
    const { read, reads } = buildStore(leaves(7));
    const leaf = leaves(8)[7]!;
    const done = completedNodes(7, leaf, read);
    expect(done.map(({ level, index }) => [level, index])).toEqual([[0, 7], [1, 3], [2, 1], [3, 0]]);
    expect(done[0]!.hash).toBe(leaf);
    expect(reads).toEqual([{ level: 0, index: 6 }, { level: 1, index: 2 }, { level: 2, index: 0 }]);
    expect(nodesForAppend(7)).toEqual(reads);
    expect(nodesForAppend(8)).toEqual([]);
  });

  it('a missing node is a clear error', () => {
    expect(() => rootFromNodes(3, () => new Uint8Array(0))).toThrow('node (level 1, index 0) is missing or not a 32-byte hash');
  });

  it('for every size 0..70 and every index/oldSize, *FromNodes equals the array versions and reads only the planned nodes', SLOW, () => {
    const MAX = 70;
    const all = leaves(MAX);
    const { read, reads } = buildStore(all);
    const planned = (plan: NodeId[], label: string): void => {
      expect(reads, label).toEqual(plan);
      reads.length = 0;
    };
    let checks = 0;
    for (let size = 0; size <= MAX; size++) {
      const prefix = all.slice(0, size);
      expect(hex(rootFromNodes(size, read)), `root ${size}`).toBe(hex(merkleRoot(prefix)));
      planned(nodesForRoot(size), `root ${size}`);
      for (let index = 0; index < size; index++) {
        expect(hexes(inclusionProofFromNodes(index, size, read)), `inclusion ${index}/${size}`).toEqual(hexes(inclusionProof(prefix, index)));
        planned(nodesForInclusion(index, size), `inclusion ${index}/${size}`);
        checks++;
      }
      for (let oldSize = 0; oldSize <= size; oldSize++) {
        expect(hexes(consistencyProofFromNodes(oldSize, size, read)), `consistency ${oldSize}->${size}`).toEqual(hexes(consistencyProof(prefix, oldSize)));
        planned(nodesForConsistency(oldSize, size), `consistency ${oldSize}->${size}`);
        checks++;
      }
    }
    expect(checks).toBe((MAX * (MAX + 1)) / 2 + ((MAX + 1) * (MAX + 2)) / 2);
  });

  it('plans are logarithmic: a proof in a tree of 2^40 leaves reads at most 2·40 nodes', () => {
    const size = 2 ** 40 + 12345;
    expect(nodesForRoot(size).length).toBeLessThanOrEqual(41);
    expect(nodesForInclusion(2 ** 39 + 7, size).length).toBeLessThanOrEqual(2 * 41);
    expect(nodesForConsistency(2 ** 38 + 3, size).length).toBeLessThanOrEqual(2 * 41);
    // The planned ids are real nodes: level and index address a perfect subtree inside the tree.
    for (const { level, index } of nodesForInclusion(2 ** 39 + 7, size)) expect((index + 1) * 2 ** level).toBeLessThanOrEqual(size);
  });
});
