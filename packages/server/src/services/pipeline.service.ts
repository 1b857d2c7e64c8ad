import { randomBytes } from 'node:crypto';
import { createPipeline, isAudioOperator, isImageOperator, parsePipelineSpec, splitRun, ValidationError, type LabelConfig, type PipelineDryRunBody, type PipelineDryRunDto, type PipelineRunBody, type PipelineRunDto, type PipelineSpec } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { loadTaskImage, previewDataUrl } from '../media/derived-image.js';
import { SpecRunner, type AudioSource, type RecordOutcome } from '../jobs/pipeline-record.js';
import { copyBlobToFile, findTaskAudio } from '../media/derived-audio.js';
import type { AudioInfo } from '../media/audio-measure.js';
import type { Database, Tx } from '../db/database.js';
import { findJob } from '../repositories/jobs.repository.js';
import { PIPELINE_JOB, type PipelinePayload } from '../jobs/pipeline-job.js';
import { PIPELINE_SHARD_JOB, type PipelineShardPayload } from '../jobs/pipeline-shard-job.js';
import { requirePermission, type TenantContext } from './context.js';
import type { JobService } from './job.service.js';
import { requireProject, type ProjectService } from './project.service.js';

/**
 * Preprocessing pipelines over a project's tasks (docs/pipelines.md): a dry run shows what each operator
 * would do to a sample; a run is a durable job whose output becomes a new project, the source untouched.
 */
export class PipelineService {
  constructor(
    private readonly database: Database,
    private readonly projects: ProjectService,
    private readonly jobs: JobService,
    private readonly blobs: BlobStore,
  ) {}

  async dryRun(ctx: TenantContext, projectId: string, body: PipelineDryRunBody): Promise<PipelineDryRunDto> {
    requirePermission(ctx, 'task.read');
    const spec = parsePipelineSpec(body.spec);
    const project = await this.database.tenant(ctx, (tx) => requireProject(tx, projectId));
    // Audio first: it reports a spec mixing audio and image operators before the image check refuses the field.
    const audioField = resolveMediaField(spec, project.config, 'audio');
    const imageField = resolveMediaField(spec, project.config, 'image');
    // The sample is only read: no pseudonym key worth keeping, a fresh one per dry run.
    const runner = new SpecRunner(spec, imageField, { examples: 5, pseudonymKey: randomBytes(32), ...(body.wordLists ? { wordLists: body.wordLists } : {}) }, audioField);
    // Images and recordings are decoded (and previewed) here, in the request: a smaller sample keeps it quick.
    const sample = runner.hasImageOperators || runner.hasAudioOperators ? Math.min(body.sample ?? 12, MAX_IMAGE_SAMPLE) : (body.sample ?? 50);
    const { tasks, images, audio } = await this.database.tenant(ctx, async (tx) => {
      const tasks = await tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).orderBy('id').limit(sample).execute();
      const images = runner.hasImageOperators ? await Promise.all(tasks.map((t) => loadTaskImage(tx, this.blobs, t.data[runner.stage.field]))) : [];
      const audio = runner.hasAudioOperators ? await Promise.all(tasks.map((t) => findTaskAudio(tx, t.data[runner.audioStage.field]))) : [];
      return { tasks, images, audio };
    });
    const records: PipelineDryRunDto['records'] = [];
    for (const [i, task] of tasks.entries()) {
      const image = images[i];
      const found = audio[i];
      const source: AudioSource | undefined = found ? { ...found, read: (path) => copyBlobToFile(this.blobs, found.sourceSha256, path) } : undefined;
      const out = await runner.process(task.data, image, null, `task ${task.id}`, undefined, source);
      const record: PipelineDryRunDto['records'][number] = { taskId: task.id, status: out.status, before: task.data, after: out.record, ...(out.droppedBy ? { droppedBy: out.droppedBy } : {}) };
      if (out.audio) record.audio = dryRunAudio(runner.audioStage.field, out);
      if (image && out.image) {
        record.image = {
          field: runner.stage.field,
          before: await previewDataUrl(image.bytes),
          after: out.image.status === 'changed' ? await previewDataUrl(out.image.bytes) : null,
          ...(out.image.status !== 'dropped' ? { width: out.image.width, height: out.image.height } : {}),
          scores: out.image.scores,
        };
      }
      records.push(record);
    }
    return { stats: runner.stats(), records };
  }

  async run(ctx: TenantContext, projectId: string, body: PipelineRunBody): Promise<PipelineRunDto> {
    requirePermission(ctx, 'task.import');
    requirePermission(ctx, 'project.write');
    const spec: PipelineSpec = parsePipelineSpec(body.spec);
    const pseudonymKey = randomBytes(32);
    const source = await this.database.tenant(ctx, (tx) => requireProject(tx, projectId));
    // Audio first: it reports a spec mixing audio and image operators before the image check refuses the field.
    const audioField = resolveMediaField(spec, source.config, 'audio');
    const imageField = resolveMediaField(spec, source.config, 'image');
    // Building it checks what parsing cannot: named word lists exist, pseudonymisation has its key.
    createPipeline(spec, { pseudonymKey, ...(body.wordLists ? { wordLists: body.wordLists } : {}) });
    const split = splitRun(spec, body.shards ?? 1);
    const target = await this.projects.create(ctx, {
      name: body.targetName ?? `${source.name} · cleaned`,
      description: `Output of a preprocessing pipeline over "${source.name}" (${spec.name ?? `${spec.operators.length} operators`}).`,
      labelConfig: source.config,
      overlap: source.overlap,
      leaseSeconds: source.lease_seconds,
    });
    const payload: PipelinePayload = { sourceProjectId: projectId, targetProjectId: target.id, spec, pseudonymKey: pseudonymKey.toString('hex'), ...(imageField ? { imageField } : {}), ...(audioField ? { audioField } : {}), ...(body.wordLists ? { wordLists: body.wordLists } : {}) };
    const job = await this.database.tenant(ctx, async (tx) => {
      // A split run: the shards' task ranges are fixed now, by position, so they hold equal shares.
      const starts = (body.shards ?? 1) > 1 ? await shardStarts(tx, projectId, body.shards!) : [];
      if (starts.length === 0) return (await findJob(tx, await this.jobs.enqueue(tx, ctx, { kind: PIPELINE_JOB, projectId, payload })))!;
      const shards = starts.length + 1;
      const id = await this.jobs.enqueue(tx, ctx, { kind: PIPELINE_JOB, projectId, payload: { ...payload, shards } satisfies PipelinePayload, total: await countTasks(tx, projectId) });
      for (let index = 0; index < shards; index++) {
        const shard: PipelineShardPayload = { parentJobId: id, index, shards, sourceProjectId: projectId, targetProjectId: target.id, from: starts[index - 1] ?? null, until: starts[index] ?? null, spec, parallel: split.parallel, pseudonymKey: payload.pseudonymKey, ...(imageField ? { imageField } : {}), ...(audioField ? { audioField } : {}), ...(body.wordLists ? { wordLists: body.wordLists } : {}) };
        await this.jobs.enqueue(tx, ctx, { kind: PIPELINE_SHARD_JOB, projectId, payload: shard, parentId: id });
      }
      return (await findJob(tx, id))!;
    });
    this.jobs.notify();
    return { job, targetProjectId: target.id };
  }
}

async function countTasks(tx: Tx, projectId: string): Promise<number> {
  const row = await tx.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The first task id of each shard after the first (ascending ids cut into `shards` near-equal parts), fewer
 * when the project has fewer tasks than shards: empty when the run should not split at all.
 */
async function shardStarts(tx: Tx, projectId: string, shards: number): Promise<string[]> {
  const count = await countTasks(tx, projectId);
  const parts = Math.min(shards, count);
  const starts: string[] = [];
  for (let k = 1; k < parts; k++) {
    const row = await tx.selectFrom('tasks').select('id').where('project_id', '=', projectId).orderBy('id').offset(Math.floor((k * count) / parts)).limit(1).executeTakeFirst();
    if (row) starts.push(row.id);
  }
  return starts;
}

/** Images a dry run decodes at most. */
const MAX_IMAGE_SAMPLE = 24;

/**
 * The field a spec's media operators of one kind read: all of them one field of that type in the label config
 * (default the first such field). Undefined when the spec has none of them. A spec holds image or audio
 * operators, not both (a project's images and recordings are cleaned by separate runs).
 */
function resolveMediaField(spec: PipelineSpec, config: LabelConfig, kind: 'image' | 'audio'): string | undefined {
  const fields = config.fields.filter((f) => f.type === kind).map((f) => f.name);
  const ofKind = kind === 'image' ? isImageOperator : isAudioOperator;
  let chosen: string | undefined;
  const issues: { path: string; message: string }[] = [];
  const firstImage = kind === 'audio' ? spec.operators.findIndex((op) => isImageOperator(op)) : -1;
  spec.operators.forEach((op, i) => {
    if (!ofKind(op)) return;
    if (firstImage >= 0) return void issues.push({ path: `operators[${i}].op`, message: `a pipeline holds image operators or audio operators, not both (operators[${firstImage}] is ${spec.operators[firstImage]!.op}); run them as two pipelines` });
    const field = op.field ?? fields[0];
    if (field === undefined) return void issues.push({ path: `operators[${i}].op`, message: `${op.op} needs an ${kind} field, and this project's label config has none; use it on an ${kind} project` });
    if (!fields.includes(field)) return void issues.push({ path: `operators[${i}].field`, message: `"${field}" is not an ${kind} field of this project; its ${kind} fields are ${fields.map((f) => `"${f}"`).join(', ')}` });
    if (chosen !== undefined && chosen !== field) return void issues.push({ path: `operators[${i}].field`, message: `${kind} operators of one pipeline read one ${kind} field; the first one reads "${chosen}"` });
    chosen = field;
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return chosen;
}

type DryRunAudio = NonNullable<PipelineDryRunDto['records'][number]['audio']>;

function audioFormat(info: AudioInfo): DryRunAudio['before'] {
  return { container: info.container, codec: info.codec, sampleRate: info.sampleRate, channels: info.channels, ...(info.duration !== undefined ? { duration: Math.round(info.duration * 1000) / 1000 } : {}) };
}

/** Before and after of a record's recording in a dry run: formats, what changed it, where utterances lie, the measures. */
function dryRunAudio(field: string, out: RecordOutcome): DryRunAudio {
  const stage = out.audio!;
  const before = stage.before ? audioFormat(stage.before) : null;
  if (stage.status === 'dropped') return { field, before, after: [], scores: { ...stage.scores } };
  return {
    field,
    before,
    after: stage.pieces.map((p) => ({ ...(p.info ? audioFormat(p.info) : {}), changedBy: p.changedBy, ...(p.span ? { start: p.span.start, end: p.span.end } : {}) })),
    scores: { ...(stage.pieces[0]?.scores ?? {}) },
  };
}
