// Public surface of the provenance primitives (see docs/provenance-core.md); the package index re-exports this file.
export { canonicalJson, canonicalJsonBytes } from './canonical-json.js';
export { hex, fromHex, base64, fromBase64, bytesEqual, utf8 } from './encoding.js';
export {
  MERKLE_HASH_BYTES,
  EMPTY_TREE_ROOT,
  merkleLeafHash,
  merkleNodeHash,
  merkleRoot,
  inclusionProof,
  consistencyProof,
  verifyInclusion,
  verifyConsistency,
  completedNodes,
  rootFromNodes,
  inclusionProofFromNodes,
  consistencyProofFromNodes,
  nodesForAppend,
  nodesForRoot,
  nodesForInclusion,
  nodesForConsistency,
} from './merkle.js';
export type { NodeId, NodeReader, CompletedNode } from './merkle.js';
export { ED25519_SEED_BYTES, ED25519_PUBLIC_KEY_BYTES, ED25519_SIGNATURE_BYTES, ed25519PublicKey, ed25519Sign, ed25519Verify, randomEd25519Seed } from './ed25519.js';
export {
  MAX_NOTE_SIGNATURES,
  noteKeyHash,
  noteVerifierKey,
  noteKeysFromSeed,
  generateNoteKeys,
  parseVerifierKey,
  parseSignerKey,
  signNote,
  openNote,
  formatCheckpoint,
  parseCheckpoint,
} from './signed-note.js';
export type { NoteKeys, NoteVerifierKey, NoteSignerKey, NoteSignature, OpenedNote, Checkpoint, CheckpointInput } from './signed-note.js';
export { compareManifest } from './manifest.js';
export type { ManifestFile, ManifestComparison } from './manifest.js';
export { recipientOrder, orderMatch } from './recipient-order.js';
export type { OrderMatch } from './recipient-order.js';
