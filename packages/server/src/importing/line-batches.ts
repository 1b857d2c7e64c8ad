/**
 * Cuts a byte stream of "\n"-terminated lines into batches of whole lines, as raw bytes: each batch is the
 * lines it holds joined by "\n", without the last one's "\n". A batch is one chunk of the input, cut back to
 * its last newline (a line longer than a chunk grows the batch until it ends).
 *
 * Why bytes and not strings: the task import's insert pass (issue 10) used to decode every staged line into a
 * string and hand the driver an array of them, which escaped them again into an array literal; at a million
 * tasks that garbage, promoted while each batch waited for its insert, grew the server's heap by hundreds of
 * megabytes. Buffers live outside the JS heap, and "\n" (0x0A) never occurs inside a multi-byte UTF-8
 * sequence, so cutting at it never splits a character. Meant for files whose lines are never empty (the
 * import's staged canonical JSON): an empty line comes back like any other.
 */
export async function* lineBatches(input: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let pending: Buffer | undefined;
  for await (const chunk of input) {
    const bytes = pending ? Buffer.concat([pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const last = bytes.lastIndexOf(0x0a);
    if (last === -1) {
      pending = bytes;
      continue;
    }
    // Copied, so the next batch does not keep this chunk's memory alive through a view.
    pending = last + 1 < bytes.length ? Buffer.from(bytes.subarray(last + 1)) : undefined;
    yield bytes.subarray(0, last);
  }
  if (pending && pending.length > 0) yield pending;
}

/** Calls `each` with every line of a batch from `lineBatches`, as a view of its bytes. */
export function forEachLine(batch: Uint8Array, each: (line: Uint8Array) => void): void {
  let start = 0;
  for (;;) {
    const nl = batch.indexOf(0x0a, start);
    each(batch.subarray(start, nl === -1 ? batch.length : nl));
    if (nl === -1) return;
    start = nl + 1;
  }
}
