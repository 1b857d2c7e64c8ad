import { describe, it, expect } from 'vitest';
import { base64, bytesEqual, fromBase64, fromHex, hex, utf8 } from './encoding.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('hex', () => {
  it('round-trips and writes lowercase', () => {
    expect(hex(bytes(0, 1, 0xab, 0xff))).toBe('0001abff');
    expect(fromHex('0001ABff')).toEqual(bytes(0, 1, 0xab, 0xff));
    expect(hex(new Uint8Array(0))).toBe('');
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it('rejects odd lengths and non-hex characters', () => {
    expect(() => fromHex('abc')).toThrow('odd length');
    expect(() => fromHex('0g')).toThrow('invalid hex');
    expect(() => fromHex(' 00')).toThrow();
  });
});

describe('base64 (RFC 4648 §4, padded)', () => {
  // RFC 4648 §10 test vectors.
  const RFC4648: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];

  it.each(RFC4648)('%j <-> %j (RFC 4648 §10)', (text, encoded) => {
    expect(base64(utf8(text))).toBe(encoded);
    expect(new TextDecoder().decode(fromBase64(encoded))).toBe(text);
  });

  it('round-trips every byte value and every length up to 40', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64(base64(all))).toEqual(all);
    for (let n = 0; n <= 40; n++) expect(fromBase64(base64(all.subarray(200, 200 + n)))).toEqual(all.subarray(200, 200 + n));
    expect(base64(bytes(0xfb, 0xff))).toBe('+/8=');
  });

  it('is strict: one spelling per byte string', () => {
    expect(() => fromBase64('Zg')).toThrow('not a multiple of 4');
    expect(() => fromBase64('Zh==')).toThrow('non-zero padding bits');
    expect(() => fromBase64('Zm9=')).toThrow('non-zero padding bits');
    expect(() => fromBase64('Zm-v')).toThrow('unexpected character');
    expect(() => fromBase64('Zm_v')).toThrow('unexpected character');
    expect(() => fromBase64('Zm 9')).toThrow('unexpected character');
    expect(() => fromBase64('Z===')).toThrow('unexpected character');
    expect(() => fromBase64('Zg=A')).toThrow('unexpected character');
  });
});

describe('bytesEqual and utf8', () => {
  it('compares contents', () => {
    expect(bytesEqual(bytes(1, 2), bytes(1, 2))).toBe(true);
    expect(bytesEqual(bytes(1, 2), bytes(1, 3))).toBe(false);
    expect(bytesEqual(bytes(1), bytes(1, 2))).toBe(false);
  });

  it('encodes UTF-8', () => {
    expect(hex(utf8('€—😂'))).toBe('e282ace28094f09f9882');
  });
});
