import { Transform } from 'node:stream';
import { AppError } from '../http/app-error.js';

/** Fails the stream once more than `maxBytes` passed: raw-body uploads get the same cap as multipart ones. */
export function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new AppError('payload_too_large', `the upload is larger than ${Math.round(maxBytes / 1048576)} MB (YUNGANG_MAX_UPLOAD_MB)`));
      done(null, chunk);
    },
  });
}
