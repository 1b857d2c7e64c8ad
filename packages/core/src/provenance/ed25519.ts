/**
 * Ed25519 (RFC 8032) over @noble/curves, reduced to the four operations provenance needs. Keys are 32-byte
 * seeds (RFC 8032's "secret key"), the form signed notes store. Verification is strict RFC 8032 / FIPS
 * 186-5 (`zip215: false`: canonical encodings only) and answers false instead of throwing, because its
 * inputs come from outside (a note, a bundle) and a malformed signature is simply not a valid one.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

export const ED25519_SEED_BYTES = 32;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

function requireSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_BYTES) {
    throw new RangeError(`an Ed25519 seed must be ${ED25519_SEED_BYTES} bytes`);
  }
}

/** The 32-byte public key of a 32-byte seed. RangeError for a seed of the wrong size. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  requireSeed(seed);
  return ed25519.getPublicKey(seed);
}

/** The 64-byte deterministic signature of `message` by `seed`. RangeError for a seed of the wrong size. */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  requireSeed(seed);
  return ed25519.sign(message, seed);
}

/** True when `signature` is a valid signature of `message` by `publicKey`; false for anything malformed. */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) return false;
  if (signature.length !== ED25519_SIGNATURE_BYTES || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    // noble throws for a public key that is not a curve point; for us that is just "not verified".
    return false;
  }
}

/** A fresh random seed from the platform's CSPRNG (crypto.getRandomValues, in Node and browsers). */
export function randomEd25519Seed(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}
