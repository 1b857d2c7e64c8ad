/**
 * Images made from other images (a pipeline's resized copy, an augmented image): stored as new
 * content-addressed blobs with a thumbnail and a media row in the project that shows them, so they are
 * served like uploads; the input is never touched. Also reads back the stored image behind a task's URL,
 * only when the caller's organisation has it (row-level security on `media`), so a task cannot name
 * another organisation's blob and have it copied.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { findMediaByDisplay, insertMedia } from '../repositories/media.repository.js';
import { DECODE_OPTIONS } from './image-source.js';
import { THUMB_SIZE } from './image-derivatives.js';

const MEDIA_URL = /^\/api\/v1\/media\/([0-9a-f]{64})(?:[/?#].*)?$/;

export const mediaUrlOf = (sha256: string): string => `/api/v1/media/${sha256}`;

/** The served blob a task-data value names, when it is a media URL of this server. */
export function mediaShaOf(value: unknown): string | undefined {
  return typeof value === 'string' ? MEDIA_URL.exec(value)?.[1] : undefined;
}

export interface StoredSourceImage {
  bytes: Buffer;
  /** The untouched original as uploaded (what a derived image records as its input). */
  sourceSha256: string;
  width: number;
  height: number;
}

/** Reads a blob whole (images a pipeline or augmentation works on fit in memory: sharp decodes them whole anyway). */
export async function readBlob(blobs: BlobStore, sha256: string): Promise<Buffer | undefined> {
  const stream = await blobs.get(sha256);
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The image behind a task's URL, if the transaction's organisation stores it: the original bytes, or the
 * display copy when the original is a format sharp cannot read (BMP is served as PNG).
 */
export async function loadTaskImage(tx: Tx, blobs: BlobStore, value: unknown): Promise<StoredSourceImage | undefined> {
  const sha = mediaShaOf(value);
  if (!sha) return undefined;
  const row = await findMediaByDisplay(tx, sha);
  if (!row || row.audio_peaks_sha256 !== null || row.video_frame_index_sha256 !== null) return undefined;
  const useDisplay = row.mime === 'image/bmp';
  const bytes = await readBlob(blobs, useDisplay ? row.display_sha256 : row.sha256);
  if (!bytes) return undefined;
  return { bytes, sourceSha256: row.sha256, width: row.width, height: row.height };
}

/** A derived image stored as blobs, waiting for its media row. */
export interface StoredDerivedImage {
  sha256: string;
  size: number;
  mime: string;
  thumbSha256: string;
  width: number;
  height: number;
}

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Stores a browser-ready image (JPEG, PNG or WebP, upright) and its WebP thumbnail. Idempotent: same bytes, same names. */
export async function storeDerivedImage(blobs: BlobStore, bytes: Buffer): Promise<StoredDerivedImage> {
  const meta = await sharp(bytes, DECODE_OPTIONS).metadata();
  const mime = MIME[meta.format];
  if (!mime) throw new Error(`a derived image must be JPEG, PNG or WebP, got ${meta.format}`);
  const ref = await blobs.put(Readable.from([bytes]));
  const thumb = await sharp(bytes, DECODE_OPTIONS).resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  const thumbRef = await blobs.put(Readable.from([thumb]));
  return { sha256: ref.sha256, size: ref.size, mime, thumbSha256: thumbRef.sha256, width: meta.width, height: meta.height };
}

/** The media row that lets the project serve a derived image (nothing when the project has those bytes already). */
export async function insertDerivedMedia(tx: Tx, image: StoredDerivedImage, owner: { orgId: string; projectId: string; createdBy: string | null; importId?: string | null; taskId?: string | null; name: string }): Promise<void> {
  const id = await insertMedia(tx, {
    id: randomUUID(),
    orgId: owner.orgId,
    projectId: owner.projectId,
    importId: owner.importId ?? null,
    sha256: image.sha256,
    size: image.size,
    originalName: owner.name,
    mime: image.mime,
    width: image.width,
    height: image.height,
    orientation: 1,
    stripped: true,
    displaySha256: image.sha256,
    displayMime: image.mime,
    thumbSha256: image.thumbSha256,
    tiles: null,
    createdBy: owner.createdBy,
  });
  if (id && owner.taskId) await tx.updateTable('media').set({ task_id: owner.taskId }).where('id', '=', id).execute();
}

/** A small WebP preview as a data URL, for dry runs that show before and after without storing anything. */
export async function previewDataUrl(bytes: Buffer, side = 160): Promise<string | null> {
  try {
    const webp = await sharp(bytes, DECODE_OPTIONS).autoOrient().resize(side, side, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
    return `data:image/webp;base64,${webp.toString('base64')}`;
  } catch {
    return null;
  }
}
