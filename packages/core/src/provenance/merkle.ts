/**
 * RFC 6962 §2.1 Merkle hash trees over SHA-256: the structure behind transparency logs. A log commits to
 * its whole history with one 32-byte root; an inclusion proof shows one entry is in the tree, a consistency
 * proof shows a newer tree extends an older one without rewriting it (so nobody can quietly edit the past).
 *
 * Two ways to build proofs, with the same results:
 * - from the full list of leaf hashes (`merkleRoot`, `inclusionProof`, `consistencyProof`): RFC 6962's
 *   recursive definitions (MTH, PATH, SUBPROOF) written out directly; fine for tests and small trees;
 * - from stored nodes (`*FromNodes`): a server keeps only the hashes of PERFECT subtrees, written once
 *   when they complete (`completedNodes`), and reads O(log n) of them per proof. The `nodesFor*` functions
 *   list exactly the nodes a `*FromNodes` call will read, so the server can fetch them in one query first.
 *
 * Verification (`verifyInclusion`, `verifyConsistency`) follows RFC 9162 §2.1.3.2 and §2.1.4.2, which
 * state RFC 6962's checks as explicit algorithms. Verifiers take untrusted input, so they answer false for
 * anything malformed (wrong hash lengths, impossible sizes) and never throw.
 *
 * Sizes and indexes are JavaScript numbers: any safe integer (< 2^53) works, far beyond any real log.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from './encoding.js';

/** SHA-256 output length; every leaf hash, node hash, root and proof element has it. */
export const MERKLE_HASH_BYTES = 32;

/** Root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). Do not modify; functions return copies. */
export const EMPTY_TREE_ROOT: Uint8Array = sha256(new Uint8Array(0));
// Private copy for comparisons, so a caller writing into the exported array cannot change verification.
const EMPTY_ROOT = EMPTY_TREE_ROOT.slice();

/** Leaf hash: SHA-256(0x00 ‖ entry). The 0x00/0x01 prefixes keep a leaf from passing as an inner node. */
export function merkleLeafHash(entry: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + entry.length);
  input[0] = 0x00;
  input.set(entry, 1);
  return sha256(input);
}

/** Inner node hash: SHA-256(0x01 ‖ left ‖ right). */
export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

// ---------------------------------------------------------------------------------------------------------
// Shared recursion. `RangeHash(start, end)` is MTH(D[start:end]); the array and node-store variants differ
// only in how they compute it, so PATH and SUBPROOF are written once.

type RangeHash = (start: number, end: number) => Uint8Array;

/** The largest power of two strictly smaller than n (n >= 2): RFC 6962's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** log2(n) === n;
}

/** ceil(log2(n)) for n >= 1: the exact level of a perfect subtree of n leaves. */
function log2(n: number): number {
  let level = 0;
  for (let p = 1; p < n; p *= 2) level++;
  return level;
}

/** PATH(index, D[start:end]) (RFC 6962 §2.1.1), appended to `out` from the leaf's sibling up. */
function auditPath(index: number, start: number, end: number, hash: RangeHash, out: Uint8Array[]): void {
  if (end - start === 1) return;
  const mid = start + splitPoint(end - start);
  if (index < mid) {
    auditPath(index, start, mid, hash, out);
    out.push(hash(mid, end));
  } else {
    auditPath(index, mid, end, hash, out);
    out.push(hash(start, mid));
  }
}

/** SUBPROOF(oldEnd, D[start:end], haveRoot) (RFC 6962 §2.1.2), appended to `out`. */
function subproof(oldEnd: number, start: number, end: number, haveRoot: boolean, hash: RangeHash, out: Uint8Array[]): void {
  if (oldEnd === end) {
    // The old tree's root is this subtree; the verifier already knows it when it is the old root itself.
    if (!haveRoot) out.push(hash(start, end));
    return;
  }
  const mid = start + splitPoint(end - start);
  if (oldEnd <= mid) {
    subproof(oldEnd, start, mid, haveRoot, hash, out);
    out.push(hash(mid, end));
  } else {
    subproof(oldEnd, mid, end, false, hash, out);
    out.push(hash(start, mid));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Argument checks. Proof builders throw RangeError (a caller bug); verifiers use the boolean forms.

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === MERKLE_HASH_BYTES;
}

function requireCount(name: string, n: number): void {
  if (!isCount(n)) throw new RangeError(`${name} must be a non-negative safe integer, got ${String(n)}`);
}

function requireIndex(index: number, size: number): void {
  requireCount('size', size);
  requireCount('index', index);
  if (index >= size) throw new RangeError(`index ${index} is out of range for a tree of size ${size}`);
}

function requireSizes(oldSize: number, newSize: number): void {
  requireCount('oldSize', oldSize);
  requireCount('newSize', newSize);
  if (oldSize > newSize) throw new RangeError(`oldSize ${oldSize} is larger than the tree size ${newSize}`);
}

function requireLeafHashes(leafHashes: Uint8Array[]): void {
  leafHashes.forEach((leaf, i) => {
    if (!isHash(leaf)) throw new RangeError(`leafHashes[${i}] must be a ${MERKLE_HASH_BYTES}-byte hash`);
  });
}

// ---------------------------------------------------------------------------------------------------------
// From the full list of leaf hashes.

function arrayRangeHash(leafHashes: Uint8Array[]): RangeHash {
  const mth: RangeHash = (start, end) => {
    if (end - start === 1) return leafHashes[start]!;
    const mid = start + splitPoint(end - start);
    return merkleNodeHash(mth(start, mid), mth(mid, end));
  };
  return mth;
}

/** MTH(D[n]) over leaf hashes (from `merkleLeafHash`); the empty tree's root is SHA-256(""). */
export function merkleRoot(leafHashes: Uint8Array[]): Uint8Array {
  requireLeafHashes(leafHashes);
  if (leafHashes.length === 0) return EMPTY_ROOT.slice();
  return arrayRangeHash(leafHashes)(0, leafHashes.length);
}

/** Audit path for leaf `index` in the tree of all `leafHashes`, leaf level first. RangeError if out of range. */
export function inclusionProof(leafHashes: Uint8Array[], index: number): Uint8Array[] {
  requireIndex(index, leafHashes.length);
  requireLeafHashes(leafHashes);
  const out: Uint8Array[] = [];
  auditPath(index, 0, leafHashes.length, arrayRangeHash(leafHashes), out);
  return out;
}

/**
 * Consistency proof from the tree of the first `oldSize` leaves to the tree of all `leafHashes`
 * (PROOF(m, D[n]), RFC 6962 §2.1.2). Empty when oldSize is 0 or equals the size: nothing to prove.
 * RangeError when oldSize is larger than the tree.
 */
export function consistencyProof(leafHashes: Uint8Array[], oldSize: number): Uint8Array[] {
  requireSizes(oldSize, leafHashes.length);
  requireLeafHashes(leafHashes);
  const out: Uint8Array[] = [];
  if (oldSize === 0 || oldSize === leafHashes.length) return out;
  subproof(oldSize, 0, leafHashes.length, true, arrayRangeHash(leafHashes), out);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Verification (RFC 9162 §2.1.3.2 and §2.1.4.2). Shifts use division: JavaScript's >> is 32-bit.

const half = (n: number): number => Math.floor(n / 2);
const lsb = (n: number): boolean => n % 2 === 1;

/** True when `proof` shows that `leafHash` is leaf `index` of the tree of size `treeSize` with root `root`. */
export function verifyInclusion(leafHash: Uint8Array, index: number, treeSize: number, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!isCount(index) || !isCount(treeSize) || index >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false; // proof longer than the path to the root
    if (lsb(fn) || fn === sn) {
      r = merkleNodeHash(p, r);
      // On the right edge of a non-perfect tree, climb the levels where this node has no right sibling.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = merkleNodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * True when `proof` shows that the tree of size `newSize` with root `newRoot` extends the tree of size
 * `oldSize` with root `oldRoot` (append-only). Equal sizes need an empty proof and equal roots; from the
 * empty tree (oldSize 0) the proof must be empty and `oldRoot` must be the empty-tree root, since every
 * tree extends the empty one. False (never a throw) for anything malformed, including oldSize > newSize.
 */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: Uint8Array[]): boolean {
  if (!isCount(oldSize) || !isCount(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (oldSize === 0) return proof.length === 0 && bytesEqual(oldRoot, EMPTY_ROOT) && (newSize > 0 || bytesEqual(newRoot, EMPTY_ROOT));
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (proof.length === 0) return false;
  // When the old tree is perfect its root is a node of the new tree and the proof omits it.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = merkleNodeHash(c, fr);
      sr = merkleNodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = merkleNodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

// ---------------------------------------------------------------------------------------------------------
// Node store: node(level, index) = MTH of leaves [index·2^level, (index+1)·2^level); level 0 = leaf hashes.
// Only perfect subtrees are stored; they never change once complete, so rows are write-once.

/** Address of a stored node. */
export type NodeId = { level: number; index: number };

/** Reads a stored node hash; throw (or return something that is not a 32-byte hash) when it is missing. */
export type NodeReader = (level: number, index: number) => Uint8Array;

/** A node to store, as returned by `completedNodes`. */
export type CompletedNode = { level: number; index: number; hash: Uint8Array };

function checkedReader(read: NodeReader): NodeReader {
  return (level, index) => {
    const hash = read(level, index);
    if (!isHash(hash)) throw new Error(`node (level ${level}, index ${index}) is missing or not a ${MERKLE_HASH_BYTES}-byte hash`);
    return hash;
  };
}

/** MTH(D[start:end]) from perfect-subtree nodes: the perfect left part, then the rest (RFC 6962's split). */
function nodeRangeHash(read: NodeReader): RangeHash {
  const mth: RangeHash = (start, end) => {
    const n = end - start;
    if (isPowerOfTwo(n)) {
      // Every range RFC 6962's recursion visits starts at a multiple of its own rounded-up size.
      if (start % n !== 0) throw new Error(`internal: unaligned perfect range [${start}, ${end})`);
      return read(log2(n), start / n);
    }
    const k = splitPoint(n);
    return merkleNodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth;
}

/**
 * The nodes that become perfect when leaf `leafIndex` (hash `leafHash`) is appended: the leaf itself at
 * level 0, then each parent while the node just completed is a right child. Reads the left siblings via
 * `read` (which must already hold every node completed by earlier leaves). Store all returned nodes.
 */
export function completedNodes(leafIndex: number, leafHash: Uint8Array, read: NodeReader): CompletedNode[] {
  requireCount('leafIndex', leafIndex);
  if (!isHash(leafHash)) throw new RangeError(`leafHash must be a ${MERKLE_HASH_BYTES}-byte hash`);
  const get = checkedReader(read);
  const out: CompletedNode[] = [{ level: 0, index: leafIndex, hash: leafHash }];
  let level = 0;
  let index = leafIndex;
  let hash = leafHash;
  while (lsb(index)) {
    hash = merkleNodeHash(get(level, index - 1), hash);
    level += 1;
    index = (index - 1) / 2;
    out.push({ level, index, hash });
  }
  return out;
}

/** Root of the tree of the first `size` leaves, read from stored nodes (at most log2(size)+1 reads). */
export function rootFromNodes(size: number, read: NodeReader): Uint8Array {
  requireCount('size', size);
  if (size === 0) return EMPTY_ROOT.slice();
  return nodeRangeHash(checkedReader(read))(0, size);
}

/** Same as `inclusionProof(leaves.slice(0, size), index)`, read from stored nodes. */
export function inclusionProofFromNodes(index: number, size: number, read: NodeReader): Uint8Array[] {
  requireIndex(index, size);
  const out: Uint8Array[] = [];
  auditPath(index, 0, size, nodeRangeHash(checkedReader(read)), out);
  return out;
}

/** Same as `consistencyProof(leaves.slice(0, newSize), oldSize)`, read from stored nodes. */
export function consistencyProofFromNodes(oldSize: number, newSize: number, read: NodeReader): Uint8Array[] {
  requireSizes(oldSize, newSize);
  const out: Uint8Array[] = [];
  if (oldSize === 0 || oldSize === newSize) return out;
  subproof(oldSize, 0, newSize, true, nodeRangeHash(checkedReader(read)), out);
  return out;
}

/** Runs `work` with a reader that records what it is asked for (first request order, no duplicates). */
function recordReads(work: (read: NodeReader) => unknown): NodeId[] {
  const ids: NodeId[] = [];
  const seen = new Set<string>();
  const placeholder = new Uint8Array(MERKLE_HASH_BYTES);
  work((level, index) => {
    const key = `${level}/${index}`;
    if (!seen.has(key)) {
      seen.add(key);
      ids.push({ level, index });
    }
    return placeholder;
  });
  return ids;
}

/** The nodes `completedNodes(leafIndex, …)` will read: the left siblings on the way up. */
export function nodesForAppend(leafIndex: number): NodeId[] {
  return recordReads((read) => completedNodes(leafIndex, new Uint8Array(MERKLE_HASH_BYTES), read));
}

/** The nodes `rootFromNodes(size, …)` will read. */
export function nodesForRoot(size: number): NodeId[] {
  return recordReads((read) => rootFromNodes(size, read));
}

/** The nodes `inclusionProofFromNodes(index, size, …)` will read. */
export function nodesForInclusion(index: number, size: number): NodeId[] {
  return recordReads((read) => inclusionProofFromNodes(index, size, read));
}

/** The nodes `consistencyProofFromNodes(oldSize, newSize, …)` will read. */
export function nodesForConsistency(oldSize: number, newSize: number): NodeId[] {
  return recordReads((read) => consistencyProofFromNodes(oldSize, newSize, read));
}
