/**
 * The HTTP contract of the dataset catalog and data exchange between organisations (docs/catalog.md):
 * dataset cards and their search, access requests, entitlements and download tokens, and the approvals
 * that every widening of access waits for.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { CATALOG_VISIBILITIES } from '../catalog/access-widening.js';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CATALOG_INDUSTRIES = ['transport', 'healthcare', 'education', 'culture_tourism', 'manufacturing', 'energy', 'city_governance', 'emergency_management', 'other'] as const;
export const CATALOG_MODALITIES = ['text', 'image', 'audio', 'video', 'multimodal'] as const;
export const CATALOG_LICENCES = ['cc-by-4.0', 'cc-by-nc-4.0', 'cc0-1.0', 'research-only', 'commercial', 'custom'] as const;
export type CatalogIndustry = (typeof CATALOG_INDUSTRIES)[number];
export type CatalogModality = (typeof CATALOG_MODALITIES)[number];
export type CatalogLicence = (typeof CATALOG_LICENCES)[number];

/** A union of string literals whose static type is the union of the values (a mapped array alone loses it). */
const literals = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v)), { description }));
const Industry = literals(CATALOG_INDUSTRIES, 'industry');
const Modality = literals(CATALOG_MODALITIES, 'modality of the items');
const Licence = literals(CATALOG_LICENCES, 'licence the data is offered under');
const Visibility = literals(CATALOG_VISIBILITIES, 'private: only the owner; orgs: the organisations in sharedOrgIds; everyone: every organisation of this instance');

export const CatalogLabelSchemaDto = Type.Array(Type.Object({ name: Type.String(), type: Type.String(), labels: Type.Array(Type.String()) }));
export const CatalogQualitySummaryDto = Type.Object({
  annotations: Type.Integer(),
  reviewAccuracy: Nullable(Type.Number()),
  goldAccuracy: Nullable(Type.Number()),
  inspectionAccuracy: Nullable(Type.Number()),
  duplicateRate: Nullable(Type.Number()),
});

/** One dataset card: a dataset version offered to other organisations. */
export const CatalogCardDto = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  /** True when the caller's organisation owns the card. */
  mine: Type.Boolean(),
  datasetVersionId: Uuid,
  projectId: Uuid,
  version: Type.Integer(),
  title: Type.String(),
  description: Type.String({ description: 'markdown' }),
  industry: Industry,
  modality: Modality,
  licence: Licence,
  priceCents: Type.Integer({ description: 'price in fen (1/100 CNY); 0 = free' }),
  itemCount: Type.Integer(),
  dataBytes: Type.Integer(),
  labelSchema: CatalogLabelSchemaDto,
  qualitySummary: Nullable(CatalogQualitySummaryDto),
  sample: Type.Array(Type.String(), { description: 'the first records as JSON text, each cut to 400 characters' }),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  visibility: Visibility,
  sharedOrgIds: Type.Array(Uuid),
  /** The provenance badge: the version's records root and its entry in the transparency log. */
  provenance: Type.Object({ itemsRoot: Type.String(), dataSha256: Type.String(), logIndex: Nullable(Type.Integer()) }),
  publishedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CatalogCardDto = Static<typeof CatalogCardDto>;

/** A card with the other published versions of the same project the caller may see. */
export const CatalogCardDetailDto = Type.Object({
  card: CatalogCardDto,
  versions: Type.Array(Type.Object({ id: Uuid, version: Type.Integer(), title: Type.String(), publishedAt: Nullable(Timestamp) })),
});
export type CatalogCardDetailDto = Static<typeof CatalogCardDetailDto>;

const Facet = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }));

export const CatalogSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words in Chinese or English; every word must match (title, description, organisation, labels)' })),
  industry: Type.Optional(Industry),
  modality: Type.Optional(Modality),
  licence: Type.Optional(Licence),
  org: Type.Optional(Type.String({ format: 'uuid', description: 'owner organisation' })),
  mine: Type.Optional(Type.Boolean({ description: "only the caller's organisation's cards, drafts included" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
});
export type CatalogSearchQuery = Static<typeof CatalogSearchQuery>;

export const CatalogSearchResultDto = Type.Object({
  items: Type.Array(CatalogCardDto),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  facets: Type.Object({ industry: Facet, modality: Facet, licence: Facet, org: Facet }),
});
export type CatalogSearchResultDto = Static<typeof CatalogSearchResultDto>;

const cardFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 20000, description: 'markdown, rendered sanitised' }),
  industry: Industry,
  modality: Modality,
  licence: Licence,
  priceCents: Type.Integer({ minimum: 0, maximum: 1_000_000_000_00 }),
};

const Audience = {
  visibility: Visibility,
  sharedOrgIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true, description: 'with visibility "orgs": who may see the card' })),
};

/** POST /catalog/cards: a card for a dataset version of the caller's organisation, asked to be published to an audience. */
export const CreateCatalogCardBody = Type.Object({ datasetVersionId: Uuid, ...cardFields, description: Type.Optional(cardFields.description), priceCents: Type.Optional(cardFields.priceCents), ...Audience });
export type CreateCatalogCardBody = Static<typeof CreateCatalogCardBody>;

/** PATCH /catalog/cards/{id}: what the card says (never who sees it). */
export const UpdateCatalogCardBody = Type.Partial(Type.Object(cardFields), { minProperties: 1 });
export type UpdateCatalogCardBody = Static<typeof UpdateCatalogCardBody>;

/** PUT /catalog/cards/{id}/audience: publish or unpublish, change visibility or the shared organisations. */
export const SetCatalogAudienceBody = Type.Object({ published: Type.Boolean(), ...Audience });
export type SetCatalogAudienceBody = Static<typeof SetCatalogAudienceBody>;

export const CATALOG_CHANGE_KINDS = ['audience', 'grant'] as const;
export const CatalogChangeDto = Type.Object({
  id: Uuid,
  kind: literals(CATALOG_CHANGE_KINDS, 'audience: publish or widen visibility; grant: give another organisation an entitlement'),
  cardId: Uuid,
  cardTitle: Type.String(),
  requestId: Nullable(Uuid),
  /** audience: {published, visibility, sharedOrgIds}; grant: {consumerOrgId, conditions, expiresAt, downloadLimit}. */
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  requestedBy: Uuid,
  requestedByEmail: Nullable(Type.String()),
  requestedAt: Timestamp,
  decidedBy: Nullable(Uuid),
  decidedByEmail: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  reason: Nullable(Type.String()),
});
export type CatalogChangeDto = Static<typeof CatalogChangeDto>;

/** What a widening act answers: the object as it is now, and the change waiting for approval (null when it took effect). */
export const CatalogCardChangeResultDto = Type.Object({ card: CatalogCardDto, change: Nullable(CatalogChangeDto) });
export type CatalogCardChangeResultDto = Static<typeof CatalogCardChangeResultDto>;

export const CatalogChangeListQuery = Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])) });
export const RejectCatalogChangeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export type RejectCatalogChangeBody = Static<typeof RejectCatalogChangeBody>;

export const CatalogSettingsDto = Type.Object({ twoPersonRule: Type.Boolean({ description: 'a widening change needs an owner or admin other than the person who asked for it' }) });
export type CatalogSettingsDto = Static<typeof CatalogSettingsDto>;

export const CatalogOrganizationDto = Type.Object({ id: Uuid, name: Type.String() });
export type CatalogOrganizationDto = Static<typeof CatalogOrganizationDto>;

export const ACCESS_REQUEST_STATUSES = ['pending', 'awaiting_approval', 'approved', 'refused'] as const;
export const AccessRequestDto = Type.Object({
  id: Uuid,
  cardId: Uuid,
  cardTitle: Type.String(),
  ownerOrgId: Uuid,
  ownerOrgName: Type.String(),
  consumerOrgId: Uuid,
  consumerOrgName: Type.String(),
  purpose: Type.String(),
  status: literals(ACCESS_REQUEST_STATUSES, 'awaiting_approval: the owner said yes and an admin of the owner must approve the grant'),
  requestedBy: Uuid,
  requestedAt: Timestamp,
  decidedBy: Nullable(Uuid),
  decidedAt: Nullable(Timestamp),
  reason: Nullable(Type.String()),
  conditions: Nullable(Type.String()),
  expiresAt: Nullable(Timestamp),
  downloadLimit: Nullable(Type.Integer()),
  entitlementId: Nullable(Uuid),
});
export type AccessRequestDto = Static<typeof AccessRequestDto>;

export const CreateAccessRequestBody = Type.Object({ purpose: Type.String({ minLength: 1, maxLength: 2000, description: 'what the data will be used for' }) });
export type CreateAccessRequestBody = Static<typeof CreateAccessRequestBody>;

export const ApproveAccessRequestBody = Type.Object({
  conditions: Type.Optional(Type.String({ maxLength: 2000, description: 'terms the consumer accepts with the data' })),
  expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'the entitlement ends then; must be in the future' })),
  downloadLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
export type ApproveAccessRequestBody = Static<typeof ApproveAccessRequestBody>;

export const RefuseAccessRequestBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export type RefuseAccessRequestBody = Static<typeof RefuseAccessRequestBody>;

export const AccessRequestResultDto = Type.Object({ request: AccessRequestDto, change: Nullable(CatalogChangeDto) });
export type AccessRequestResultDto = Static<typeof AccessRequestResultDto>;

export const CatalogDirectionQuery = Type.Object({ direction: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')], { description: 'incoming: to the caller as owner; outgoing: asked by the caller (default)' })) });
export type CatalogDirectionQuery = Static<typeof CatalogDirectionQuery>;

export const EntitlementDto = Type.Object({
  id: Uuid,
  cardId: Uuid,
  cardTitle: Type.String(),
  datasetVersionId: Uuid,
  ownerOrgId: Uuid,
  ownerOrgName: Type.String(),
  consumerOrgId: Uuid,
  consumerOrgName: Type.String(),
  conditions: Nullable(Type.String()),
  expiresAt: Nullable(Timestamp),
  downloadLimit: Nullable(Type.Integer()),
  downloadsUsed: Type.Integer(),
  revokedAt: Nullable(Timestamp),
  revokeReason: Nullable(Type.String()),
  createdAt: Timestamp,
  active: Type.Boolean(),
});
export type EntitlementDto = Static<typeof EntitlementDto>;

export const RevokeEntitlementBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export type RevokeEntitlementBody = Static<typeof RevokeEntitlementBody>;

/** A short-lived, single-use download token; `url` downloads the bundle (the caller's session or token still needed). */
export const DownloadTokenDto = Type.Object({ token: Type.String(), expiresAt: Timestamp, url: Type.String() });
export type DownloadTokenDto = Static<typeof DownloadTokenDto>;
