/**
 * Speech synthesis (docs/augmentation.md, "Speech synthesis"): one recording per text, made by espeak-ng or
 * an external OpenAI-compatible TTS server, taken through audio intake (browser copy, peaks, loudness) and
 * added as an audio task whose transcript is known: a prediction on the project's text area for the audio
 * field, and the text in the synthetic mark with the engine, voice and speed.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { syntheticMark, type TextAreaControl } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { BackendRegistry } from '../models/backend-registry.js';
import { findModelBackend } from '../repositories/model-backends.repository.js';
import { insertMedia } from '../repositories/media.repository.js';
import { stageFile } from '../media/staged-file.js';
import { sniffAudio } from '../media/audio-source.js';
import { deriveAudio } from '../media/audio-pipeline.js';
import { espeakNg, ttsServer, type SpeechSynthesizer } from '../media/speech-synthesizers.js';
import { audioTaskData, storeAudio } from '../services/audio-intake.js';
import { requireProject } from '../services/project.service.js';
import type { JobHandler } from './job-handler.js';
import { finishSyntheticImport, insertSyntheticImport, insertSyntheticTasks, storeRunSource, SYNTHETIC_KEY, type SyntheticImport, type SyntheticTask } from './synthetic-output.js';

export const SPEECH_SYNTHESIS_JOB = 'speech-synthesis';

export interface SpeechSynthesisPayload {
  targetProjectId: string;
  audioField: string;
  engine: 'espeak-ng' | 'tts-server';
  backendId?: string;
  voice: string;
  speed: number;
  texts: string[];
}

interface Checkpoint {
  next: number;
  import: SyntheticImport;
  started: boolean;
  finished?: boolean;
}

/** Recordings per step. */
const BATCH = 8;
const MAX_AUDIO_BYTES = 200 * 1024 * 1024;

export function speechSynthesisJobHandler(database: Database, blobs: BlobStore, models: BackendRegistry): JobHandler {
  return {
    kind: SPEECH_SYNTHESIS_JOB,
    async run(run) {
      const payload = run.job.payload as SpeechSynthesisPayload;
      const scope = { orgId: run.job.orgId };
      const cp: Checkpoint = (run.job.checkpoint as Checkpoint | null) ?? { next: 0, import: await storeRunSource(blobs, SPEECH_SYNTHESIS_JOB, run.job, payload), started: false };
      const { project, synthesize, generator } = await database.tenant(scope, async (tx) => {
        const project = await requireProject(tx, payload.targetProjectId);
        if (payload.engine === 'espeak-ng') return { project, synthesize: espeakNg, generator: 'espeak-ng' };
        const row = payload.backendId ? await findModelBackend(tx, payload.backendId) : undefined;
        if (!row) throw new Error('the TTS backend of this run was deleted');
        const synth: SpeechSynthesizer = ttsServer({ url: row.url ?? '', model: row.model ?? '', apiKey: models.apiKeyOf(row) });
        return { project, synthesize: synth, generator: `tts-server:${row.model ?? ''}` };
      });
      const transcriptControl = project.config.controls.find((c): c is TextAreaControl => c.type === 'textarea' && c.toName === payload.audioField);
      const work = await mkdtemp(join(tmpdir(), 'yungang-speech-'));
      try {
        while (cp.next < payload.texts.length) {
          if (run.signal.aborted) throw run.signal.reason instanceof Error ? run.signal.reason : new Error('the job was stopped');
          const texts = payload.texts.slice(cp.next, cp.next + BATCH);
          const made: { task: SyntheticTask; media: Awaited<ReturnType<typeof storeAudio>>['media'] }[] = [];
          for (const [k, text] of texts.entries()) {
            const index = cp.next + k;
            const out = join(work, `${index}.audio`);
            await synthesize({ text, voice: payload.voice, speed: payload.speed }, out, run.signal);
            const staged = await stageFile(createReadStream(out), work, MAX_AUDIO_BYTES);
            const container = await sniffAudio(staged.path);
            if (!container) throw new Error(`the ${payload.engine} engine did not return audio for text ${index}`);
            const derivedDir = await mkdtemp(join(work, 'derived-'));
            const derived = await deriveAudio(staged.path, derivedDir);
            const stored = await storeAudio(blobs, `speech-${index}.${container}`, staged, container, derived);
            const mark = syntheticMark({ generator: `speech-synthesis@1:${generator}`, params: { engine: payload.engine, voice: payload.voice, ...(payload.engine === 'espeak-ng' ? { speed: payload.speed } : {}), text, index }, sourceTaskId: null });
            const data: Record<string, unknown> = {};
            for (const f of project.config.fields) if (f.type === 'text') data[f.name] = '';
            Object.assign(data, { [payload.audioField]: stored.result.url, ...audioTaskData(stored.result), [SYNTHETIC_KEY]: mark });
            const prediction = transcriptControl ? { result: [{ id: `tts-${transcriptControl.name}`, from_name: transcriptControl.name, to_name: payload.audioField, type: 'textarea', value: { text: [text] } }], modelVersion: mark.generator } : undefined;
            made.push({ task: { data, ...(prediction ? { prediction } : {}) }, media: stored.media });
          }
          await run.step(async (tx) => {
            if (!cp.started) await insertSyntheticImport(tx, run.job, payload.targetProjectId, SPEECH_SYNTHESIS_JOB, cp.import);
            cp.started = true;
            const ids = await insertSyntheticTasks(tx, run.job, payload.targetProjectId, cp.import.importId, made.map((m) => m.task));
            for (const [i, m] of made.entries()) {
              const mediaId = await insertMedia(tx, { ...m.media, id: randomUUID(), orgId: run.job.orgId, projectId: payload.targetProjectId, importId: cp.import.importId, createdBy: run.job.createdBy });
              if (mediaId) await tx.updateTable('media').set({ task_id: ids[i]! }).where('id', '=', mediaId).execute();
            }
            cp.next += texts.length;
            return { done: cp.next, total: payload.texts.length, checkpoint: cp, summary: { made: cp.next } };
          });
        }
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      if (!cp.finished) {
        await run.step(async (tx) => {
          if (!cp.started) await insertSyntheticImport(tx, run.job, payload.targetProjectId, SPEECH_SYNTHESIS_JOB, cp.import);
          cp.started = true;
          await finishSyntheticImport(tx, run.job, payload.targetProjectId, SPEECH_SYNTHESIS_JOB, cp.import, { engine: payload.engine, voice: payload.voice });
          cp.finished = true;
          return { done: cp.next, total: payload.texts.length, checkpoint: cp, summary: { made: cp.next } };
        });
      }
      return { targetProjectId: payload.targetProjectId, importId: cp.import.importId, made: cp.next };
    },
  };
}
