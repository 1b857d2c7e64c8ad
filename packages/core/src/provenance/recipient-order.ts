/**
 * Leak tracing by record order. Each recipient of a dataset gets the same records in a different order:
 * sorted by HMAC-SHA256(recipient's secret, record id). The content is untouched (no watermark in the
 * data itself), yet a leaked copy still says whose it was: with the right secret its records appear in
 * ascending HMAC order, with any other secret they look randomly ordered.
 *
 * Survives: taking a subset (any subsequence of a sorted list is sorted), re-encoding (CSV, JSON, JSONL,
 * Parquet keep row order), edits to record contents (the id is what is hashed).
 * Does not survive: re-sorting (by id, date, …) or shuffling, which replaces the order entirely; and it
 * needs the record ids to be recoverable from the leaked copy.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hex, utf8 } from './encoding.js';

/** The sort key of a record id for a secret: hex HMAC-SHA256 (hex order = byte order). */
function orderKey(secret: Uint8Array, id: string): string {
  return hex(hmac(sha256, secret, utf8(id)));
}

function requireSecret(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array) || secret.length === 0) throw new RangeError('the order secret must be a non-empty byte array (16+ random bytes)');
}

/** Compares (key, id) pairs: by key, then by id for the (astronomically unlikely) equal keys. */
function compareKeyed(a: { key: string; id: string }, b: { key: string; id: string }): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** `items` in the order of HMAC-SHA256(secret, idOf(item)); a new array, the input is not changed. */
export function recipientOrder<T>(items: T[], idOf: (t: T) => string, secret: Uint8Array): T[] {
  requireSecret(secret);
  return items
    .map((item) => ({ item, id: idOf(item) }))
    .map((entry) => ({ ...entry, key: orderKey(secret, entry.id) }))
    .sort(compareKeyed)
    .map((entry) => entry.item);
}

/** How well an observed order agrees with a secret's order. */
export type OrderMatch = {
  /** Adjacent pairs of distinct ids in the observed list. */
  pairs: number;
  /** Of those, pairs in the same relative order as the secret's ordering. */
  agreeing: number;
  /** agreeing / pairs: 1 for the recipient's secret, about 0.5 for any other; 0 when there are no pairs. */
  score: number;
};

/**
 * Scores a leaked copy's record order (`observedIds`, in file order) against a recipient's secret. Counts
 * adjacent pairs whose order agrees with the secret's. For an unrelated secret each pair agrees with
 * probability 1/2, so `agreeing` is Binomial(pairs, 1/2): all of 20 pairs agreeing by chance has odds of
 * about one in a million; compare every recipient's score and look for the one at (or near) 1.0.
 */
export function orderMatch(observedIds: string[], secret: Uint8Array): OrderMatch {
  requireSecret(secret);
  const keyed = observedIds.map((id) => ({ id, key: orderKey(secret, id) }));
  let pairs = 0;
  let agreeing = 0;
  for (let i = 1; i < keyed.length; i++) {
    const order = compareKeyed(keyed[i - 1]!, keyed[i]!);
    if (order === 0) continue; // the same id twice says nothing about order
    pairs++;
    if (order < 0) agreeing++;
  }
  return { pairs, agreeing, score: pairs === 0 ? 0 : agreeing / pairs };
}
