/**
 * What the two video jobs (`video-intake`, `video-full`) share: reading the stored original into ffmpeg,
 * and turning ffmpeg's frame counts into progress steps without holding up the encode.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../blobs/blob-store.js';
import type { VideoInput } from '../media/video-pipeline.js';
import type { VideoContainer } from '../media/video-source.js';
import type { JobRun } from './job-handler.js';

/** Least time between two progress steps while ffmpeg encodes: each is a small transaction. */
const PROGRESS_EVERY_MS = 1000;

/**
 * The original blob as ffmpeg's input: an MP4 is copied into `dir` first (its index may be at the end, so
 * ffmpeg must seek); Matroska and AVI play front to back and stream straight in. `original` is to be
 * destroyed by the caller when done.
 */
export async function openVideoInput(blobs: BlobStore, sha256: string, container: VideoContainer, dir: string): Promise<{ input: VideoInput; original: Readable }> {
  const original = await blobs.get(sha256);
  if (!original) throw new Error(`the uploaded video (${sha256}) is missing from the blob store`);
  if (container !== 'mp4') return { input: { stream: original }, original };
  const path = join(dir, 'original.mp4');
  await pipeline(original, createWriteStream(path));
  return { input: { path }, original };
}

/**
 * A progress callback for ffmpeg that commits at most one step a second, one at a time (the encode does
 * not wait for them), and `settle` to wait for the last one before the job's own next step.
 */
export function progressSteps(run: JobRun, total: number): { onProgress: (frames: number) => void; settle: () => Promise<void> } {
  let lastAt = Date.now();
  let inFlight: Promise<void> = Promise.resolve();
  let busy = false;
  const onProgress = (frames: number) => {
    if (busy || Date.now() - lastAt < PROGRESS_EVERY_MS) return;
    busy = true;
    lastAt = Date.now();
    inFlight = run
      .step(async () => ({ done: Math.min(frames, total), total, checkpoint: {}, summary: { frames } }))
      .finally(() => {
        busy = false;
      });
  };
  return { onProgress, settle: () => inFlight.catch(() => undefined) };
}
