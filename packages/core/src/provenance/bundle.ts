import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, hex } from './encoding.js';
import { merkleLeafHash, merkleRoot, verifyInclusion } from './merkle.js';
import { compareManifest, type ManifestFile } from './manifest.js';
import { openNote, parseCheckpoint } from './signed-note.js';

/**
 * The export bundle of a dataset version, and its offline verification. A bundle is a set of files:
 * the records, a manifest with the SHA-256 of each, the manifest's signature, and the version's entry in
 * the transparency log with its inclusion proof and the signed checkpoint it is proved against. With
 * only the log's public key, `verifyBundle` says whether every byte is what the log vouches for, and
 * if not, exactly what is wrong.
 */
export const BUNDLE_FORMAT = 'yungang-bundle/1';
export const BUNDLE_PATHS = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  entry: 'log/entry.json',
  proof: 'log/proof.json',
  checkpoint: 'log/checkpoint',
  records: 'data/records.jsonl',
} as const;
/** Files that describe the bundle rather than belong to it (not listed in the manifest). */
const META = new Set<string>([BUNDLE_PATHS.manifest, BUNDLE_PATHS.signature, BUNDLE_PATHS.entry, BUNDLE_PATHS.proof, BUNDLE_PATHS.checkpoint]);

export interface BundleDatasetVersion {
  id: string;
  projectId: string;
  version: number;
  name: string;
  itemCount: number;
  /** Hex root over the sorted leaf hashes of the records (see `itemsRoot`). */
  itemsRoot: string;
  createdAt: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  /** The log that vouches for this version (the checkpoint's origin line). */
  origin: string;
  datasetVersion: BundleDatasetVersion;
  files: ManifestFile[];
  /** The delivered copy; also recoverable without the manifest from the record order (see recipient-order). */
  delivery?: { id: string };
}

export interface BundleProof {
  index: number;
  treeSize: number;
  /** base64 hashes, RFC 6962 audit path. */
  proof: string[];
}

export type BundleProblemKind = 'file-changed' | 'file-added' | 'file-missing' | 'signature' | 'manifest' | 'entry' | 'proof' | 'checkpoint' | 'records';
export interface BundleProblem {
  kind: BundleProblemKind;
  path?: string;
  message: string;
}
export interface BundleVerification {
  ok: boolean;
  problems: BundleProblem[];
  manifest?: BundleManifest;
}

/** The record lines of a JSONL file, each without its newline; a final empty line is not a record. */
export function recordLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

/**
 * The root that names a dataset version's content whatever the record order: RFC 6962 leaf hashes of
 * every record line, sorted bytewise, then the Merkle root. Copies for different recipients (ordered
 * differently) share it; a changed, added or removed record changes it.
 */
export function itemsRoot(records: readonly Uint8Array[]): string {
  return itemsRootOfLeaves(records.map((r) => merkleLeafHash(r)));
}

export function itemsRootOfLeaves(leaves: Uint8Array[]): string {
  leaves.sort(compareBytes);
  return hex(merkleRoot(leaves));
}

/** The text the instance signs for a manifest: the format and the manifest file's SHA-256. */
export function manifestSignedText(manifestBytes: Uint8Array): string {
  return `${BUNDLE_FORMAT}\nmanifest sha256 ${hex(sha256(manifestBytes))}\n`;
}

/** Checks a whole bundle offline; `files` maps bundle paths to their bytes. */
export function verifyBundle(files: ReadonlyMap<string, Uint8Array>, verifierKeys: string[]): BundleVerification {
  const problems: BundleProblem[] = [];
  const fail = (kind: BundleProblemKind, message: string, path?: string): BundleVerification => {
    problems.push({ kind, message, ...(path ? { path } : {}) });
    return { ok: false, problems };
  };
  const manifestBytes = files.get(BUNDLE_PATHS.manifest);
  if (!manifestBytes) return fail('manifest', `${BUNDLE_PATHS.manifest} is missing: this is not a bundle, or it was stripped`, BUNDLE_PATHS.manifest);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)) as BundleManifest;
    if (manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files) || typeof manifest.datasetVersion?.itemsRoot !== 'string') throw new Error(`expected format ${BUNDLE_FORMAT} with datasetVersion and files`);
    manifest.files.forEach((f: unknown, i) => {
      const file = f as Partial<ManifestFile> | null;
      if (typeof file?.path !== 'string' || typeof file.sha256 !== 'string' || typeof file.bytes !== 'number') throw new Error(`files[${i}] must be {path, sha256, bytes}`);
    });
  } catch (e) {
    return fail('manifest', `${BUNDLE_PATHS.manifest} is not a bundle manifest: ${(e as Error).message}`, BUNDLE_PATHS.manifest);
  }

  // 1. The manifest is the one the instance signed.
  const signature = files.get(BUNDLE_PATHS.signature);
  if (!signature) problems.push({ kind: 'signature', path: BUNDLE_PATHS.signature, message: `${BUNDLE_PATHS.signature} is missing: nothing vouches for the manifest` });
  else {
    try {
      const note = openNote(new TextDecoder().decode(signature), verifierKeys);
      if (note.text !== manifestSignedText(manifestBytes)) problems.push({ kind: 'signature', path: BUNDLE_PATHS.manifest, message: `${BUNDLE_PATHS.manifest} was changed: the signature is for a manifest with another SHA-256` });
    } catch (e) {
      problems.push({ kind: 'signature', path: BUNDLE_PATHS.signature, message: `bad signature on the manifest: ${(e as Error).message}` });
    }
  }

  // 2. Every file is the one the manifest lists, none added, none missing.
  const found: ManifestFile[] = [...files].filter(([path]) => !META.has(path)).map(([path, bytes]) => ({ path, sha256: hex(sha256(bytes)), bytes: bytes.length }));
  const diff = compareManifest(manifest.files, found);
  for (const path of diff.changed) problems.push({ kind: 'file-changed', path, message: `${path} was changed: its SHA-256 differs from the manifest` });
  for (const path of diff.added) problems.push({ kind: 'file-added', path, message: `${path} is not in the manifest (added)` });
  for (const path of diff.missing) problems.push({ kind: 'file-missing', path, message: `${path} is listed in the manifest but missing` });

  // 3. The records are the dataset version the log vouches for.
  const records = files.get(BUNDLE_PATHS.records);
  if (records) {
    const lines = recordLines(records);
    const root = itemsRoot(lines);
    if (root !== manifest.datasetVersion.itemsRoot || lines.length !== manifest.datasetVersion.itemCount) {
      problems.push({ kind: 'records', path: BUNDLE_PATHS.records, message: `${BUNDLE_PATHS.records} holds ${lines.length} records that do not hash to the dataset version's items root (${manifest.datasetVersion.itemCount} records expected)` });
    }
  }

  // 4. The version's log entry is in the log under a checkpoint signed by the log's key.
  const entryBytes = files.get(BUNDLE_PATHS.entry);
  const proofBytes = files.get(BUNDLE_PATHS.proof);
  const checkpointBytes = files.get(BUNDLE_PATHS.checkpoint);
  if (!entryBytes || !proofBytes || !checkpointBytes) {
    const missing = [BUNDLE_PATHS.entry, BUNDLE_PATHS.proof, BUNDLE_PATHS.checkpoint].filter((p) => !files.has(p));
    problems.push({ kind: 'proof', path: missing[0]!, message: `the log evidence is incomplete: ${missing.join(', ')} missing` });
    return { ok: problems.length === 0, problems, manifest };
  }
  let checkpoint: ReturnType<typeof parseCheckpoint> | undefined;
  try {
    checkpoint = parseCheckpoint(openNote(new TextDecoder().decode(checkpointBytes), verifierKeys).text);
    if (checkpoint.origin !== manifest.origin) problems.push({ kind: 'checkpoint', path: BUNDLE_PATHS.checkpoint, message: `the checkpoint is from log "${checkpoint.origin}", the manifest names "${manifest.origin}"` });
  } catch (e) {
    problems.push({ kind: 'checkpoint', path: BUNDLE_PATHS.checkpoint, message: `the checkpoint does not verify with the given key: ${(e as Error).message}` });
  }
  let entry: { index?: number; event?: { kind?: string; subject?: { id?: string }; data?: { itemsRoot?: string; itemCount?: number } } };
  try {
    entry = JSON.parse(new TextDecoder().decode(entryBytes)) as typeof entry;
  } catch {
    problems.push({ kind: 'entry', path: BUNDLE_PATHS.entry, message: `${BUNDLE_PATHS.entry} is not JSON` });
    return { ok: false, problems, manifest };
  }
  const event = entry.event;
  if (event?.kind !== 'dataset.version' || event.subject?.id !== manifest.datasetVersion.id || event.data?.itemsRoot !== manifest.datasetVersion.itemsRoot) {
    problems.push({ kind: 'entry', path: BUNDLE_PATHS.entry, message: `the log entry is not the record of dataset version ${manifest.datasetVersion.id} with items root ${manifest.datasetVersion.itemsRoot}` });
  }
  let proof: BundleProof;
  try {
    proof = JSON.parse(new TextDecoder().decode(proofBytes)) as BundleProof;
    if (!Number.isInteger(proof.index) || !Number.isInteger(proof.treeSize) || !Array.isArray(proof.proof)) throw new Error('expected {index, treeSize, proof}');
  } catch (e) {
    problems.push({ kind: 'proof', path: BUNDLE_PATHS.proof, message: `${BUNDLE_PATHS.proof} is unreadable: ${(e as Error).message}` });
    return { ok: false, problems, manifest };
  }
  if (checkpoint) {
    const hashes = decodeHashes(proof.proof);
    const included =
      hashes !== undefined &&
      proof.treeSize === checkpoint.size &&
      entry.index === proof.index &&
      verifyInclusion(merkleLeafHash(entryBytes), proof.index, proof.treeSize, hashes, checkpoint.rootHash);
    if (!included) problems.push({ kind: 'proof', path: BUNDLE_PATHS.proof, message: `the inclusion proof does not verify: entry ${proof.index} is not in the log of size ${checkpoint.size} under the signed root` });
  }
  return { ok: problems.length === 0, problems, manifest };
}

/** base64 hashes of a proof, or undefined when one is not base64 (the proof then fails, it does not throw). */
function decodeHashes(list: unknown[]): Uint8Array[] | undefined {
  try {
    return list.map((h) => fromBase64(String(h)));
  } catch {
    return undefined;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
