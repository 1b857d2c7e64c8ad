/**
 * The full-resolution copy of a re-encoded video (docs/media.md, Video): queued by the `video-intake` job
 * in the transaction that makes the media row and task, when the annotation proxy is smaller than the
 * original. Annotators start on the proxy at once; this job encodes the original at its own size, checks
 * that the copy's frames are exactly the frame index's, stores it as a blob and names it on the media row in
 * one statement, after which the frame index answers with its URL (`fullUrl`) and the workbench plays it.
 * Resumable: the blob is content-addressed and the encode deterministic, so a re-run after a crash makes the
 * same blob again (never a second or a half one), and naming it on the row again changes nothing.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.js';
import { MediaRejection } from '../media/image-source.js';
import { frameTimesMismatch, transcodeFull, type FrameIndex } from '../media/video-pipeline.js';
import type { VideoContainer, VideoProbe } from '../media/video-source.js';
import { setMediaVideoFull } from '../repositories/media.repository.js';
import type { JobHandler } from './job-handler.js';
import { openVideoInput, progressSteps } from './video-job-io.js';

export const VIDEO_FULL_JOB = 'video-full';

export interface VideoFullPayload {
  /** The media row the copy belongs to. */
  mediaId: string;
  /** The original blob, and its name and container as uploaded. */
  sha256: string;
  name: string;
  container: VideoContainer;
  probe: VideoProbe;
  /** The frame index the copy must match frame for frame. */
  frameIndexSha256: string;
}

export interface VideoFullResult {
  mediaId: string;
  /** The copy's blob, served as /api/v1/media/{fullSha256}; absent when the media row was deleted meanwhile. */
  fullSha256?: string;
  size?: number;
}

interface Checkpoint {
  result?: VideoFullResult;
}

export function videoFullJobHandler(blobs: BlobStore): JobHandler {
  return {
    kind: VIDEO_FULL_JOB,
    async run(run) {
      const payload = run.job.payload as VideoFullPayload;
      const saved = (run.job.checkpoint as Checkpoint | null) ?? {};
      if (saved.result) return saved.result;
      const index = JSON.parse((await readBlob(blobs, payload.frameIndexSha256)).toString('utf8')) as FrameIndex;
      const frames = index.times.length;
      const dir = await mkdtemp(join(tmpdir(), 'yungang-video-full-'));
      let original: Readable | undefined;
      try {
        const opened = await openVideoInput(blobs, payload.sha256, payload.container, dir);
        original = opened.original;
        const out = join(dir, 'full.mp4');
        const { onProgress, settle } = progressSteps(run, frames);
        try {
          await transcodeFull(opened.input, payload.probe, out, { onProgress, signal: run.signal });
        } catch (e) {
          if (e instanceof MediaRejection) throw new Error(`${payload.name}: ${e.message}`, { cause: e });
          throw e;
        } finally {
          await settle();
        }
        // A lost lease or cancel while encoding: stop here instead of storing for nobody.
        if (run.signal.aborted) throw run.signal.reason instanceof Error ? run.signal.reason : new Error('the job was stopped');
        // Frame N of the copy must be frame N of every annotation, as in the proxy.
        const mismatch = await frameTimesMismatch(out, index);
        if (mismatch) throw new Error(`${payload.name}: the full-resolution copy does not match the frame index (${mismatch})`);
        const full = await blobs.put(createReadStream(out));
        const result: VideoFullResult = { mediaId: payload.mediaId };
        await run.step(async (tx) => {
          // The media row may have been deleted while encoding: then the copy is named nowhere.
          if (await setMediaVideoFull(tx, payload.mediaId, full.sha256)) Object.assign(result, { fullSha256: full.sha256, size: full.size });
          return { done: frames, total: frames, checkpoint: { result } satisfies Checkpoint, summary: { frames, ...result } };
        });
        return result;
      } finally {
        original?.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

async function readBlob(blobs: BlobStore, sha256: string): Promise<Buffer> {
  const body = await blobs.get(sha256);
  if (!body) throw new Error(`the frame index (${sha256}) is missing from the blob store`);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
