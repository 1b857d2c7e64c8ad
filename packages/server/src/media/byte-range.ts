import type { ByteRange } from '../blobs/blob-store.js';

/**
 * Reads an HTTP `Range` header (RFC 9110 §14.2) against a body of `size` bytes: `bytes=a-b`, `bytes=a-`
 * and `bytes=-n` (the last n bytes). A list of ranges, another unit or a malformed header is ignored
 * (undefined: send the whole body, which the RFC allows); a range wholly past the end is 'unsatisfiable'
 * (416). Browsers seek in <video> with single open-ended ranges, so this is all they need.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}
