import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { SHA256_HEX, type BlobRef, type BlobStore, type ByteRange } from './blob-store.js';

/** Where an S3-compatible store is (README: YUNGANG_S3_*). */
export interface S3Config {
  /** YUNGANG_S3_ENDPOINT, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000; unset = AWS's default for the region. */
  endpoint: string | undefined;
  /** YUNGANG_S3_REGION, default us-east-1 (most S3-compatible servers ignore it, but the signature needs one). */
  region: string;
  /** YUNGANG_S3_BUCKET: setting it selects S3 storage. */
  bucket: string;
  /** YUNGANG_S3_PREFIX, default "blobs/": keys are `<prefix><sha256>`. */
  prefix: string;
  /** YUNGANG_S3_ACCESS_KEY_ID / YUNGANG_S3_SECRET_ACCESS_KEY; unset = the SDK's default chain (instance role, AWS_* variables). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** YUNGANG_S3_FORCE_PATH_STYLE, default 1: `endpoint/bucket/key`, which MinIO, Ceph and most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Where a blob is staged while its hash is computed; default the system's temporary folder. */
  stagingDir?: string | undefined;
}

/**
 * Blobs in an S3-compatible bucket under `<prefix><sha256>`. The name is the hash of the bytes, which is
 * known only at the end, so a put stages the stream to a local temporary file while hashing it, then
 * uploads it with its length under its final key (skipped when the key exists already: same name, same
 * bytes). A source that fails midway leaves nothing in the bucket, and memory stays flat.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly stagingDir: string;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      // The SDK's default since 2025 sends streamed bodies aws-chunked with a trailing CRC32, which many
      // S3-compatible servers (older MinIO and Ceph, s3rver) store verbatim, framing and all. Only when
      // an operation requires a checksum is one sent; the SHA-256 name already proves the content.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
    });
    this.stagingDir = config.stagingDir ?? join(tmpdir(), 'yungang-s3-staging');
  }

  async put(bytes: Readable): Promise<BlobRef> {
    await mkdir(this.stagingDir, { recursive: true });
    const tmp = join(this.stagingDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(bytes, hasher, createWriteStream(tmp));
      const sha256 = hash.digest('hex');
      if (!(await this.has(sha256))) {
        await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: this.key(sha256), Body: createReadStream(tmp), ContentLength: size, ContentType: 'application/octet-stream' }));
      }
      return { sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(sha256), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      return out.Body as Readable | undefined;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async size(sha256: string): Promise<number | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.key(sha256) }));
      return head.ContentLength;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.key(sha256) }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  private key(sha256: string): string {
    return `${this.config.prefix}${sha256}`;
  }
}

function isMissing(e: unknown): boolean {
  return e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404);
}

/** The S3 settings from the environment, or undefined when YUNGANG_S3_BUCKET is unset (local folder storage). */
export function s3ConfigFromEnv(env: NodeJS.ProcessEnv): S3Config | undefined {
  const bucket = env.YUNGANG_S3_BUCKET;
  if (!bucket) {
    const stray = ['YUNGANG_S3_ENDPOINT', 'YUNGANG_S3_PREFIX', 'YUNGANG_S3_ACCESS_KEY_ID'].find((name) => env[name]);
    if (stray) throw new Error(`${stray} is set but YUNGANG_S3_BUCKET is not: set the bucket to store blobs in S3, or unset ${stray} to keep them in YUNGANG_BLOB_DIR`);
    return undefined;
  }
  const accessKeyId = env.YUNGANG_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.YUNGANG_S3_SECRET_ACCESS_KEY;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) throw new Error('set both YUNGANG_S3_ACCESS_KEY_ID and YUNGANG_S3_SECRET_ACCESS_KEY, or neither (then the AWS SDK looks for credentials itself)');
  const endpoint = env.YUNGANG_S3_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\//.test(endpoint)) throw new Error(`YUNGANG_S3_ENDPOINT must start with http:// or https:// (got "${endpoint}")`);
  return {
    endpoint,
    region: env.YUNGANG_S3_REGION || 'us-east-1',
    bucket,
    prefix: env.YUNGANG_S3_PREFIX ?? 'blobs/',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: env.YUNGANG_S3_FORCE_PATH_STYLE !== '0',
  };
}
