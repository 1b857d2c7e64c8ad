/**
 * Text synthesis (docs/augmentation.md, "Text synthesis"): asks a registered OpenAI-compatible chat backend
 * for records matching a JSON schema, with few-shot examples drawn from the project's accepted labels,
 * drops exact and near duplicates (core pipeline operators) of the project's existing data, of the target's
 * and of each other, and adds the rest as new tasks, each marked synthetic with generator, model, prompt
 * hash and parameters; the generated label becomes a prediction. One chat call per step: a crash redoes at
 * most one call, and dedup state is rebuilt from the stored tasks on resume.
 */
import { createHash } from 'node:crypto';
import { createPipeline, seededRandom, syntheticMark, type Pipeline } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { BackendRegistry } from '../models/backend-registry.js';
import { findModelBackend } from '../repositories/model-backends.repository.js';
import { generateRecords, recordSchemaFor, renderPrompt, type ChatEndpoint } from '../models/chat-synthesis.js';
import type { JobHandler } from './job-handler.js';
import { finishSyntheticImport, insertSyntheticImport, insertSyntheticTasks, storeRunSource, SYNTHETIC_KEY, type SyntheticImport, type SyntheticTask } from './synthetic-output.js';
import { requireProject } from '../services/project.service.js';

export const TEXT_SYNTHESIS_JOB = 'text-synthesis';
export const TEXT_SYNTHESIS_GENERATOR = 'chat-synthesis@1';

export interface TextSynthesisPayload {
  sourceProjectId: string;
  targetProjectId: string;
  backendId: string;
  prompt: string;
  count: number;
  fewShot: number;
  perRequest: number;
  temperature: number;
  schema: Record<string, unknown>;
  nearDuplicateThreshold: number;
  as: 'predictions' | 'data';
  seed: number;
}

interface Checkpoint {
  calls: number;
  made: number;
  duplicates: number;
  invalid: number;
  import: SyntheticImport;
  started: boolean;
  finished?: boolean;
  examples: { text: string; reason: string }[];
}

const SYSTEM = 'You write new, varied training examples for a data labelling project. Answer only with JSON matching the schema. Never repeat an example you were shown.';

/** Texts of a project, in id order (dedup seeds). */
async function* projectTexts(database: Database, scope: { orgId: string }, projectId: string, field: string): AsyncGenerator<string> {
  let after: string | null = null;
  for (;;) {
    const batch: { id: string; data: Record<string, unknown> }[] = await database.tenant(scope, (tx) => {
      let query = tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).orderBy('id').limit(2_000);
      if (after !== null) query = query.where('id', '>', after);
      return query.execute();
    });
    if (batch.length === 0) return;
    for (const task of batch) if (typeof task.data[field] === 'string') yield task.data[field];
    after = batch[batch.length - 1]!.id;
  }
}

/** Few-shot candidates: texts with the label people gave them, accepted annotations first. */
async function labelledExamples(tx: Tx, projectId: string, textField: string, controlName: string | undefined): Promise<{ taskId: string; record: Record<string, unknown> }[]> {
  const rows = await tx
    .selectFrom('annotations')
    .innerJoin('annotation_versions', (j) => j.onRef('annotation_versions.annotation_id', '=', 'annotations.id').onRef('annotation_versions.version', '=', 'annotations.version'))
    .innerJoin('tasks', 'tasks.id', 'annotations.task_id')
    .select(['tasks.id', 'tasks.data', 'annotations.review_status', 'annotation_versions.result'])
    .where('annotations.project_id', '=', projectId)
    .where('annotations.review_status', '!=', 'rejected')
    .orderBy('tasks.id')
    .limit(1_000)
    .execute();
  const accepted = rows.filter((r) => r.review_status === 'accepted');
  const out: { taskId: string; record: Record<string, unknown> }[] = [];
  const seen = new Set<string>();
  for (const row of accepted.length > 0 ? accepted : rows) {
    const text = row.data[textField];
    if (typeof text !== 'string' || seen.has(row.id)) continue;
    const item = (row.result as { from_name?: string; type?: string; value?: { choices?: unknown[] } }[]).find((r) => r.type === 'choices' && r.from_name === controlName);
    const label = item?.value?.choices?.[0];
    if (controlName && typeof label !== 'string') continue;
    seen.add(row.id);
    out.push({ taskId: row.id, record: { [textField]: text, ...(typeof label === 'string' ? { label } : {}) } });
  }
  return out;
}

export function textSynthesisJobHandler(database: Database, blobs: BlobStore, models: BackendRegistry): JobHandler {
  return {
    kind: TEXT_SYNTHESIS_JOB,
    async run(run) {
      const payload = run.job.payload as TextSynthesisPayload;
      const scope = { orgId: run.job.orgId };
      const cp: Checkpoint = (run.job.checkpoint as Checkpoint | null) ?? { calls: 0, made: 0, duplicates: 0, invalid: 0, import: await storeRunSource(blobs, TEXT_SYNTHESIS_JOB, run.job, payload), started: false, examples: [] };
      const { project, endpoint, examples } = await database.tenant(scope, async (tx) => {
        const project = await requireProject(tx, payload.sourceProjectId);
        const row = await findModelBackend(tx, payload.backendId);
        if (!row) throw new Error('the model backend of this run was deleted');
        const endpoint: ChatEndpoint = { url: row.url ?? '', model: row.model ?? '', apiKey: models.apiKeyOf(row) };
        const shape = recordSchemaFor(project.config);
        return { project, endpoint, examples: await labelledExamples(tx, payload.sourceProjectId, shape.textField, shape.control?.name) };
      });
      const shape = recordSchemaFor(project.config);
      const textField = shape.textField;
      const labels = shape.control?.options.map((o) => o.value) ?? [];
      const promptSha256 = createHash('sha256').update(payload.prompt).digest('hex');

      // Exact and near-duplicate state over everything that exists: the source, the target (with what this run added before a crash).
      const dedup: Pipeline = createPipeline({ operators: [{ op: 'exact-dedup', field: textField }, { op: 'near-dedup', field: textField, threshold: payload.nearDuplicateThreshold }] });
      for await (const text of projectTexts(database, scope, payload.sourceProjectId, textField)) dedup.process({ [textField]: text });
      if (payload.targetProjectId !== payload.sourceProjectId) for await (const text of projectTexts(database, scope, payload.targetProjectId, textField)) dedup.process({ [textField]: text });

      // A model that keeps repeating itself must not loop for ever: at most four times the calls a clean run needs.
      const maxCalls = Math.ceil(payload.count / payload.perRequest) * 4 + 2;
      const summary = () => ({ made: cp.made, calls: cp.calls, duplicates: cp.duplicates, invalid: cp.invalid, examples: cp.examples });
      while (cp.made < payload.count && cp.calls < maxCalls) {
        if (run.signal.aborted) throw run.signal.reason instanceof Error ? run.signal.reason : new Error('the job was stopped');
        const random = seededRandom((payload.seed + cp.calls * 7919) >>> 0);
        // A seeded partial Fisher–Yates shuffle: different examples per call, the same ones on a rerun.
        const pool = [...examples];
        for (let i = 0; i < Math.min(payload.fewShot, pool.length); i++) {
          const j = i + Math.floor(random() * (pool.length - i));
          [pool[i], pool[j]] = [pool[j]!, pool[i]!];
        }
        const shots = pool.slice(0, payload.fewShot);
        const ask = Math.min(payload.perRequest, payload.count - cp.made);
        const user = renderPrompt(payload.prompt, {
          count: String(ask),
          examples: shots.map((s) => JSON.stringify(s.record)).join('\n'),
          labels: labels.join(', '),
          project: project.name,
        });
        const records = await generateRecords(endpoint, { system: SYSTEM, user, schema: payload.schema, count: ask, temperature: payload.temperature, seed: (payload.seed + cp.calls) >>> 0 }, run.signal);
        const call = cp.calls;
        const tasks: SyntheticTask[] = [];
        const notes: { text: string; reason: string }[] = [];
        let duplicates = 0;
        let invalid = 0;
        for (const record of records) {
          if (cp.made + tasks.length >= payload.count) break;
          const text = record[textField];
          const label = record.label;
          if (typeof text !== 'string' || text.trim() === '' || (labels.length > 0 && payload.as === 'predictions' && (typeof label !== 'string' || !labels.includes(label)))) {
            invalid++;
            notes.push({ text: JSON.stringify(record).slice(0, 200), reason: 'does not match the record schema' });
            continue;
          }
          const outcome = dedup.process({ [textField]: text });
          if (outcome.status === 'dropped') {
            duplicates++;
            notes.push({ text: text.slice(0, 200), reason: outcome.droppedBy.reason });
            continue;
          }
          const mark = syntheticMark({
            generator: TEXT_SYNTHESIS_GENERATOR,
            params: { backendId: payload.backendId, model: endpoint.model, promptSha256, temperature: payload.temperature, call, seed: payload.seed, fewShotTaskIds: shots.map((s) => s.taskId), ...(typeof label === 'string' ? { label } : {}) },
            sourceTaskId: null,
          });
          const data: Record<string, unknown> = {};
          for (const f of project.config.fields) if (f.type === 'text') data[f.name] = '';
          Object.assign(data, { [textField]: text, [SYNTHETIC_KEY]: mark });
          const prediction = shape.control && payload.as === 'predictions' && typeof label === 'string' ? { result: [{ id: 'synthetic-label', from_name: shape.control.name, to_name: textField, type: 'choices', value: { choices: [label] } }], modelVersion: `${TEXT_SYNTHESIS_GENERATOR}:${endpoint.model}` } : undefined;
          tasks.push({ data, ...(prediction ? { prediction } : {}) });
        }
        await run.step(async (tx) => {
          if (!cp.started) await insertSyntheticImport(tx, run.job, payload.targetProjectId, TEXT_SYNTHESIS_JOB, cp.import);
          cp.started = true;
          await insertSyntheticTasks(tx, run.job, payload.targetProjectId, cp.import.importId, tasks);
          cp.calls++;
          cp.made += tasks.length;
          cp.duplicates += duplicates;
          cp.invalid += invalid;
          cp.examples = [...cp.examples, ...notes].slice(0, 10);
          return { done: cp.made, total: payload.count, checkpoint: cp, summary: summary() };
        });
      }
      if (!cp.finished) {
        await run.step(async (tx) => {
          if (!cp.started) await insertSyntheticImport(tx, run.job, payload.targetProjectId, TEXT_SYNTHESIS_JOB, cp.import);
          cp.started = true;
          await finishSyntheticImport(tx, run.job, payload.targetProjectId, TEXT_SYNTHESIS_JOB, cp.import, { sourceProjectId: payload.sourceProjectId, backendId: payload.backendId, promptSha256 });
          cp.finished = true;
          return { done: cp.made, total: payload.count, checkpoint: cp, summary: summary() };
        });
      }
      return { targetProjectId: payload.targetProjectId, importId: cp.import.importId, made: cp.made, calls: cp.calls, duplicates: cp.duplicates, invalid: cp.invalid };
    },
  };
}
