/**
 * Segmented speech clips of an audio project (docs/formats.md, Speech corpora: `clips`): a zip streamed to
 * the response with one 16 kHz mono 16-bit WAV per utterance, cut with ffmpeg from the task's stored
 * original recording, plus `manifest.jsonl` (NeMo-style keys) and `transcripts.txt` (`utt_id text`). The
 * utterances are the delivered labels, as the Kaldi/WeNet/NeMo exports write them (`tasksToUtterances`).
 * Clips are cut one at a time and the zip is produced as the client reads it, so memory stays flat:
 * one task's recording sits in a scratch file, one clip in memory.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import { audioSegmentsOf, perRegionControlsOf, tasksToUtterances, type LabelConfig, type LabelsControl, type SpeechExportTask } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import { badRequest } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { exportEvent } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { gather } from './format-export.service.js';

const MEDIA_URL = /^\/api\/v1\/media\/([0-9a-f]{64})/u;
const CLIP_RATE = 16_000;

export interface ClipsExportStream {
  fileName: string;
  contentType: string;
  body: Readable;
  dropped: string[];
}

/** A task to cut: its utterances (with the segment label) and the stored original's blob, if uploaded here. */
interface ClipTask {
  taskId: string;
  originalSha: string | undefined;
  utterances: { id: string; start: number | undefined; end: number | undefined; text: string; speaker: string | undefined; label: string | undefined }[];
}

export async function exportSpeechClips(database: Database, blobs: BlobStore, ctx: TenantContext, projectId: string): Promise<ClipsExportStream> {
  requirePermission(ctx, 'project.export');
  const project = await database.tenant(ctx, (tx) => requireProject(tx, projectId));
  const field = project.config.fields.find((f) => f.type === 'audio');
  if (!field) throw badRequest('clips is a speech format and this project has no audio field; export it as jsonl or csv', { path: 'format' });
  const tasks: ClipTask[] = [];
  const dropped: Record<string, number> = {};
  let after: string | undefined;
  // Only ids, bounds and texts are held for the whole project; the audio is read task by task below.
  for (;;) {
    const batch = await database.tenant(ctx, async (tx) => {
      const found = await gather(tx, projectId, project.config, after, field.name);
      if (!found) return undefined;
      const ids = found.images.map((i) => i.taskId);
      const originals = new Map((await tx.selectFrom('media').select(['display_sha256', 'sha256']).where('task_id', 'in', ids).execute()).map((m) => [m.display_sha256, m.sha256]));
      return { ...found, originals };
    });
    if (!batch) break;
    for (const i of batch.images) {
      const sha = MEDIA_URL.exec(i.url)?.[1];
      const task: SpeechExportTask = { taskId: i.taskId, audio: i.url, data: i.data, result: i.result };
      const made = tasksToUtterances([task], project.config);
      for (const [reason, n] of Object.entries(made.dropped)) dropped[reason] = (dropped[reason] ?? 0) + n;
      const labels = segmentLabels(project.config, field.name, task);
      tasks.push({
        taskId: i.taskId,
        originalSha: sha === undefined ? undefined : (batch.originals.get(sha) ?? sha),
        utterances: made.utterances.map((u, n) => ({ id: u.id, start: u.start, end: u.end, text: u.text, speaker: u.speaker, label: labels?.[n] })),
      });
    }
    after = batch.lastId;
  }
  const notStored = tasks.filter((t) => t.originalSha === undefined && t.utterances.length > 0);
  if (notStored.length > 0) dropped['tasks whose audio is not stored on this server (no clips cut)'] = notStored.length;
  const safeName = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'project';
  const droppedList = Object.entries(dropped).map(([reason, n]) => `${reason}: ${n}`);
  await database.tenant(ctx, async (tx) => {
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: projectId, details: { format: 'clips', tasks: tasks.length, dropped: droppedList } });
    await appendLogEvent(tx, exportEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { projectId, format: 'clips' }));
  });
  return {
    fileName: `${safeName}-${new Date().toISOString().slice(0, 10)}-clips.zip`,
    contentType: 'application/zip',
    body: Readable.from(clipsZip(blobs, tasks)),
    dropped: droppedList,
  };
}

/** The label of each utterance `tasksToUtterances` made, in its order (segments sorted by start, deduplicated by id). */
function segmentLabels(config: LabelConfig, fieldName: string, task: SpeechExportTask): string[] | undefined {
  const control = config.controls.find((c): c is LabelsControl => c.type === 'labels' && c.toName === fieldName);
  if (!control) return undefined;
  const seen = new Set<string>();
  return audioSegmentsOf(task.result, control.name, perRegionControlsOf(config, fieldName))
    .filter((s) => !seen.has(s.id) && seen.add(s.id))
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((s) => s.label);
}

/**
 * The zip, produced as it is read: the generator only cuts the next clip when the response has taken the
 * previous one's bytes (Readable.from pulls on demand), so a slow client does not pile clips up in memory.
 */
async function* clipsZip(blobs: BlobStore, tasks: readonly ClipTask[]): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else queue.push(chunk);
  });
  const add = (name: string, bytes: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
  };
  const drain = function* () {
    if (failure) throw failure;
    while (queue.length > 0) yield queue.shift()!;
  };
  const manifest: string[] = [];
  const transcripts: string[] = [];
  const work = await mkdtemp(join(tmpdir(), 'yungang-clips-'));
  try {
    for (const task of tasks) {
      if (task.originalSha === undefined || task.utterances.length === 0) continue;
      const stream = await blobs.get(task.originalSha);
      if (!stream) continue;
      // ffmpeg seeks reliably in any container only in a file, not a pipe: the original goes to scratch once per task.
      const input = join(work, 'input');
      await pipeline(stream, createWriteStream(input));
      for (const u of task.utterances) {
        const clip = join(work, 'clip.wav');
        await cutClip(input, clip, u.start, u.end);
        const wav = await readFile(clip);
        const path = `${task.taskId}/${u.id}.wav`;
        add(path, wav);
        yield* drain();
        const duration = wavSeconds(wav);
        manifest.push(JSON.stringify({ audio_filepath: path, duration, text: u.text, speaker: u.speaker ?? null, label: u.label ?? null, task_id: task.taskId, start: u.start ?? 0, end: u.end ?? duration }) + '\n');
        transcripts.push(`${u.id} ${u.text}\n`);
      }
    }
    add('manifest.jsonl', strToU8(manifest.join('')));
    add('transcripts.txt', strToU8(transcripts.join('')));
    zip.end();
    yield* drain();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Cuts `start..end` (seconds; the whole recording when unset) to a 16 kHz mono 16-bit WAV; output-side -ss seeks sample-accurately. */
async function cutClip(input: string, output: string, start: number | undefined, end: number | undefined): Promise<void> {
  const span = start !== undefined && end !== undefined ? ['-ss', start.toFixed(3), '-t', Math.max(0, end - start).toFixed(3)] : [];
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', input, ...span, '-map', '0:a:0', '-ac', '1', '-ar', String(CLIP_RATE), '-c:a', 'pcm_s16le', '-map_metadata', '-1', '-f', 'wav', output];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const errors: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => errors.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'ENOENT' ? 'ffmpeg is not installed on this server (Debian: apt-get install ffmpeg)' : `ffmpeg failed to start: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not cut a clip: ${Buffer.concat(errors).toString('utf8').trim().slice(0, 500)}`))));
  });
}

/** A WAV's length in seconds from its `fmt ` and `data` chunks (rounded to the millisecond). */
export function wavSeconds(wav: Uint8Array): number {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let byteRate = 0;
  for (let at = 12; at + 8 <= wav.byteLength; ) {
    const id = String.fromCharCode(...wav.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') byteRate = view.getUint32(at + 16, true);
    if (id === 'data') return byteRate > 0 ? Math.round((Math.min(size, wav.byteLength - at - 8) / byteRate) * 1000) / 1000 : 0;
    at += 8 + size + (size % 2);
  }
  return 0;
}
