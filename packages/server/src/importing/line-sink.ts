import { Writable } from 'node:stream';

/**
 * A Writable of "\n"-terminated lines, one line per write, that hands them on in batches of about `batchBytes`
 * as `lineBatches` cuts them (the lines joined by "\n", without the last one's "\n"). `flush` runs one batch at a
 * time, and the writer is held back (`write` returns false) while a batch is in flight and the next has filled:
 * so whatever writes the lines goes on producing the next batch while `flush` works on this one, and memory stays
 * at about two batches. The task import uses it on PostgreSQL to insert staged lines while it validates the next
 * (issue 10): the two phases ran one after the other, each on its own core's worth of work.
 */
export function lineSink(batchBytes: number, flush: (batch: Buffer) => Promise<void>): Writable {
  let lines: Buffer[] = [];
  let size = 0;
  const take = () => {
    const batch = Buffer.concat(lines, size).subarray(0, size - 1);
    lines = [];
    size = 0;
    return batch;
  };
  return new Writable({
    highWaterMark: batchBytes,
    write(line: Buffer, _encoding, done) {
      lines.push(line);
      size += line.length;
      if (size < batchBytes) return done();
      flush(take()).then(() => done(), done);
    },
    final(done) {
      if (size === 0) return done();
      flush(take()).then(() => done(), done);
    },
  });
}
