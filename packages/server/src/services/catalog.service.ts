import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import {
  indexTokens,
  tsQueryText,
  widensAudience,
  type CatalogCardChangeResultDto,
  type CatalogCardDetailDto,
  type CatalogCardDto,
  type CatalogChangeDto,
  type CatalogOrganizationDto,
  type CatalogSearchQuery,
  type CatalogSearchResultDto,
  type CatalogSettingsDto,
  type CreateCatalogCardBody,
  type LabelConfig,
  type QualityReportDto,
  type SetCatalogAudienceBody,
  type UpdateCatalogCardBody,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError, badRequest, conflict, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { findDatasetVersion } from '../repositories/datasets.repository.js';
import {
  cardVersions,
  findCard,
  findCardOfVersion,
  findChange,
  insertCard,
  listChanges,
  saveSettings,
  searchCards,
  setCardAudience,
  twoPersonRule,
  updateCardText,
  type CardRow,
  type FacetRow,
} from '../repositories/catalog.repository.js';
import { approve, proposeChange, reject, type AudiencePayload } from './catalog-changes.js';
import { cardDto, changeDto } from './catalog-dto.js';
import type { LogService } from './log.service.js';
import { requireProject } from './project.service.js';
import type { QualityReportService } from './quality-report.service.js';
import { requirePermission, type TenantContext } from './context.js';

const SAMPLE_RECORDS = 3;
const SAMPLE_CHARS = 400;

/**
 * Dataset cards (docs/catalog.md): a dataset version described for other organisations, searched in
 * Chinese and English, shown to the audience its visibility names once an owner or admin approved it.
 */
export class CatalogService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
    private readonly log: LogService,
    private readonly qualityReports: QualityReportService,
  ) {}

  async search(ctx: TenantContext, q: CatalogSearchQuery): Promise<CatalogSearchResultDto> {
    requirePermission(ctx, 'org.read');
    const limit = q.limit ?? 20;
    const offset = q.offset ?? 0;
    const filter = { tsQuery: q.q ? tsQueryText(q.q) : null, industry: q.industry, modality: q.modality, licence: q.licence, org: q.org, viewer: ctx.orgId, mine: q.mine ?? false };
    // Words with nothing searchable in them (only punctuation) match nothing rather than everything.
    if (q.q && q.q.trim() !== '' && filter.tsQuery === null) return { items: [], total: 0, offset, limit, facets: { industry: [], modality: [], licence: [], org: [] } };
    const { rows, facets } = await this.database.tenant(ctx, (tx) => searchCards(tx, filter, limit, offset));
    const pick = (name: FacetRow['facet']) => facets.filter((f) => f.facet === name).map((f) => ({ value: f.value, label: f.label, count: f.count }));
    const industry = pick('industry');
    return {
      items: rows.map((r) => cardDto(r, ctx.orgId)),
      total: industry.reduce((n, f) => n + f.count, 0),
      offset,
      limit,
      facets: { industry, modality: pick('modality'), licence: pick('licence'), org: pick('org') },
    };
  }

  /** A card the caller may see; another organisation's unpublished or unshared card is 404, and the attempt is audited. */
  async get(ctx: TenantContext, id: string): Promise<CatalogCardDetailDto> {
    requirePermission(ctx, 'org.read');
    const found = await this.database.tenant(ctx, async (tx) => {
      const card = await findCard(tx, id);
      if (!card) return undefined;
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.read', objectType: 'catalog_card', objectId: id, details: { ownerOrgId: card.org_id } });
      return { card, versions: await cardVersions(tx, card.org_id, card.project_id) };
    });
    if (!found) {
      await this.refused(ctx, 'catalog_card', id, 'card not found or not visible to this organisation');
      throw notFound('catalog card', { id });
    }
    return {
      card: cardDto(found.card, ctx.orgId),
      versions: found.versions.map((v) => ({ id: v.id, version: v.version, title: v.title, publishedAt: v.published_at === null ? null : v.published_at.toISOString() })),
    };
  }

  /** A card for a dataset version of the caller's organisation; publishing it to anyone waits for approval. */
  async create(ctx: TenantContext, body: CreateCatalogCardBody): Promise<CatalogCardChangeResultDto> {
    requirePermission(ctx, 'project.export');
    const audience = audienceOf({ published: true, ...body });
    let version = await this.database.tenant(ctx, (tx) => findDatasetVersion(tx, body.datasetVersionId));
    if (!version) throw notFound('dataset version', { datasetVersionId: body.datasetVersionId });
    // The provenance badge names the version's log entry: wait for the sequencer if it is still queued.
    if (version.leaf_index === null) {
      await this.log.sequencer.flush();
      version = await this.database.tenant(ctx, (tx) => findDatasetVersion(tx, body.datasetVersionId));
      if (!version) throw notFound('dataset version', { datasetVersionId: body.datasetVersionId });
    }
    const quality = summarise(await this.qualityReports.report(ctx, version.project_id));
    const sample = await this.sample(version.data_sha256);
    const v = version;
    const id = randomUUID();
    const changeId = await this.database.tenant(ctx, async (tx) => {
      if (await findCardOfVersion(tx, v.id)) throw conflict('this dataset version already has a catalog card; edit that one (PATCH /catalog/cards/{id})', { datasetVersionId: v.id });
      const project = await requireProject(tx, v.project_id);
      const labelSchema = labelSchemaOf(project.config);
      const text = { title: body.title, description: body.description ?? '', industry: body.industry, modality: body.modality, licence: body.licence, priceCents: body.priceCents ?? 0 };
      const orgName = await organisationName(tx, ctx.orgId);
      await insertCard(tx, {
        id,
        orgId: ctx.orgId,
        datasetVersionId: v.id,
        projectId: v.project_id,
        version: v.version,
        ...text,
        itemCount: v.item_count,
        dataBytes: Number(v.data_bytes),
        labelSchema,
        qualitySummary: quality,
        sample,
        itemsRoot: v.items_root,
        dataSha256: v.data_sha256,
        logIndex: v.leaf_index === null ? null : Number(v.leaf_index),
        logEntry: v.entry,
        searchTokens: searchTokensOf(text, orgName, labelSchema),
        createdBy: ctx.caller.userId,
      });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.card.create', objectType: 'catalog_card', objectId: id, details: { datasetVersionId: v.id } });
      return this.changeAudience(tx, ctx, { id, published: false, visibility: 'private', sharedOrgIds: [] }, audience);
    });
    return this.withChange(ctx, id, changeId);
  }

  /** What the card says; never who sees it, so no approval is needed. */
  async update(ctx: TenantContext, id: string, body: UpdateCatalogCardBody): Promise<CatalogCardDto> {
    requirePermission(ctx, 'project.export');
    const row = await this.database.tenant(ctx, async (tx) => {
      const card = await ownCard(tx, ctx, id);
      const text = {
        title: body.title ?? card.title,
        description: body.description ?? card.description,
        industry: body.industry ?? card.industry,
        modality: body.modality ?? card.modality,
        licence: body.licence ?? card.licence,
        priceCents: body.priceCents ?? Number(card.price_cents),
      };
      await updateCardText(tx, id, { ...text, searchTokens: searchTokensOf(text, card.org_name, card.label_schema as LabelSchema) });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.card.update', objectType: 'catalog_card', objectId: id, details: { fields: Object.keys(body) } });
      return findCard(tx, id);
    });
    if (!row) throw notFound('catalog card', { id });
    return cardDto(row, ctx.orgId);
  }

  /** Publish, unpublish or change who sees a card: narrowing takes effect at once, widening after approval. */
  async setAudience(ctx: TenantContext, id: string, body: SetCatalogAudienceBody): Promise<CatalogCardChangeResultDto> {
    requirePermission(ctx, 'project.export');
    const next = audienceOf(body);
    const changeId = await this.database.tenant(ctx, async (tx) => {
      const card = await ownCard(tx, ctx, id);
      return this.changeAudience(tx, ctx, { id, published: card.status === 'published', visibility: card.visibility, sharedOrgIds: card.shared_org_ids }, next);
    });
    return this.withChange(ctx, id, changeId);
  }

  async changes(ctx: TenantContext, status: 'pending' | 'approved' | 'rejected' | undefined): Promise<CatalogChangeDto[]> {
    requirePermission(ctx, 'project.export');
    const rows = await this.database.tenant(ctx, (tx) => listChanges(tx, ctx.orgId, status));
    return rows.map(changeDto);
  }

  async approveChange(ctx: TenantContext, id: string): Promise<CatalogChangeDto> {
    requirePermission(ctx, 'org.manage_members');
    return this.decided(ctx, id, (tx) => approve(tx, ctx, id));
  }

  async rejectChange(ctx: TenantContext, id: string, reason: string): Promise<CatalogChangeDto> {
    requirePermission(ctx, 'org.manage_members');
    return this.decided(ctx, id, (tx) => reject(tx, ctx, id, reason));
  }

  async settings(ctx: TenantContext): Promise<CatalogSettingsDto> {
    requirePermission(ctx, 'org.read');
    return { twoPersonRule: await this.database.tenant(ctx, (tx) => twoPersonRule(tx, ctx.orgId)) };
  }

  async saveSettings(ctx: TenantContext, body: CatalogSettingsDto): Promise<CatalogSettingsDto> {
    requirePermission(ctx, 'org.manage_members');
    await this.database.tenant(ctx, async (tx) => {
      await saveSettings(tx, ctx.orgId, body.twoPersonRule, ctx.caller.userId);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.settings', objectType: 'organization', objectId: ctx.orgId, details: { twoPersonRule: body.twoPersonRule } });
    });
    return body;
  }

  /** Organisations of this instance, to choose whom to share a card with. */
  async organizations(ctx: TenantContext): Promise<CatalogOrganizationDto[]> {
    requirePermission(ctx, 'project.export');
    return this.database.tenant(ctx, (tx) => tx.selectFrom('organizations').select(['id', 'name']).orderBy('name').limit(1000).execute());
  }

  /** Audits a refused look at a card in a transaction of its own (the request's own work is rolled back or never started). */
  async refused(ctx: TenantContext, objectType: string, objectId: string, reason: string): Promise<void> {
    await this.database.tenant(ctx, (tx) => appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.refused', objectType, objectId, details: { reason } }));
  }

  private async changeAudience(tx: Tx, ctx: TenantContext, current: AudiencePayload & { id: string }, next: AudiencePayload): Promise<string | null> {
    if (widensAudience(current, next)) return proposeChange(tx, ctx, { kind: 'audience', cardId: current.id, payload: next });
    // Narrowing (or the same audience) is never held back: waiting would only keep the data exposed longer.
    await setCardAudience(tx, current.id, next);
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.audience', objectType: 'catalog_card', objectId: current.id, details: { ...next } });
    return null;
  }

  private async withChange(ctx: TenantContext, cardId: string, changeId: string | null): Promise<CatalogCardChangeResultDto> {
    const { card, change } = await this.database.tenant(ctx, async (tx) => ({ card: await findCard(tx, cardId), change: changeId ? await findChange(tx, changeId) : undefined }));
    if (!card) throw notFound('catalog card', { id: cardId });
    return { card: cardDto(card, ctx.orgId), change: change ? changeDto(change) : null };
  }

  private async decided(ctx: TenantContext, id: string, act: (tx: Tx) => Promise<void>): Promise<CatalogChangeDto> {
    const row = await this.database.tenant(ctx, async (tx) => {
      await act(tx);
      return findChange(tx, id);
    });
    if (!row) throw notFound('catalog change', { id });
    return changeDto(row);
  }

  /** The first records of the snapshot, cut short: enough to see the shape of the data, not to take it. */
  private async sample(dataSha256: string): Promise<string[]> {
    const stream = await this.blobs.get(dataSha256);
    if (!stream) throw new AppError('internal', `the snapshot file ${dataSha256} is missing from storage; run \`yungang audit\``);
    const lines: string[] = [];
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of reader) {
      lines.push(line.length > SAMPLE_CHARS ? `${line.slice(0, SAMPLE_CHARS)}…` : line);
      if (lines.length >= SAMPLE_RECORDS) break;
    }
    reader.close();
    stream.destroy();
    return lines;
  }
}

type LabelSchema = { name: string; type: string; labels: string[] }[];

function labelSchemaOf(config: LabelConfig): LabelSchema {
  return config.controls.map((c) => {
    const values = (c as { labels?: { value: string }[]; options?: { value: string }[] }).labels ?? (c as { options?: { value: string }[] }).options ?? [];
    return { name: c.name, type: c.type, labels: values.map((x) => x.value) };
  });
}

function searchTokensOf(text: { title: string; description: string; industry: string; modality: string; licence: string }, orgName: string, labels: LabelSchema): string[] {
  const words = [text.title, text.description, orgName, text.industry, text.modality, text.licence, ...labels.flatMap((l) => [l.name, ...l.labels])];
  return indexTokens(words.join('\n'));
}

function audienceOf(body: { published: boolean; visibility: 'private' | 'orgs' | 'everyone'; sharedOrgIds?: string[] | undefined }): AudiencePayload {
  const shared = body.sharedOrgIds ?? [];
  if (body.visibility === 'orgs' && shared.length === 0) throw badRequest('at sharedOrgIds: visibility "orgs" needs at least one organisation id; or choose "private" or "everyone"');
  if (body.visibility !== 'orgs' && shared.length > 0) throw badRequest(`at sharedOrgIds: only visibility "orgs" names organisations; leave it out with "${body.visibility}"`);
  return { published: body.published, visibility: body.visibility, sharedOrgIds: shared };
}

async function ownCard(tx: Tx, ctx: TenantContext, id: string): Promise<CardRow> {
  const card = await findCard(tx, id);
  if (!card || card.org_id !== ctx.orgId) throw notFound('catalog card', { id });
  return card;
}

async function organisationName(tx: Tx, orgId: string): Promise<string> {
  const row = await tx.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirst();
  return row?.name ?? '';
}

function summarise(r: QualityReportDto) {
  return {
    annotations: r.identity.annotations,
    reviewAccuracy: r.labelAccuracy.review.estimate,
    goldAccuracy: r.labelAccuracy.gold.estimate,
    inspectionAccuracy: r.labelAccuracy.inspection.estimate,
    duplicateRate: r.ml.duplicates.rate,
  };
}
