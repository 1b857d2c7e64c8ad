/**
 * Byte <-> text encodings for provenance data: lowercase hex (digests in manifests) and standard padded
 * base64 (RFC 4648 §4; signed notes and checkpoints). Written by hand rather than with Buffer or atob/btoa
 * so the same code runs in Node and the browser, and so decoding can be strict: a signature or hash that
 * could be spelled two ways would make "the same" note compare unequal.
 */

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex of `bytes`: `hex(new Uint8Array([0, 255])) === '00ff'`. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!;
  return out;
}

/** Bytes of a hex string (either case). Throws on odd length or any non-hex character. */
export function fromHex(text: string): Uint8Array {
  if (text.length % 2 !== 0) throw new Error(`invalid hex: odd length ${text.length}`);
  if (!/^[0-9a-fA-F]*$/.test(text)) throw new Error('invalid hex: only 0-9, a-f and A-F are allowed');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map<string, number>([...BASE64_ALPHABET].map((char, value) => [char, value]));

/** Standard base64 with `=` padding (RFC 4648 §4), as Go's `base64.StdEncoding` writes it. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    out += BASE64_ALPHABET[(triple >> 18) & 63]! + BASE64_ALPHABET[(triple >> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64_ALPHABET[(triple >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? BASE64_ALPHABET[triple & 63]! : '=';
  }
  return out;
}

/**
 * Bytes of a standard padded base64 string. Strict: the length must be a multiple of 4, padding must be
 * present, no whitespace or URL-safe characters, and unused trailing bits must be zero, so every byte
 * string has exactly one accepted spelling (the one `base64` writes).
 */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`invalid base64: length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - padding);
  const values: number[] = [];
  for (const char of body) {
    const value = BASE64_VALUES.get(char);
    if (value === undefined) throw new Error(`invalid base64: unexpected character ${JSON.stringify(char)}`);
    values.push(value);
  }
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < values.length; i += 4) {
    const v0 = values[i]!;
    const v1 = values[i + 1] ?? 0;
    const v2 = values[i + 2] ?? 0;
    const v3 = values[i + 3] ?? 0;
    const triple = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    out[o++] = (triple >> 16) & 255;
    if (o < out.length) out[o++] = (triple >> 8) & 255;
    if (o < out.length) out[o++] = triple & 255;
  }
  // Non-canonical spellings: bits below the last encoded byte must be zero ("QQ==" not "QR==").
  const last = values[values.length - 1];
  if (last !== undefined && ((padding === 2 && (last & 15) !== 0) || (padding === 1 && (last & 3) !== 0))) {
    throw new Error('invalid base64: non-zero padding bits');
  }
  return out;
}

/** True when two byte arrays hold the same bytes. Not constant-time: use it for public data (hashes, roots). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** UTF-8 bytes of a string (TextEncoder exists in Node and every browser). */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
