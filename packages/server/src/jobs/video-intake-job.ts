/**
 * Video intake as a durable job (docs/media.md, "Video"): a video browsers cannot play is stored as it
 * came by the upload, which answers `processing` with this job's id; the job re-encodes it into the
 * annotation proxy (media/video-pipeline.ts), stores the served copy, frame index and poster (one step
 * checkpoints their blobs, so a resume does not encode again), and makes the media row, the task, its
 * import record, audit row and log entry in one last transaction. A crash before that leaves no task;
 * a file ffmpeg cannot convert fails the job with the reason and leaves no task either.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { MediaFileResult } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { MediaRejection } from '../media/image-source.js';
import { deriveVideo, fullCopyWanted } from '../media/video-pipeline.js';
import type { VideoContainer, VideoProbe } from '../media/video-source.js';
import { storeVideo, videoTaskData } from '../services/video-intake.js';
import { findProjectMedia, insertMedia, insertTaskReturningId, setMediaTask, type NewMedia } from '../repositories/media.repository.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { insertJob } from '../repositories/jobs.repository.js';
import { importEvent, TaskDigest } from '../provenance/log-events.js';
import type { JobHandler, JobRun } from './job-handler.js';
import { openVideoInput, progressSteps } from './video-job-io.js';
import { VIDEO_FULL_JOB, type VideoFullPayload } from './video-full-job.js';

export const VIDEO_INTAKE_JOB = 'video-intake';

export interface VideoIntakePayload {
  /** The video's original blob, stored by the upload. */
  sha256: string;
  size: number;
  /** The file's name as sent (inside a zip: its path there). */
  name: string;
  container: VideoContainer;
  /** ffprobe's answer at upload (a file it could not read was rejected there). */
  probe: VideoProbe;
  /** The video field the task fills, and the label config's other fields (filled with ""). */
  field: string;
  emptyTextFields: string[];
  allowDuplicates: boolean;
}

type VideoMedia = Omit<NewMedia, 'id' | 'orgId' | 'projectId' | 'importId' | 'createdBy'>;

interface Checkpoint {
  /** Set once the served copy, frame index and poster are stored: a resume goes straight to the task. */
  stored?: { result: MediaFileResult; media: VideoMedia };
  /** Set by the last step, with what the job answers: a resume after it only reports. */
  result?: MediaFileResult;
}

export function videoIntakeJobHandler(blobs: BlobStore): JobHandler {
  return {
    kind: VIDEO_INTAKE_JOB,
    async run(run) {
      const payload = run.job.payload as VideoIntakePayload;
      const saved = (run.job.checkpoint as Checkpoint | null) ?? {};
      if (saved.result) return saved.result;
      const total = Math.max(1, Math.round(payload.probe.fps * payload.probe.duration));
      const stored = saved.stored ?? (await transcode(run, blobs, payload, total));
      const result: MediaFileResult = { ...stored.result };
      const frames = result.frames ?? total;
      const manifest = { kind: 'yungang.media-intake', files: [{ name: payload.name, status: 'stored', sha256: payload.sha256, reason: null }] };
      const source = await blobs.put(Readable.from([Buffer.from(JSON.stringify(manifest))]));
      await run.step(async (tx) => {
        const projectId = run.job.projectId!;
        const orgId = run.job.orgId;
        const userId = run.job.createdBy;
        const winner = await findProjectMedia(tx, projectId, payload.sha256);
        if (winner && !payload.allowDuplicates) {
          // Another upload of the same video finished first: its media row and task are the ones kept.
          Object.assign(result, { status: 'duplicate', reason: `this project has this file already (as "${winner.original_name}")`, ...(winner.task_id ? { taskId: winner.task_id } : {}) });
          return { done: frames, total: frames, checkpoint: { result } satisfies Checkpoint, summary: { frames, duplicate: true } };
        }
        const importId = randomUUID();
        await insertImport(tx, { id: importId, orgId, projectId, fileName: payload.name, format: 'media', taskCount: 1, createdBy: userId, source });
        // With duplicates allowed and the video already here, the new task shows the stored media row.
        const mediaId = winner ? undefined : await insertMedia(tx, { ...stored.media, id: randomUUID(), orgId, projectId, importId, createdBy: userId });
        if (!winner && !mediaId) throw new Error(`${payload.name}: the same video was stored in this project by an upload that finished at this very moment; upload it again to see it as a duplicate`);
        const data: Record<string, unknown> = { [payload.field]: result.url, ...videoTaskData(result) };
        for (const name of payload.emptyTextFields) data[name] = '';
        result.taskId = await insertTaskReturningId(tx, { orgId, projectId, importId, data });
        if (mediaId) await setMediaTask(tx, mediaId, result.taskId);
        // The full-resolution copy follows in its own job, queued exactly when the media row exists.
        if (mediaId && fullCopyWanted(payload.probe)) {
          const full: VideoFullPayload = { mediaId, sha256: payload.sha256, name: payload.name, container: payload.container, probe: payload.probe, frameIndexSha256: stored.media.video!.frameIndexSha256 };
          await insertJob(tx, { id: randomUUID(), orgId, projectId, kind: VIDEO_FULL_JOB, payload: full, createdBy: userId, total: frames });
        }
        const digest = new TaskDigest();
        digest.add(data);
        await appendAudit(tx, { orgId, userId, action: 'task.import', objectType: 'project', objectId: projectId, details: { importId, format: 'media', count: 1, stored: 1, duplicates: 0, rejected: 0, sourceSha256: source.sha256, jobId: run.job.id } });
        await appendLogEvent(tx, importEvent({ orgId, actorId: userId }, { importId, projectId, format: 'media', fileName: payload.name, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: 1, tasksRoot: digest.root() }));
        return { done: frames, total: frames, checkpoint: { result } satisfies Checkpoint, summary: { frames, taskId: result.taskId } };
      });
      return result;
    },
  };
}

/** Encodes the proxy from the stored original, reporting frames as progress, and checkpoints its blobs. */
async function transcode(run: JobRun, blobs: BlobStore, payload: VideoIntakePayload, total: number): Promise<{ result: MediaFileResult; media: VideoMedia }> {
  const dir = await mkdtemp(join(tmpdir(), 'yungang-video-'));
  let original: Readable | undefined;
  try {
    const opened = await openVideoInput(blobs, payload.sha256, payload.container, dir);
    original = opened.original;
    const { onProgress, settle } = progressSteps(run, total);
    let derived: Awaited<ReturnType<typeof deriveVideo>>;
    try {
      derived = await deriveVideo(opened.input, payload.probe, 'transcode', dir, { onProgress, signal: run.signal });
    } catch (e) {
      // The file's own problem, told as the job's error; the upload already answered.
      if (e instanceof MediaRejection) throw new Error(`${payload.name}: ${e.message}`, { cause: e });
      throw e;
    } finally {
      await settle();
    }
    // A lost lease or cancel while encoding: stop here instead of storing for nobody.
    if (run.signal.aborted) throw run.signal.reason instanceof Error ? run.signal.reason : new Error('the job was stopped');
    const stored = await storeVideo(blobs, payload.name, { sha256: payload.sha256, size: payload.size }, payload.container, derived);
    await run.step(async () => ({ done: derived.frames, total: derived.frames, checkpoint: { stored } satisfies Checkpoint, summary: { frames: derived.frames } }));
    return stored;
  } finally {
    original?.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
