import { Transform } from 'node:stream';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Drops a UTF-8 byte-order mark at the very start of a byte stream (Excel writes one into CSV). */
export function stripBom(): Transform {
  let head: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (head === null) return done(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < BOM.length) return done();
      const out = head.subarray(0, 3).equals(BOM) ? head.subarray(3) : head;
      head = null;
      done(null, out);
    },
    flush(done) {
      if (head && head.length > 0 && !BOM.subarray(0, head.length).equals(head)) this.push(head);
      done();
    },
  });
}
