import type { Readable } from 'node:stream';
import type { ExportJobResult, JobDto, StartExportBody } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import { isUuid } from '../db/ids.js';
import { badRequest, conflict, notFound } from '../http/app-error.js';
import { EXPORT_JOB, type ExportJobPayload } from '../jobs/export-job.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { findJob } from '../repositories/jobs.repository.js';
import { requirePermission, type TenantContext } from './context.js';
import type { JobService } from './job.service.js';
import { requireProject } from './project.service.js';

/**
 * Exports as background jobs (docs/jobs.md, "Exports"): start one for any format, follow its progress
 * like any job, and download the file it wrote. For large projects, where a streamed download would hold
 * a browser connection for minutes.
 */
export class ExportJobService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
    private readonly jobs: JobService,
  ) {}

  async start(ctx: TenantContext, projectId: string, body: StartExportBody): Promise<JobDto> {
    requirePermission(ctx, 'project.export');
    if (body.files !== undefined && body.format !== 'hf') throw badRequest(`files applies to the hf export only; ${body.format} has no such choice`, { path: 'files' });
    const job = await this.database.tenant(ctx, async (tx) => {
      const project = await requireProject(tx, projectId);
      const tasks = await tx.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('project_id', '=', project.id).executeTakeFirstOrThrow();
      const payload: ExportJobPayload = body.files === undefined ? { format: body.format } : { format: body.format, files: body.files };
      const id = await this.jobs.enqueue(tx, ctx, { kind: EXPORT_JOB, projectId: project.id, payload, total: Number(tasks.n) });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export.start', objectType: 'project', objectId: project.id, details: { jobId: id, ...payload } });
      return (await findJob(tx, id))!;
    });
    this.jobs.notify();
    return job;
  }

  /** The file a finished export job wrote; 404 for another kind of job, 409 while it is not finished. */
  async file(ctx: TenantContext, jobId: string): Promise<{ result: ExportJobResult; body: Readable }> {
    requirePermission(ctx, 'project.export');
    const result = await this.database.tenant(ctx, async (tx) => {
      const job = isUuid(jobId) ? await findJob(tx, jobId) : undefined;
      if (!job || job.kind !== EXPORT_JOB) throw notFound('export job', { id: jobId });
      if (job.status !== 'succeeded') throw conflict(`the export job is ${job.status}${job.error ? ` (${job.error})` : ''}; its file can be downloaded once it has succeeded`);
      const r = job.result as ExportJobResult;
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: job.projectId, details: { jobId, sha256: r.sha256, fileName: r.fileName } });
      return r;
    });
    const body = await this.blobs.get(result.sha256);
    if (!body) throw notFound('export file (its blob is missing from the store)', { sha256: result.sha256 });
    return { result, body };
  }
}
