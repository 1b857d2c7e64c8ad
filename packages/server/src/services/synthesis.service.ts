import { randomInt } from 'node:crypto';
import {
  augmentStepProblems,
  seededRandom,
  ValidationError,
  type AugmentBody,
  type AugmentStep,
  type LabelConfig,
  type SpeechSynthesisBody,
  type SynthesisRunDto,
  type TextSynthesisBody,
} from '@yungang/core';
import type { Database } from '../db/database.js';
import { badRequest, notFound } from '../http/app-error.js';
import { findJob } from '../repositories/jobs.repository.js';
import { findModelBackend } from '../repositories/model-backends.repository.js';
import { AUGMENT_JOB, type AugmentPayload } from '../jobs/augment-job.js';
import { TEXT_SYNTHESIS_JOB, type TextSynthesisPayload } from '../jobs/text-synthesis-job.js';
import { SPEECH_SYNTHESIS_JOB, type SpeechSynthesisPayload } from '../jobs/speech-synthesis-job.js';
import { recordSchemaFor } from '../models/chat-synthesis.js';
import { espeakVoices } from '../media/speech-synthesizers.js';
import { requirePermission, type TenantContext } from './context.js';
import type { JobService } from './job.service.js';
import { requireProject, type ProjectService } from './project.service.js';

type ProjectRow = Awaited<ReturnType<typeof requireProject>>;

/**
 * Synthetic data (docs/augmentation.md): image augmentation of labelled tasks, text from a chat model and
 * speech from text. Each validates its request, picks or creates the target project and queues a durable
 * job; the jobs mark every item they make as synthetic.
 */
export class SynthesisService {
  constructor(
    private readonly database: Database,
    private readonly projects: ProjectService,
    private readonly jobs: JobService,
  ) {}

  async augment(ctx: TenantContext, projectId: string, body: AugmentBody): Promise<SynthesisRunDto> {
    this.requireRights(ctx);
    const issues = body.variants.flatMap((steps, i) => augmentStepProblems(steps as AugmentStep[], `variants[${i}]`));
    if (issues.length > 0) throw new ValidationError(issues);
    const source = await this.database.tenant(ctx, (tx) => requireProject(tx, projectId));
    const imageField = source.config.fields.find((f) => f.type === 'image')?.name;
    if (!imageField) throw badRequest('augmentation works on image projects, and this project has no image field', { path: 'projectId' });
    const seed = body.seed ?? randomInt(0, 2 ** 31);
    let taskIds = await this.database.tenant(ctx, async (tx) => {
      let query = tx.selectFrom('tasks').select('id').where('project_id', '=', projectId).orderBy('id').limit(100_000);
      if (body.taskIds) query = query.where('id', 'in', body.taskIds);
      return (await query.execute()).map((r) => r.id);
    });
    if (body.taskIds && taskIds.length < body.taskIds.length) {
      const missing = body.taskIds.filter((id) => !taskIds.includes(id));
      throw badRequest(`these tasks are not in this project: ${missing.slice(0, 10).join(', ')}`, { path: 'taskIds' });
    }
    if (body.sample !== undefined && body.sample < taskIds.length) taskIds = sampleOf(taskIds, body.sample, seed);
    const target = await this.targetFor(ctx, source, body, 'augmented', (config) => config.fields.some((f) => f.name === imageField && f.type === 'image'), `an image field "${imageField}"`);
    const payload: AugmentPayload = { sourceProjectId: projectId, targetProjectId: target, imageField, variants: body.variants as AugmentStep[][], taskIds, seed, onlyLabelled: body.onlyLabelled ?? true };
    return this.start(ctx, projectId, AUGMENT_JOB, payload, target);
  }

  async synthesizeText(ctx: TenantContext, projectId: string, body: TextSynthesisBody): Promise<SynthesisRunDto> {
    this.requireRights(ctx);
    const source = await this.database.tenant(ctx, (tx) => requireProject(tx, projectId));
    await this.requireBackend(ctx, body.backendId, 'openai');
    const textField = source.config.fields.find((f) => f.type === 'text')?.name;
    if (!textField) throw badRequest('text synthesis needs a text field in the label config', { path: 'projectId' });
    const schema = body.schema ?? recordSchemaFor(source.config).schema;
    const target = await this.targetFor(ctx, source, body, 'synthetic', (config) => config.fields.some((f) => f.name === textField && f.type === 'text'), `a text field "${textField}"`);
    const payload: TextSynthesisPayload = {
      sourceProjectId: projectId,
      targetProjectId: target,
      backendId: body.backendId,
      prompt: body.prompt,
      count: body.count,
      fewShot: body.fewShot ?? 3,
      perRequest: body.perRequest ?? 5,
      temperature: body.temperature ?? 0.9,
      schema,
      nearDuplicateThreshold: body.nearDuplicateThreshold ?? 0.7,
      as: body.as ?? 'predictions',
      seed: body.seed ?? randomInt(0, 2 ** 31),
    };
    return this.start(ctx, projectId, TEXT_SYNTHESIS_JOB, payload, target);
  }

  async synthesizeSpeech(ctx: TenantContext, projectId: string, body: SpeechSynthesisBody): Promise<SynthesisRunDto> {
    this.requireRights(ctx);
    const source = await this.database.tenant(ctx, (tx) => requireProject(tx, projectId));
    const audioField = source.config.fields.find((f) => f.type === 'audio')?.name;
    if (!audioField) throw badRequest('speech synthesis makes audio tasks: use it on a project with an audio field', { path: 'projectId' });
    if (body.engine === 'tts-server') {
      if (!body.backendId) throw badRequest('the tts-server engine needs backendId: a registered OpenAI-compatible backend serving /audio/speech', { path: 'backendId' });
      await this.requireBackend(ctx, body.backendId, 'openai');
    }
    const voice = body.voice ?? (body.engine === 'espeak-ng' ? 'en' : 'alloy');
    if (body.engine === 'espeak-ng') {
      let known: Set<string>;
      try {
        known = await espeakVoices();
      } catch (err) {
        throw badRequest((err as Error).message, { path: 'engine' });
      }
      if (!known.has(voice.toLowerCase())) throw badRequest(`espeak-ng has no voice "${voice}"; use en, or cmn-latn-pinyin for Mandarin (Han characters or pinyin with tone numbers)`, { path: 'voice' });
    }
    const target = await this.targetFor(ctx, source, body, 'speech', (config) => config.fields.some((f) => f.name === audioField && f.type === 'audio'), `an audio field "${audioField}"`, true);
    const payload: SpeechSynthesisPayload = { targetProjectId: target, audioField, engine: body.engine, voice, speed: body.speed ?? 160, texts: body.texts, ...(body.backendId ? { backendId: body.backendId } : {}) };
    return this.start(ctx, projectId, SPEECH_SYNTHESIS_JOB, payload, target);
  }

  private requireRights(ctx: TenantContext): void {
    requirePermission(ctx, 'task.import');
    requirePermission(ctx, 'project.write');
  }

  private async requireBackend(ctx: TenantContext, id: string, kind: string): Promise<void> {
    const row = await this.database.tenant(ctx, (tx) => findModelBackend(tx, id));
    if (!row) throw notFound('model backend');
    if (row.kind !== kind) throw badRequest(`model backend "${row.name}" is a ${row.kind} backend; this needs an OpenAI-compatible one (kind "openai")`, { path: 'backendId' });
  }

  /**
   * The project that receives the output: the named one (it must have the field the output fills), or a
   * new one with the source's label config. `sameProject`: speech may add to the very project it was
   * asked on (it reads nothing from it), so that is its default.
   */
  private async targetFor(ctx: TenantContext, source: ProjectRow, body: { targetProjectId?: string | undefined; targetName?: string | undefined }, suffix: string, fits: (config: LabelConfig) => boolean, needs: string, sameProject = false): Promise<string> {
    const id = body.targetProjectId ?? (sameProject && !body.targetName ? source.id : undefined);
    if (id) {
      const target = await this.database.tenant(ctx, (tx) => requireProject(tx, id));
      if (!fits(target.config)) throw badRequest(`the target project needs ${needs}`, { path: 'targetProjectId' });
      return target.id;
    }
    const created = await this.projects.create(ctx, {
      name: body.targetName ?? `${source.name} · ${suffix}`,
      description: `Synthetic data made from "${source.name}" (${suffix}); every task carries its synthetic mark.`,
      labelConfig: source.config,
      overlap: source.overlap,
      leaseSeconds: source.lease_seconds,
    });
    return created.id;
  }

  private async start(ctx: TenantContext, projectId: string, kind: string, payload: unknown, targetProjectId: string): Promise<SynthesisRunDto> {
    const job = await this.database.tenant(ctx, async (tx) => {
      const id = await this.jobs.enqueue(tx, ctx, { kind, projectId, payload });
      return (await findJob(tx, id))!;
    });
    this.jobs.notify();
    return { job, targetProjectId };
  }
}

/** `n` of `ids`, drawn without replacement by a seeded shuffle, back in id order. */
function sampleOf(ids: string[], n: number, seed: number): string[] {
  const random = seededRandom(seed);
  const copy = [...ids];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}
