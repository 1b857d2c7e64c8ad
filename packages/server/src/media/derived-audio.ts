/**
 * Recordings made from other recordings (a pipeline's transcoded, normalised or cut copy): stored as new
 * content-addressed blobs with the same browser copy, waveform thumbnail and peaks media intake makes, and
 * a media row in the project that shows them, so they are served like uploads; the input is never touched.
 * Also finds the stored recording behind a task's URL, only when the caller's organisation has it
 * (row-level security on `media`), so a task cannot name another organisation's blob and have it copied.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { insertMedia, findMediaByDisplay, type NewMedia } from '../repositories/media.repository.js';
import { AUDIO_DISPLAY_MIME, deriveAudio } from './audio-pipeline.js';
import { mediaShaOf } from './derived-image.js';

/** The untouched original behind a task's audio URL. */
export interface StoredSourceAudio {
  /** The original as uploaded (what a derived recording records as its input). */
  sourceSha256: string;
  mime: string;
}

/** The recording a task-data value names, if the transaction's organisation stores it as audio. */
export async function findTaskAudio(tx: Tx, value: unknown): Promise<StoredSourceAudio | undefined> {
  const sha = mediaShaOf(value);
  if (!sha) return undefined;
  const row = await findMediaByDisplay(tx, sha);
  if (!row || row.audio_peaks_sha256 === null) return undefined;
  return { sourceSha256: row.sha256, mime: row.mime };
}

/** Copies a stored blob to a file (ffmpeg reads every container from a file, not all from a pipe). */
export async function copyBlobToFile(blobs: BlobStore, sha256: string, path: string): Promise<boolean> {
  const stream = await blobs.get(sha256);
  if (!stream) return false;
  await pipeline(stream, createWriteStream(path));
  return true;
}

/** A derived recording stored as blobs, waiting for its media row. */
export interface StoredDerivedAudio {
  sha256: string;
  size: number;
  mime: string;
  displaySha256: string;
  thumbSha256: string;
  audio: NonNullable<NewMedia['audio']>;
}

const MIME: Record<string, string> = { wav: 'audio/wav', flac: 'audio/flac' };

/**
 * Stores a derived WAV or FLAC file and what the workbench needs of it (browser copy, peaks, thumbnail:
 * media intake's one decode, `deriveAudio`). Idempotent: same bytes, same names.
 */
export async function storeDerivedAudio(blobs: BlobStore, path: string, format: 'wav' | 'flac'): Promise<StoredDerivedAudio> {
  const work = await mkdtemp(join(tmpdir(), 'yungang-derived-audio-'));
  try {
    const derived = await deriveAudio(path, work);
    const original = await blobs.put(createReadStream(path));
    const display = await blobs.put(createReadStream(derived.displayPath));
    const thumb = await blobs.put(createReadStream(derived.thumbPath));
    const peaks = await blobs.put(createReadStream(derived.peaksPath));
    return {
      sha256: original.sha256,
      size: original.size,
      mime: MIME[format]!,
      displaySha256: display.sha256,
      thumbSha256: thumb.sha256,
      audio: { peaksSha256: peaks.sha256, duration: derived.duration, sampleRate: derived.probe.sampleRate, channels: derived.probe.channels, loudness: derived.loudness },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The media row that lets the project serve a derived recording (nothing when the project has those bytes already). */
export async function insertDerivedAudioMedia(tx: Tx, stored: StoredDerivedAudio, owner: { orgId: string; projectId: string; createdBy: string | null; name: string }): Promise<void> {
  await insertMedia(tx, {
    id: randomUUID(),
    orgId: owner.orgId,
    projectId: owner.projectId,
    importId: null,
    sha256: stored.sha256,
    size: stored.size,
    originalName: owner.name,
    mime: stored.mime,
    // A recording has no pixels; the columns are shared with images.
    width: 0,
    height: 0,
    orientation: 1,
    stripped: true,
    displaySha256: stored.displaySha256,
    displayMime: AUDIO_DISPLAY_MIME,
    thumbSha256: stored.thumbSha256,
    tiles: null,
    audio: stored.audio,
    createdBy: owner.createdBy,
  });
}
