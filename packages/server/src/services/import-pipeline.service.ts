import { randomBytes } from 'node:crypto';
import { createPipeline, isAudioOperator, isImageOperator, parsePipelineSpec, ValidationError, type ImportPipelineDto, type LabelConfig, type Pipeline, type PipelineSpec, type ValidationIssue } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { PlacedImageOperator } from '../media/image-stage.js';
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
 * A project's import pipeline (docs/pipelines.md, "On import"). Its text operators run on every JSON, JSONL or
 * CSV import of the project, after each record is read as task data and before it is staged, so dropped
 * records never become tasks and changed ones are stored changed; the uploaded file is kept untouched as the
 * import's source blob, as for every import. Its image operators run on every image that media intake takes
 * (upload, zip, folder, resumable upload): the original is stored untouched, annotators are served the
 * operator output (media-intake.service.ts). Audio operators need a job, so they are refused with their path;
 * so are image-near-dedup (it compares against the whole run; intake already refuses the same file twice by
 * SHA-256) and named keyword lists (give the words inline).
 */
export function checkImportSpec(input: unknown): PipelineSpec {
  const spec = parsePipelineSpec(input);
  const issues = spec.operators.flatMap((op, i): ValidationIssue[] => {
    const path = `spec.operators[${i}]`;
    if (isAudioOperator(op)) return [{ path: `${path}.op`, message: `${op.op} works on recordings and runs in a pipeline run (Preprocessing tab), not on import; an import pipeline takes text and image operators` }];
    if (op.op === 'image-near-dedup') return [{ path: `${path}.op`, message: 'image-near-dedup compares an image with the whole run, so it runs in a pipeline run (Preprocessing tab), not on import; media intake already reports a file the project has as a duplicate' }];
    if (op.op === 'keyword-filter' && op.list !== undefined) return [{ path: `${path}.list`, message: 'an import pipeline has no named word lists: put the words inline with `words`' }];
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return spec;
}

/** An image operator must read an image field of the project (checked when the pipeline is set). */
function checkImageFields(spec: PipelineSpec, config: LabelConfig): void {
  const images = config.fields.filter((f) => f.type === 'image').map((f) => f.name);
  const issues = spec.operators.flatMap((op, i): ValidationIssue[] => {
    if (!isImageOperator(op)) return [];
    if (images.length === 0) return [{ path: `spec.operators[${i}].op`, message: `${op.op} runs on images that media intake takes, and this project has no image field` }];
    if (op.field !== undefined && !images.includes(op.field)) return [{ path: `spec.operators[${i}].field`, message: `"${op.field}" is not an image field of this project; its image fields are ${images.map((n) => `"${n}"`).join(', ')}` }];
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The spec without its image operators: what a JSON, JSONL or CSV import runs. */
function textPart(spec: PipelineSpec): PipelineSpec {
  return { ...spec, operators: spec.operators.filter((op) => !isImageOperator(op)) };
}

/** The project's import pipeline for a text import, built once per import (dedup state spans the whole file), or null when it has no text operators. */
export async function importPipelineOf(tx: Tx, projectId: string): Promise<{ pipeline: Pipeline; spec: PipelineSpec } | null> {
  const stored = await storedOf(tx, projectId);
  if (!stored) return null;
  const spec = textPart(stored.spec);
  if (spec.operators.length === 0) return null;
  return { spec, pipeline: createPipeline(spec, { pseudonymKey: Buffer.from(stored.pseudonymKey, 'hex'), examples: 5 }) };
}

/** The image operators media intake runs on images for `field` (each with its spec position), and when the pipeline was set; null when none. */
export async function importImageOperatorsOf(tx: Tx, projectId: string, field: string, firstImageField: string): Promise<{ operators: PlacedImageOperator[]; updatedAt: string } | null> {
  const stored = await storedOf(tx, projectId);
  if (!stored) return null;
  const operators: PlacedImageOperator[] = [];
  stored.spec.operators.forEach((op, index) => {
    if (isImageOperator(op) && (op.field ?? firstImageField) === field) operators.push({ index, spec: op });
  });
  return operators.length > 0 ? { operators, updatedAt: stored.updatedAt } : null;
}

export class ImportPipelineService {
  constructor(private readonly database: Database) {}

  async get(ctx: TenantContext, projectId: string): Promise<ImportPipelineDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId);
      return dto(await storedOf(tx, projectId));
    });
  }

  /** Sets (or replaces) the import pipeline; the pseudonym key is kept across replacements, so pseudonyms stay stable. */
  async put(ctx: TenantContext, projectId: string, input: unknown): Promise<ImportPipelineDto> {
    requirePermission(ctx, 'project.write');
    const spec = checkImportSpec(input);
    return this.database.tenant(ctx, async (tx) => {
      const project = await requireProject(tx, projectId, { lock: 'update' });
      checkImageFields(spec, project.config);
      const before = await storedOf(tx, projectId);
      const next: StoredImportPipeline = { spec, pseudonymKey: before?.pseudonymKey ?? randomBytes(32).toString('hex'), updatedBy: ctx.caller.email, updatedAt: new Date().toISOString() };
      // The whole spec, so a path names the operator's place in it (image operators pass text through).
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

async function storedOf(tx: Tx, projectId: string): Promise<StoredImportPipeline | null> {
  const row = await tx.selectFrom('projects').select('import_pipeline').where('id', '=', projectId).executeTakeFirst();
  return (row?.import_pipeline ?? null) as StoredImportPipeline | null;
}

function dto(s: StoredImportPipeline | null): ImportPipelineDto {
  return s ? { spec: s.spec, updatedBy: s.updatedBy, updatedAt: s.updatedAt } : { spec: null, updatedBy: null, updatedAt: null };
}
