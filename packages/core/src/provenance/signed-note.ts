/**
 * Signed notes (c2sp.org/signed-note; Go's golang.org/x/mod/sumdb/note) with Ed25519 keys, and the
 * checkpoint text they carry in transparency logs (c2sp.org/tlog-checkpoint).
 *
 * A note is UTF-8 text ending in a newline, a blank line, then one line per signature:
 *
 *     <text, ending in "\n">
 *     (blank line)
 *     — <key name> <base64(4-byte key ID ‖ 64-byte Ed25519 signature of the text)>
 *
 * Keys are text too, so they can sit in config files and command lines:
 * - verifier key `<name>+<key ID as 8 hex digits>+<base64(0x01 ‖ 32-byte public key)>`
 * - signer key `PRIVATE+KEY+<name>+<key ID>+<base64(0x01 ‖ 32-byte seed)>` (secret!)
 * where the key ID is the first 4 bytes (big-endian uint32) of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
 *
 * We use the same format as the Go module checksum database and the transparency-dev witnesses so our
 * checkpoints can be cosigned by existing witnesses and checked with existing tools.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base64, fromBase64, utf8 } from './encoding.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify, randomEd25519Seed } from './ed25519.js';
import { MERKLE_HASH_BYTES } from './merkle.js';

/** Signature type byte for Ed25519 keys (c2sp.org/signed-note "Signature types"). */
const ALG_ED25519 = 0x01;
/** More signature lines than this and the note is refused (the spec requires accepting at least 16). */
export const MAX_NOTE_SIGNATURES = 100;

/** A signer key string and the verifier key string that checks its signatures. */
export type NoteKeys = { signerKey: string; verifierKey: string };
/** A parsed verifier key. `keyHash` is the key ID as an unsigned 32-bit number. */
export type NoteVerifierKey = { name: string; keyHash: number; publicKey: Uint8Array };
/** A parsed signer key; `verifierKey` is the matching verifier key string. */
export type NoteSignerKey = { name: string; keyHash: number; seed: Uint8Array; publicKey: Uint8Array; verifierKey: string };
/** Who signed: key name and key ID. */
export type NoteSignature = { name: string; keyHash: number };
/** An opened note: its text, the signatures checked against known keys, and those by unknown keys. */
export type OpenedNote = { text: string; verified: NoteSignature[]; unverified: NoteSignature[] };

// ---------------------------------------------------------------------------------------------------------
// Keys

// Go's unicode.IsSpace: ASCII whitespace, U+0085, U+00A0 and the Unicode space separators.
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Signed notes "MUST NOT contain any ASCII control characters other than newline" (U+0000–U+001F). */
function hasControlExceptNewline(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

/** Key names are non-empty, valid Unicode, without spaces or "+" (which separates the key's fields). */
function isValidKeyName(name: string): boolean {
  return name !== '' && !name.includes('+') && !UNICODE_SPACE.test(name) && !LONE_SURROGATE.test(name) && !hasControlExceptNewline(name);
}

function requireKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}: it must be non-empty, without spaces or "+"`);
}

const keyHashHex = (keyHash: number): string => keyHash.toString(16).padStart(8, '0');
const keyLabel = (name: string, keyHash: number): string => `${name}+${keyHashHex(keyHash)}`;

/** The key ID: first 4 bytes (big-endian) of SHA-256(name ‖ "\n" ‖ 0x01 ‖ publicKey). */
export function noteKeyHash(name: string, publicKey: Uint8Array): number {
  const nameBytes = utf8(`${name}\n`);
  const input = new Uint8Array(nameBytes.length + 1 + publicKey.length);
  input.set(nameBytes, 0);
  input[nameBytes.length] = ALG_ED25519;
  input.set(publicKey, nameBytes.length + 1);
  const digest = sha256(input);
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

/** The verifier key string for an Ed25519 public key (Go's `note.NewEd25519VerifierKey`). */
export function noteVerifierKey(name: string, publicKey: Uint8Array): string {
  requireKeyName(name);
  if (publicKey.length !== 32) throw new RangeError('an Ed25519 public key must be 32 bytes');
  return `${name}+${keyHashHex(noteKeyHash(name, publicKey))}+${base64(Uint8Array.of(ALG_ED25519, ...publicKey))}`;
}

/** Signer and verifier key strings for a given 32-byte seed (deterministic; see `generateNoteKeys`). */
export function noteKeysFromSeed(name: string, seed: Uint8Array): NoteKeys {
  requireKeyName(name);
  const publicKey = ed25519PublicKey(seed);
  const hash = keyHashHex(noteKeyHash(name, publicKey));
  return {
    signerKey: `PRIVATE+KEY+${name}+${hash}+${base64(Uint8Array.of(ALG_ED25519, ...seed))}`,
    verifierKey: `${name}+${hash}+${base64(Uint8Array.of(ALG_ED25519, ...publicKey))}`,
  };
}

/** A new random key pair for `name` (a log origin such as `example.com/log`, or a witness name). */
export function generateNoteKeys(name: string): NoteKeys {
  return noteKeysFromSeed(name, randomEd25519Seed());
}

/** Splits `<name>+<hash>+<base64>` (the base64 part may itself contain "+"). */
function splitKey(text: string, what: string): { name: string; keyHash: number; key: Uint8Array } {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new Error(`invalid ${what}: expected <name>+<key id>+<key data>`);
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  const keyData = text.slice(second + 1);
  if (!isValidKeyName(name)) throw new Error(`invalid ${what}: bad key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(hashHex)) throw new Error(`invalid ${what}: the key id must be 8 hex digits, got ${JSON.stringify(hashHex)}`);
  let key: Uint8Array;
  try {
    key = fromBase64(keyData);
  } catch (err) {
    throw new Error(`invalid ${what}: key data is not standard base64 (${(err as Error).message})`, { cause: err });
  }
  if (key.length === 0) throw new Error(`invalid ${what}: empty key data`);
  if (key[0] !== ALG_ED25519) throw new Error(`invalid ${what}: unknown signature algorithm ${key[0]} (only 1, Ed25519, is supported)`);
  if (key.length !== 33) throw new Error(`invalid ${what}: an Ed25519 key has 32 bytes, got ${key.length - 1}`);
  return { name, keyHash: Number.parseInt(hashHex, 16), key: key.subarray(1) };
}

/** Parses a verifier key string; throws an Error saying what is wrong (format, algorithm, key id). */
export function parseVerifierKey(verifierKey: string): NoteVerifierKey {
  const { name, keyHash, key } = splitKey(verifierKey, 'verifier key');
  const expected = noteKeyHash(name, key);
  if (keyHash !== expected) throw new Error(`invalid verifier key: key id ${keyHashHex(keyHash)} does not match the key (expected ${keyHashHex(expected)})`);
  return { name, keyHash, publicKey: key.slice() };
}

/** Parses a `PRIVATE+KEY+…` signer key string; throws an Error saying what is wrong. */
export function parseSignerKey(signerKey: string): NoteSignerKey {
  if (!signerKey.startsWith('PRIVATE+KEY+')) throw new Error('invalid signer key: it must start with PRIVATE+KEY+');
  const { name, keyHash, key } = splitKey(signerKey.slice('PRIVATE+KEY+'.length), 'signer key');
  const seed = key.slice();
  const publicKey = ed25519PublicKey(seed);
  const expected = noteKeyHash(name, publicKey);
  if (keyHash !== expected) throw new Error(`invalid signer key: key id ${keyHashHex(keyHash)} does not match the key (expected ${keyHashHex(expected)})`);
  return { name, keyHash, seed, publicKey, verifierKey: noteVerifierKey(name, publicKey) };
}

// ---------------------------------------------------------------------------------------------------------
// Notes

type SignatureLine = NoteSignature & { line: string; signature: Uint8Array };

function malformed(reason: string): never {
  throw new Error(`malformed note: ${reason}`);
}

function checkNoteCharacters(text: string): void {
  if (hasControlExceptNewline(text)) malformed('control characters other than newline are not allowed');
  if (LONE_SURROGATE.test(text)) malformed('the text is not valid Unicode (lone surrogate)');
}

/** Splits a note into its text and parsed signature lines (signatures not checked). */
function parseNote(note: string): { text: string; signatures: SignatureLine[] } {
  checkNoteCharacters(note);
  // The text ends at the LAST blank line: the text itself may contain blank lines, signatures may not.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '') malformed('no signature lines');
  if (!block.endsWith('\n')) malformed('the last signature line does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line, i): SignatureLine => {
    if (!line.startsWith('— ')) malformed(`signature line ${i + 1} does not start with "— " (em dash, space)`);
    const rest = line.slice(2);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const encoded = space < 0 ? '' : rest.slice(space + 1);
    if (!isValidKeyName(name)) malformed(`signature line ${i + 1} has an invalid key name`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(encoded);
    } catch {
      return malformed(`signature line ${i + 1} is not "— <name> <base64>"`);
    }
    if (bytes.length < 5) malformed(`signature line ${i + 1} is too short`);
    const keyHash = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    return { name, keyHash, line, signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  checkNoteCharacters(text);
}

/**
 * Signs `text` with one or more signer keys and returns the note. With `existingNote` (a note over the
 * same text), its signatures are kept, in order, before the new ones, so a witness can add a cosignature
 * to a log's checkpoint; an existing signature by one of the new keys is replaced, not duplicated.
 * Throws for text that does not end in a newline or holds control characters, bad keys, or an
 * `existingNote` that is malformed or over a different text.
 */
export function signNote(text: string, signerKeys: string[] | string, existingNote?: string): string {
  checkText(text);
  const signers = (typeof signerKeys === 'string' ? [signerKeys] : signerKeys).map(parseSignerKey);
  if (signers.length === 0) throw new Error('signNote needs at least one signer key');
  const kept: string[] = [];
  if (existingNote !== undefined) {
    const existing = parseNote(existingNote);
    if (existing.text !== text) throw new Error('existingNote signs a different text');
    const replaced = (sig: NoteSignature): boolean => signers.some((s) => s.name === sig.name && s.keyHash === sig.keyHash);
    for (const sig of existing.signatures) if (!replaced(sig) && !kept.includes(sig.line)) kept.push(sig.line);
  }
  const message = utf8(text);
  const added = signers.map((signer) => {
    const id = Uint8Array.of(signer.keyHash >>> 24, (signer.keyHash >>> 16) & 255, (signer.keyHash >>> 8) & 255, signer.keyHash & 255);
    return `— ${signer.name} ${base64(Uint8Array.of(...id, ...ed25519Sign(message, signer.seed)))}`;
  });
  const lines = [...kept, ...added];
  if (lines.length > MAX_NOTE_SIGNATURES) throw new Error(`a note may carry at most ${MAX_NOTE_SIGNATURES} signatures`);
  return `${text}\n${lines.map((line) => `${line}\n`).join('')}`;
}

/**
 * Opens a note: parses it and checks every signature by a key in `verifierKeys`. Signatures by other keys
 * (a different name or key id) are listed as `unverified` and otherwise ignored, as the spec requires.
 * Throws an Error when the note is malformed, when a known key's signature does not verify ("invalid
 * signature for key name+id": the note was altered or forged), when two verifier keys share a name and
 * key id, or when no known key signed it at all. Repeated identical signatures are reported once.
 */
export function openNote(noteText: string, verifierKeys: string[]): OpenedNote {
  const known = new Map<string, NoteVerifierKey[]>();
  verifierKeys.forEach((key, i) => {
    let parsed: NoteVerifierKey;
    try {
      parsed = parseVerifierKey(key);
    } catch (err) {
      throw new Error(`verifierKeys[${i}]: ${(err as Error).message}`, { cause: err });
    }
    const label = keyLabel(parsed.name, parsed.keyHash);
    known.set(label, [...(known.get(label) ?? []), parsed]);
  });

  const { text, signatures } = parseNote(noteText);
  const message = utf8(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKeys = new Set<string>();
  const seenLines = new Set<string>();
  for (const sig of signatures) {
    const label = keyLabel(sig.name, sig.keyHash);
    const keys = known.get(label);
    if (keys === undefined) {
      if (!seenLines.has(sig.line)) unverified.push({ name: sig.name, keyHash: sig.keyHash });
      seenLines.add(sig.line);
      continue;
    }
    if (keys.length > 1) throw new Error(`ambiguous key ${label}: verifierKeys lists it more than once`);
    if (seenKeys.has(label)) continue;
    seenKeys.add(label);
    if (!ed25519Verify(sig.signature, message, keys[0]!.publicKey)) throw new Error(`invalid signature for key ${label}`);
    verified.push({ name: sig.name, keyHash: sig.keyHash });
  }
  if (verified.length === 0) {
    const signers = unverified.map((s) => keyLabel(s.name, s.keyHash)).join(', ');
    throw new Error(`note has no verifiable signatures: it is signed by ${signers}, none of which is a known key`);
  }
  return { text, verified, unverified };
}

// ---------------------------------------------------------------------------------------------------------
// Checkpoints (c2sp.org/tlog-checkpoint): the note text a log signs for each tree head.

/** A log checkpoint: who (origin), how many entries (size), and the RFC 6962 root over them. */
export type Checkpoint = { origin: string; size: number; rootHash: Uint8Array; extensions: string[] };
/** Input of `formatCheckpoint`; extension lines are optional (and NOT RECOMMENDED by the spec). */
export type CheckpointInput = { origin: string; size: number; rootHash: Uint8Array; extensions?: string[] };

function badCheckpoint(reason: string): never {
  throw new Error(`invalid checkpoint: ${reason}`);
}

function checkLine(line: string, what: string): void {
  if (line === '') badCheckpoint(`${what} must not be empty`);
  if (line.includes('\n')) badCheckpoint(`${what} must be a single line`);
  if (hasControlExceptNewline(line) || LONE_SURROGATE.test(line)) badCheckpoint(`${what} holds control characters or invalid Unicode`);
}

/** "origin\nsize\nbase64(root)\n" plus one line per extension: the text to sign with `signNote`. */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  checkLine(origin, 'origin');
  if (!Number.isSafeInteger(size) || size < 0) badCheckpoint(`size must be a non-negative safe integer, got ${String(size)}`);
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== MERKLE_HASH_BYTES) badCheckpoint(`root hash must be ${MERKLE_HASH_BYTES} bytes`);
  extensions.forEach((line, i) => checkLine(line, `extension line ${i + 1}`));
  return [origin, String(size), base64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/**
 * Parses checkpoint text (the `text` of an opened note). Strict: origin non-empty, size in decimal without
 * leading zeros and at most 2^53 − 1, root hash standard base64 of 32 bytes, extension lines non-empty,
 * final newline present. Throws "invalid checkpoint: …" naming the problem.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) badCheckpoint('text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) badCheckpoint('expected at least 3 lines: origin, size, root hash');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  checkLine(origin, 'origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) badCheckpoint(`size ${JSON.stringify(sizeText)} is not a decimal number without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) badCheckpoint(`size ${sizeText} is too large (more than 2^53 - 1)`);
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(rootText);
  } catch (err) {
    return badCheckpoint(`root hash is not standard base64 (${(err as Error).message})`);
  }
  if (rootHash.length !== MERKLE_HASH_BYTES) badCheckpoint(`root hash must be ${MERKLE_HASH_BYTES} bytes, got ${rootHash.length}`);
  extensions.forEach((line, i) => checkLine(line, `extension line ${i + 1}`));
  return { origin, size, rootHash, extensions };
}
