/**
 * Where a chunk of a resumable upload starts, from its request headers (docs/media.md, "Resumable
 * uploads"): tus's `Upload-Offset: <n>`, or `Content-Range: bytes <first>-<last>/<size>` as S3-style and
 * Google-style clients send it. Pure: the route hands the headers in, the service gets a start and, when
 * the client said it, the chunk's length.
 */
export interface ChunkPosition {
  /** The byte of the file this chunk starts at. */
  start: number;
  /** Bytes in this chunk, when the client declared them (Content-Range, or Content-Length). */
  length: number | undefined;
}

export type ChunkHeaderResult = { ok: true; position: ChunkPosition } | { ok: false; message: string };

const DIGITS = /^[0-9]{1,16}$/;
const RANGE = /^bytes ([0-9]{1,16})-([0-9]{1,16})\/([0-9]{1,16}|\*)$/;

export function parseChunkHeaders(headers: { uploadOffset?: string | undefined; contentRange?: string | undefined; contentLength?: string | undefined }, size: number): ChunkHeaderResult {
  let length: number | undefined;
  if (headers.contentLength !== undefined) {
    if (!DIGITS.test(headers.contentLength)) return { ok: false, message: `Content-Length: "${headers.contentLength}" is not a byte count` };
    length = Number(headers.contentLength);
  }
  let start: number | undefined;
  if (headers.uploadOffset !== undefined) {
    if (!DIGITS.test(headers.uploadOffset.trim())) return { ok: false, message: `Upload-Offset: "${headers.uploadOffset}" is not a byte count; send the number of bytes already stored (HEAD /uploads/{id} says it)` };
    start = Number(headers.uploadOffset.trim());
  }
  if (headers.contentRange !== undefined) {
    const m = RANGE.exec(headers.contentRange.trim());
    if (!m) return { ok: false, message: `Content-Range: "${headers.contentRange}" is not of the form "bytes <first>-<last>/<size>", e.g. "bytes 0-8388607/${size}"` };
    const first = Number(m[1]);
    const last = Number(m[2]);
    if (last < first) return { ok: false, message: `Content-Range: the last byte ${last} comes before the first ${first}` };
    if (m[3] !== '*' && Number(m[3]) !== size) return { ok: false, message: `Content-Range: the total ${m[3]} differs from the upload's size ${size} given when it was created; start a new upload for a different file` };
    if (start !== undefined && start !== first) return { ok: false, message: `Upload-Offset ${start} and Content-Range (first byte ${first}) disagree; send one of them` };
    const declared = last - first + 1;
    if (length !== undefined && length !== declared) return { ok: false, message: `Content-Range covers ${declared} bytes but Content-Length says ${length}` };
    start = first;
    length = declared;
  }
  if (start === undefined) return { ok: false, message: 'say where this chunk starts: send "Upload-Offset: <bytes stored so far>" (HEAD /uploads/{id} gives it), or "Content-Range: bytes <first>-<last>/<size>"' };
  if (length !== undefined && start + length > size) {
    return { ok: false, message: `this chunk (${length} bytes from byte ${start}) runs past the upload's size of ${size} bytes; send at most ${Math.max(0, size - start)} bytes` };
  }
  return { ok: true, position: { start, length } };
}
