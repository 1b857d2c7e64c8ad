/**
 * Consistent pseudonyms: HMAC-SHA256 of the PII type and the value (separators removed, letters upper
 * case, so "138-1234-5678" and "13812345678" agree), keyed with a secret the caller supplies. The same
 * value gets the same pseudonym in every record and every run with that key; without the key the
 * pseudonym cannot be linked back to the value by trying candidates (10^11 mobiles would otherwise be
 * easy to enumerate through an unkeyed hash).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { PiiType } from '../pipeline-spec.js';

const encoder = new TextEncoder();

export function canonicalPiiValue(type: PiiType, value: string): string {
  if (type === 'email') return value.toLowerCase();
  if (type === 'name' || type === 'address') return value;
  return value.replace(/[\s\-·•・()+]/g, '').toUpperCase();
}

/** `[TAG_xxxxxxxx]`: the mask tag of the type with the first 32 bits of the keyed hash in hex. */
export function pseudonymFor(key: Uint8Array, type: PiiType, value: string, tag: string): string {
  const mac = hmac(sha256, key, encoder.encode(`${type}\u0000${canonicalPiiValue(type, value)}`));
  let hex = '';
  for (let i = 0; i < 4; i++) hex += (mac[i] as number).toString(16).padStart(2, '0');
  return `[${tag}_${hex}]`;
}
