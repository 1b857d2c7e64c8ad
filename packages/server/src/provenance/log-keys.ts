import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateNoteKeys, parseVerifierKey } from '@yungang/core';

/**
 * The instance's log signing keys. They live in a folder outside the database (YUNGANG_KEY_DIR, default
 * <data>/keys) so that whoever can rewrite the database still cannot sign a head for the rewritten log.
 * `keys.json` lists every verifier key with its status: `active` (signs new heads; exactly one),
 * `retired` (a rotated-out key: its old heads still verify), `revoked` (compromised: nothing it signed is
 * trusted). Each signer key sits in its own file readable only by the owner.
 */
export interface LogKeyRecord {
  verifierKey: string;
  status: 'active' | 'retired' | 'revoked';
  createdAt: string;
  retiredAt?: string;
  revokedAt?: string;
}

export interface LogKeyFile {
  /** The log's origin line: names this log in every checkpoint; fixed when the first key is made. */
  origin: string;
  keys: LogKeyRecord[];
}

export interface LogKeyring {
  dir: string;
  origin: string;
  /** PRIVATE+KEY+… of the active key. */
  signerKey: string;
  /** Verifier keys whose signatures count (active and retired). */
  trusted: string[];
  revoked: string[];
}

const KEYS_FILE = 'keys.json';
const HEAD_FILE = 'published-head';

/** Opens the key folder, creating the folder, an origin and a first key on first use. */
export function openLogKeys(dir: string, options: { origin?: string | undefined } = {}): LogKeyring {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, KEYS_FILE);
  if (!existsSync(path)) {
    const origin = options.origin ?? `yungang.local/log/${randomBytes(4).toString('hex')}`;
    writeKeyFile(dir, { origin, keys: [] });
    addKey(dir, origin);
  }
  return keyringOf(dir);
}

/** Makes a new active key; the old one is retired (its heads still verify). */
export function rotateLogKey(dir: string): LogKeyring {
  const file = readKeyFile(dir);
  const now = new Date().toISOString();
  for (const k of file.keys) if (k.status === 'active') Object.assign(k, { status: 'retired', retiredAt: now });
  writeKeyFile(dir, file);
  addKey(dir, file.origin);
  return keyringOf(dir);
}

/** Marks a key revoked by its 8-hex-digit hash (or whole verifier key). Revoking the active key makes a new one. */
export function revokeLogKey(dir: string, which: string): LogKeyring {
  const file = readKeyFile(dir);
  const record = file.keys.find((k) => k.verifierKey === which || keyHashHex(k.verifierKey) === which.toLowerCase());
  if (!record) throw new Error(`no log key "${which}" in ${join(dir, KEYS_FILE)}; \`yungang keys list\` shows them`);
  const wasActive = record.status === 'active';
  Object.assign(record, { status: 'revoked', revokedAt: new Date().toISOString() });
  writeKeyFile(dir, file);
  if (wasActive) addKey(dir, file.origin);
  return keyringOf(dir);
}

export function readKeyFile(dir: string): LogKeyFile {
  const path = join(dir, KEYS_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the log key list ${path}: ${(e as Error).message}`, { cause: e });
  }
  const file = parsed as LogKeyFile;
  if (typeof file.origin !== 'string' || !Array.isArray(file.keys)) throw new Error(`${path} is not a log key list (expected {origin, keys})`);
  return file;
}

/** The last checkpoint this instance published, kept beside the keys so a database rollback shows. */
export function readPublishedHead(dir: string): string | null {
  const path = join(dir, HEAD_FILE);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function writePublishedHead(dir: string, checkpoint: string): void {
  atomicWrite(join(dir, HEAD_FILE), checkpoint);
}

function keyringOf(dir: string): LogKeyring {
  const file = readKeyFile(dir);
  const active = file.keys.filter((k) => k.status === 'active');
  if (active.length !== 1) throw new Error(`${join(dir, KEYS_FILE)} must have exactly one active key, found ${active.length}`);
  const hash = keyHashHex(active[0]!.verifierKey);
  const signerPath = join(dir, `signer-${hash}.key`);
  let signerKey: string;
  try {
    signerKey = readFileSync(signerPath, 'utf8').trim();
  } catch (e) {
    throw new Error(`the active log key's private half ${signerPath} is missing: ${(e as Error).message}`, { cause: e });
  }
  return {
    dir,
    origin: file.origin,
    signerKey,
    trusted: file.keys.filter((k) => k.status !== 'revoked').map((k) => k.verifierKey),
    revoked: file.keys.filter((k) => k.status === 'revoked').map((k) => k.verifierKey),
  };
}

function addKey(dir: string, origin: string): void {
  const { signerKey, verifierKey } = generateNoteKeys(origin);
  const hash = keyHashHex(verifierKey);
  const signerPath = join(dir, `signer-${hash}.key`);
  atomicWrite(signerPath, signerKey + '\n');
  chmodSync(signerPath, 0o600);
  const file = readKeyFile(dir);
  file.keys.push({ verifierKey, status: 'active', createdAt: new Date().toISOString() });
  writeKeyFile(dir, file);
}

function writeKeyFile(dir: string, file: LogKeyFile): void {
  atomicWrite(join(dir, KEYS_FILE), JSON.stringify(file, null, 2) + '\n');
}

function atomicWrite(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

/** A key's 8-hex-digit hash, as `yungang keys list` shows it and file names use it. */
export function keyHashHex(verifierKey: string): string {
  return parseVerifierKey(verifierKey).keyHash.toString(16).padStart(8, '0');
}
