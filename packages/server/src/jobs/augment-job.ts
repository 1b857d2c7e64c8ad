/**
 * Image augmentation of labelled tasks (docs/augmentation.md, "Augmenting a project"): for each chosen
 * source task and each requested variant, the image is transformed (media/image-ops.ts) and its labels are
 * moved by the very same transform list with core's augmentResultChain; the new image is a new blob with
 * a media row in the target project, the moved labels a prediction of `image-augment@1`, and the task
 * carries the synthetic mark (generator, transforms with seeds, source task and image). Source tasks and
 * their images are never changed.
 */
import {
  augmentResultChain,
  IMAGE_AUGMENT_GENERATOR,
  resolveAugmentSteps,
  syntheticMark,
  ValidationError,
  type AnnotationResult,
  type AugmentStep,
  type ImageTransform,
} from '@yungang/core';
import type { Database } from '../db/database.js';
import { labelsOfTask } from '../repositories/task-labels.repository.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { applyImageTransforms } from '../media/image-ops.js';
import { insertDerivedMedia, loadTaskImage, mediaUrlOf, storeDerivedImage, type StoredDerivedImage } from '../media/derived-image.js';
import type { JobHandler } from './job-handler.js';
import { finishSyntheticImport, insertSyntheticImport, insertSyntheticTasks, storeRunSource, SYNTHETIC_KEY, type SyntheticImport, type SyntheticTask } from './synthetic-output.js';

export const AUGMENT_JOB = 'augment';

export interface AugmentPayload {
  sourceProjectId: string;
  targetProjectId: string;
  imageField: string;
  variants: AugmentStep[][];
  /** The chosen source tasks, in order (filter and sample resolved when the job was queued). */
  taskIds: string[];
  seed: number;
  onlyLabelled: boolean;
}

interface Checkpoint {
  next: number;
  made: number;
  skipped: number;
  import: SyntheticImport;
  finished?: boolean;
  examples: string[];
}

/** Source tasks per step: each costs a decode and an encode per variant. */
const BATCH = 4;

/** A number from the run seed, the task and the variant, so each copy's noise differs and is reproducible. */
function copySeed(seed: number, taskId: string, variant: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const c of `${taskId}:${variant}`) h = (Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0) as number;
  return h;
}

export function augmentJobHandler(database: Database, blobs: BlobStore): JobHandler {
  return {
    kind: AUGMENT_JOB,
    async run(run) {
      const payload = run.job.payload as AugmentPayload;
      const scope = { orgId: run.job.orgId };
      const total = payload.taskIds.length * payload.variants.length;
      const saved = run.job.checkpoint as Checkpoint | null;
      const cp: Checkpoint = saved ?? { next: 0, made: 0, skipped: 0, import: await storeRunSource(blobs, AUGMENT_JOB, run.job, payload), examples: [] };
      const summary = () => ({ made: cp.made, skipped: cp.skipped, examples: cp.examples });
      while (cp.next < payload.taskIds.length) {
        if (run.signal.aborted) throw run.signal.reason instanceof Error ? run.signal.reason : new Error('the job was stopped');
        const ids = payload.taskIds.slice(cp.next, cp.next + BATCH);
        // Read in one short transaction, transform outside any (blobs are content-addressed: a redone batch stores nothing twice).
        const sources = await database.tenant(scope, async (tx) => {
          const tasks = await tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', payload.sourceProjectId).where('id', 'in', ids).orderBy('id').execute();
          return Promise.all(tasks.map(async (task) => ({ task, image: await loadTaskImage(tx, blobs, task.data[payload.imageField]), labels: await labelsOfTask(tx, task.id) })));
        });
        const made: { task: SyntheticTask; derived: StoredDerivedImage }[] = [];
        // Tasks deleted since the job was queued are skipped.
        let skipped = (ids.length - sources.length) * payload.variants.length;
        const notes: string[] = [];
        for (const { task, image, labels } of sources) {
          if (!image || (payload.onlyLabelled && !labels)) {
            skipped += payload.variants.length;
            notes.push(`task ${task.id}: ${!image ? 'no stored image in this organisation' : 'no labels'}`);
            continue;
          }
          const size = { width: image.width, height: image.height };
          for (const [v, steps] of payload.variants.entries()) {
            let transforms: ImageTransform[];
            let moved: AnnotationResult = [];
            try {
              transforms = resolveAugmentSteps(steps, size, copySeed(payload.seed, task.id, v));
              if (labels) moved = augmentResultChain(labels.result, transforms, size).result;
            } catch (err) {
              if (!(err instanceof ValidationError)) throw err;
              skipped++;
              notes.push(`task ${task.id} variant ${v}: ${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
              continue;
            }
            const pixels = await applyImageTransforms(image.bytes, transforms);
            const derived = await storeDerivedImage(blobs, pixels.png);
            const mark = syntheticMark({ generator: IMAGE_AUGMENT_GENERATOR, params: { transforms, steps, variant: v, sourceSha256: image.sourceSha256, ...(labels ? { labelsFrom: labels.from } : {}) }, sourceTaskId: task.id });
            const data: Record<string, unknown> = { ...task.data, [payload.imageField]: mediaUrlOf(derived.sha256), [SYNTHETIC_KEY]: mark };
            if (typeof task.data.width === 'number' && typeof task.data.height === 'number') Object.assign(data, { width: pixels.width, height: pixels.height });
            made.push({ task: { data, ...(moved.length > 0 ? { prediction: { result: moved, modelVersion: IMAGE_AUGMENT_GENERATOR } } : {}) }, derived });
          }
        }
        await run.step(async (tx) => {
          if (cp.next === 0 && !saved) await insertSyntheticImport(tx, run.job, payload.targetProjectId, AUGMENT_JOB, cp.import);
          const taskIds = await insertSyntheticTasks(tx, run.job, payload.targetProjectId, cp.import.importId, made.map((m) => m.task));
          for (const [i, m] of made.entries()) await insertDerivedMedia(tx, m.derived, { orgId: run.job.orgId, projectId: payload.targetProjectId, createdBy: run.job.createdBy, importId: cp.import.importId, taskId: taskIds[i]!, name: `augment-${taskIds[i]}.png` });
          cp.next += ids.length;
          cp.made += made.length;
          cp.skipped += skipped;
          cp.examples = [...cp.examples, ...notes].slice(0, 10);
          return { done: cp.next * payload.variants.length, total, checkpoint: cp, summary: summary() };
        });
      }
      if (!cp.finished) {
        await run.step(async (tx) => {
          if (cp.next === 0 && !saved) await insertSyntheticImport(tx, run.job, payload.targetProjectId, AUGMENT_JOB, cp.import);
          await finishSyntheticImport(tx, run.job, payload.targetProjectId, AUGMENT_JOB, cp.import, { sourceProjectId: payload.sourceProjectId, variants: payload.variants.length });
          cp.finished = true;
          return { done: total, total, checkpoint: cp, summary: summary() };
        });
      }
      return { targetProjectId: payload.targetProjectId, importId: cp.import.importId, made: cp.made, skipped: cp.skipped };
    },
  };
}
