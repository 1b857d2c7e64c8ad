import { randomBytes } from 'node:crypto';
import { createPipeline, dryRun, parsePipelineSpec, type PipelineDryRunBody, type PipelineDryRunDto, type PipelineRunBody, type PipelineRunDto, type PipelineSpec } from '@yungang/core';
import type { Database } from '../db/database.js';
import { findJob } from '../repositories/jobs.repository.js';
import { PIPELINE_JOB, type PipelinePayload } from '../jobs/pipeline-job.js';
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
  ) {}

  async dryRun(ctx: TenantContext, projectId: string, body: PipelineDryRunBody): Promise<PipelineDryRunDto> {
    requirePermission(ctx, 'task.read');
    const spec = parsePipelineSpec(body.spec);
    const tasks = await this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId);
      return tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).orderBy('id').limit(body.sample ?? 50).execute();
    });
    // The sample is only read: no pseudonym key worth keeping, a fresh one per dry run.
    const result = dryRun(spec, tasks.map((t) => t.data), { pseudonymKey: randomBytes(32), ...(body.wordLists ? { wordLists: body.wordLists } : {}) });
    return {
      stats: result.stats,
      records: result.records.map((r, i) => ({
        taskId: tasks[i]!.id,
        status: r.status,
        before: tasks[i]!.data,
        after: r.record,
        ...(r.status === 'dropped' ? { droppedBy: r.droppedBy } : {}),
      })),
    };
  }

  async run(ctx: TenantContext, projectId: string, body: PipelineRunBody): Promise<PipelineRunDto> {
    requirePermission(ctx, 'task.import');
    requirePermission(ctx, 'project.write');
    const spec: PipelineSpec = parsePipelineSpec(body.spec);
    const pseudonymKey = randomBytes(32);
    // Building it checks what parsing cannot: named word lists exist, pseudonymisation has its key.
    createPipeline(spec, { pseudonymKey, ...(body.wordLists ? { wordLists: body.wordLists } : {}) });
    const source = await this.database.tenant(ctx, (tx) => requireProject(tx, projectId));
    const target = await this.projects.create(ctx, {
      name: body.targetName ?? `${source.name} · cleaned`,
      description: `Output of a preprocessing pipeline over "${source.name}" (${spec.name ?? `${spec.operators.length} operators`}).`,
      labelConfig: source.config,
      overlap: source.overlap,
      leaseSeconds: source.lease_seconds,
    });
    const payload: PipelinePayload = { sourceProjectId: projectId, targetProjectId: target.id, spec, pseudonymKey: pseudonymKey.toString('hex'), ...(body.wordLists ? { wordLists: body.wordLists } : {}) };
    const job = await this.database.tenant(ctx, async (tx) => {
      const id = await this.jobs.enqueue(tx, ctx, { kind: PIPELINE_JOB, projectId, payload });
      return (await findJob(tx, id))!;
    });
    this.jobs.notify();
    return { job, targetProjectId: target.id };
  }
}
