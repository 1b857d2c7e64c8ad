import { randomBytes } from 'node:crypto';
import { createPipeline, isAudioOperator, isImageOperator, parsePipelineSpec, ValidationError, type ImportPipelineDto, type Pipeline, type PipelineSpec } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { requirePermission, type TenantContext } from './context.js';
import { requireProject } from './project.service.js';

/** What the project row keeps (0023-import-pipeline); the key never leaves the server. */
interface StoredImportPipeline {
  spec: PipelineSpec;
  pseudonymKey: string;
  updatedBy: string;
  updatedAt: string;
}

/**
 * A project's import pipeline (docs/pipelines.md, "On import"): text operators that every JSON, JSONL or CSV
 * import of the project runs its records through, after each record is read as task data and before it is
 * staged, so dropped records never become tasks and changed ones are stored changed. The uploaded file is kept
 * untouched as the import's source blob, as for every import. Image and audio operators need the media
 * intake and a job, so they are refused here with their path; so are named keyword lists (give the words inline).
 */
export function checkImportSpec(input: unknown): PipelineSpec {
  const spec = parsePipelineSpec(input);
  const issues = spec.operators.flatMap((op, i) => {
    const path = `spec.operators[${i}]`;
    if (isImageOperator(op) || isAudioOperator(op)) return [{ path: `${path}.op`, message: `${op.op} works on media and runs in a pipeline run (Preprocessing tab), not on import; an import pipeline takes text operators only` }];
    if (op.op === 'keyword-filter' && op.list !== undefined) return [{ path: `${path}.list`, message: 'an import pipeline has no named word lists: put the words inline with `words`' }];
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return spec;
}

/** The project's import pipeline, built once per import (dedup state spans the whole file), or null. */
export async function importPipelineOf(tx: Tx, projectId: string): Promise<{ pipeline: Pipeline; spec: PipelineSpec } | null> {
  const row = await tx.selectFrom('projects').select('import_pipeline').where('id', '=', projectId).executeTakeFirst();
  const stored = (row?.import_pipeline ?? null) as StoredImportPipeline | null;
  if (!stored) return null;
  return { spec: stored.spec, pipeline: createPipeline(stored.spec, { pseudonymKey: Buffer.from(stored.pseudonymKey, 'hex'), examples: 5 }) };
}

export class ImportPipelineService {
  constructor(private readonly database: Database) {}

  async get(ctx: TenantContext, projectId: string): Promise<ImportPipelineDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId);
      return dto(await stored(tx, projectId));
    });
  }

  /** Sets (or replaces) the import pipeline; the pseudonym key is kept across replacements, so pseudonyms stay stable. */
  async put(ctx: TenantContext, projectId: string, input: unknown): Promise<ImportPipelineDto> {
    requirePermission(ctx, 'project.write');
    const spec = checkImportSpec(input);
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId, { lock: 'update' });
      const before = await stored(tx, projectId);
      const next: StoredImportPipeline = { spec, pseudonymKey: before?.pseudonymKey ?? randomBytes(32).toString('hex'), updatedBy: ctx.caller.email, updatedAt: new Date().toISOString() };
      createPipeline(spec, { pseudonymKey: Buffer.from(next.pseudonymKey, 'hex') });
      await tx.updateTable('projects').set({ import_pipeline: JSON.stringify(next) }).where('id', '=', projectId).execute();
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.import_pipeline.set', objectType: 'project', objectId: projectId, details: { spec } });
      return dto(next);
    });
  }

  async remove(ctx: TenantContext, projectId: string): Promise<ImportPipelineDto> {
    requirePermission(ctx, 'project.write');
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId, { lock: 'update' });
      await tx.updateTable('projects').set({ import_pipeline: null }).where('id', '=', projectId).execute();
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.import_pipeline.remove', objectType: 'project', objectId: projectId, details: {} });
      return dto(null);
    });
  }
}

async function stored(tx: Tx, projectId: string): Promise<StoredImportPipeline | null> {
  const row = await tx.selectFrom('projects').select('import_pipeline').where('id', '=', projectId).executeTakeFirst();
  return (row?.import_pipeline ?? null) as StoredImportPipeline | null;
}

function dto(s: StoredImportPipeline | null): ImportPipelineDto {
  return s ? { spec: s.spec, updatedBy: s.updatedBy, updatedAt: s.updatedAt } : { spec: null, updatedBy: null, updatedAt: null };
}
