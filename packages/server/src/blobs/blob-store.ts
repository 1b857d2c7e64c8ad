import type { Readable } from 'node:stream';

/** A stored blob, named by the SHA-256 of its bytes (hex). */
export interface BlobRef {
  sha256: string;
  size: number;
}

/**
 * Content-addressed blob storage: the same bytes always get the same name, so storing twice is free
 * and a name proves the content. Media never goes into the database. Implementations: a local folder
 * (default); S3-compatible stores plug in behind the same port.
 */
export interface BlobStore {
  /** Streams bytes in, hashing as they pass; the blob appears under its name only once complete. */
  put(bytes: Readable): Promise<BlobRef>;
  /**
   * The blob's bytes, or undefined when there is no such blob; with `range`, only bytes `start..end`
   * (inclusive, like HTTP Range), so a browser seeking in a long video does not pull the whole file.
   */
  get(sha256: string, range?: ByteRange): Promise<Readable | undefined>;
  /** The blob's length in bytes, or undefined when there is no such blob (for Content-Range). */
  size(sha256: string): Promise<number | undefined>;
  has(sha256: string): Promise<boolean>;
}

/** Bytes `start` to `end` of a blob, both inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
