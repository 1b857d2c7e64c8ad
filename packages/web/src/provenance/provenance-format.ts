/**
 * Pure helpers for showing transparency-log entries and dataset versions: short hashes, a one-line
 * summary of an entry's data, log positions and the offline verification command.
 */
import type { LogKeysDto } from '@yungang/core';
import { isMessageKey, type MessageKey } from '../i18n/translate.ts';

/** Hex digits shown of a hash; the full value goes in a title attribute. */
export const SHORT_HASH_LENGTH = 12;

/** The first `length` characters of a hash (hex or base64), or the whole of a shorter one. */
export function shortHash(hash: string, length = SHORT_HASH_LENGTH): string {
  return hash.length > length ? hash.slice(0, length) : hash;
}

/** "#12" for a sequenced entry, null while it waits for the sequencer. */
export function logPosition(index: number | null): string | null {
  return index === null ? null : `#${index}`;
}

/** Whether any of the entries still waits for a log position (worth asking again soon). */
export function anyPending(entries: readonly { index?: number | null; logIndex?: number | null }[]): boolean {
  return entries.some((e) => e.index === null || e.logIndex === null);
}

/** The message key naming an entry's kind, or null for a kind this app does not know yet. */
export function kindMessageKey(kind: string): MessageKey | null {
  const key = `history.kind.${kind}`;
  return isMessageKey(key) ? key : null;
}

/** "999 B", "1.5 KB", "12.0 MB": binary units, one decimal above bytes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** What a fact is about; each has a `history.field.*` message. */
export type FactField =
  | 'version'
  | 'name'
  | 'itemCount'
  | 'taskCount'
  | 'format'
  | 'fileName'
  | 'role'
  | 'overlap'
  | 'fields'
  | 'bytes'
  | 'resultSha256'
  | 'configSha256'
  | 'sourceSha256'
  | 'tasksRoot'
  | 'itemsRoot'
  | 'dataSha256'
  | 'fingerprintSha256';

/** One "label: value" of an entry's summary; hashes are shortened, with the whole value in `full`. */
export interface Fact {
  field: FactField;
  value: string;
  full?: string;
  hash: boolean;
}

const HASH_FIELDS: readonly FactField[] = ['resultSha256', 'configSha256', 'sourceSha256', 'tasksRoot', 'itemsRoot', 'dataSha256', 'fingerprintSha256'];
/** Plain facts first, in this order, then the hashes; ids (recipient, delivery) are left out. */
const PLAIN_FIELDS: readonly FactField[] = ['version', 'name', 'itemCount', 'taskCount', 'format', 'fileName', 'role', 'overlap', 'fields'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plainValue(field: FactField, value: unknown): string | null {
  if (field === 'version' && typeof value === 'number') return `v${value}`;
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') && value.length > 0 ? value.join(', ') : null;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * A short summary of a log entry's `data`: version, counts, names, size and content hashes.
 * Example: `{version: 2, resultSha256: 'ab…'}` → `[{field:'version', value:'v2'}, {field:'resultSha256', value:'ab…(12)', full:'ab…'}]`.
 */
export function summarizeData(data: unknown): Fact[] {
  if (!isRecord(data)) return [];
  const facts: Fact[] = [];
  for (const field of PLAIN_FIELDS) {
    const value = plainValue(field, data[field]);
    if (value !== null) facts.push({ field, value, hash: false });
  }
  const bytes = data.dataBytes ?? data.sourceBytes;
  if (typeof bytes === 'number' && Number.isFinite(bytes)) facts.push({ field: 'bytes', value: formatBytes(bytes), full: `${bytes} B`, hash: false });
  for (const field of HASH_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && value !== '') facts.push({ field, value: shortHash(value), full: value, hash: true });
  }
  return facts;
}

/** Wraps a shell argument in single quotes (safe in POSIX shells whatever it holds). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The file name the server gives a bundle (mirrors dataset.service.ts): "<name>-v<version>.zip". */
export function bundleFileName(name: string, version: number): string {
  const safe = name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'dataset';
  return `${safe}-v${version}.zip`;
}

/** The command that checks a bundle offline against the instance's verifier key. */
export function verifyCommand(bundleFile: string, verifierKey: string): string {
  const file = /^[\p{L}\p{N}._/-]+$/u.test(bundleFile) ? bundleFile : shellQuote(bundleFile);
  return `npx yungang verify ${file} --key ${shellQuote(verifierKey)}`;
}

/** The key that signs new bundles: the newest trusted one (keys are listed oldest first, the active last). */
export function currentVerifierKey(keys: LogKeysDto): string | null {
  return keys.trusted.at(-1) ?? null;
}
