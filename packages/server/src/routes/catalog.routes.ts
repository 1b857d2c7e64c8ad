import type { Readable } from 'node:stream';
import Type from 'typebox';
import {
  AccessRequestDto,
  AccessRequestResultDto,
  ApproveAccessRequestBody,
  CatalogCardChangeResultDto,
  CatalogCardDetailDto,
  CatalogCardDto,
  CatalogChangeDto,
  CatalogChangeListQuery,
  CatalogDirectionQuery,
  CatalogOrganizationDto,
  CatalogSearchQuery,
  CatalogSearchResultDto,
  CatalogSettingsDto,
  CreateAccessRequestBody,
  CreateCatalogCardBody,
  DownloadTokenDto,
  EntitlementDto,
  RefuseAccessRequestBody,
  RejectCatalogChangeBody,
  RevokeEntitlementBody,
  SetCatalogAudienceBody,
  UpdateCatalogCardBody,
} from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

const tags = ['catalog'];

/** The dataset catalog and data exchange between organisations (docs/catalog.md). */
export function catalogRoutes(app: Api, s: Services): void {
  app.get(
    '/catalog/cards',
    { schema: { tags, summary: 'Search dataset cards visible to your organisation (Chinese and English), with facets', querystring: CatalogSearchQuery, response: { 200: CatalogSearchResultDto, ...errors } } },
    async (request) => s.catalog.search(await tenantOf(s.database, request), request.query),
  );
  app.post(
    '/catalog/cards',
    {
      schema: {
        tags,
        summary: 'Describe a dataset version as a card and ask to publish it; widening visibility waits for an owner or admin',
        body: CreateCatalogCardBody,
        response: { 201: CatalogCardChangeResultDto, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.catalog.create(await tenantOf(s.database, request), request.body)),
  );
  app.get('/catalog/cards/:id', { schema: { tags, summary: 'One dataset card with its other versions', params: IdParams, response: { 200: CatalogCardDetailDto, ...errors } } }, async (request) =>
    s.catalog.get(await tenantOf(s.database, request), request.params.id),
  );
  app.patch(
    '/catalog/cards/:id',
    { schema: { tags, summary: "Change what a card says (title, description, industry, licence, price); not who sees it", params: IdParams, body: UpdateCatalogCardBody, response: { 200: CatalogCardDto, ...errors } } },
    async (request) => s.catalog.update(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.put(
    '/catalog/cards/:id/audience',
    {
      schema: {
        tags,
        summary: 'Publish, unpublish or change who sees a card: narrowing is immediate, widening waits for approval',
        params: IdParams,
        body: SetCatalogAudienceBody,
        response: { 200: CatalogCardChangeResultDto, ...errors },
      },
    },
    async (request) => s.catalog.setAudience(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.post(
    '/catalog/cards/:id/requests',
    { schema: { tags, summary: "Ask for access to another organisation's dataset, with a purpose", params: IdParams, body: CreateAccessRequestBody, response: { 201: AccessRequestDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.catalogAccess.request(await tenantOf(s.database, request), request.params.id, request.body.purpose)),
  );
  app.get(
    '/catalog/requests',
    { schema: { tags, summary: 'Access requests: incoming (to your organisation) or outgoing (from it)', querystring: CatalogDirectionQuery, response: { 200: Type.Array(AccessRequestDto), ...errors } } },
    async (request) => s.catalogAccess.requests(await tenantOf(s.database, request), request.query.direction ?? 'outgoing'),
  );
  app.post(
    '/catalog/requests/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve an access request, optionally with conditions, an expiry and a download limit (the grant may wait for an admin)',
        params: IdParams,
        body: ApproveAccessRequestBody,
        response: { 200: AccessRequestResultDto, ...errors },
      },
    },
    async (request) => s.catalogAccess.approve(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.post(
    '/catalog/requests/:id/refuse',
    { schema: { tags, summary: 'Refuse an access request with a reason', params: IdParams, body: RefuseAccessRequestBody, response: { 200: AccessRequestDto, ...errors } } },
    async (request) => s.catalogAccess.refuse(await tenantOf(s.database, request), request.params.id, request.body.reason),
  );
  app.get(
    '/catalog/entitlements',
    { schema: { tags, summary: 'Entitlements: incoming (granted by your organisation) or outgoing (held by it)', querystring: CatalogDirectionQuery, response: { 200: Type.Array(EntitlementDto), ...errors } } },
    async (request) => s.catalogAccess.entitlements(await tenantOf(s.database, request), request.query.direction ?? 'outgoing'),
  );
  app.post(
    '/catalog/entitlements/:id/revoke',
    { schema: { tags, summary: 'Revoke an entitlement your organisation granted; effective at once', params: IdParams, body: RevokeEntitlementBody, response: { 200: EntitlementDto, ...errors } } },
    async (request) => s.catalogAccess.revoke(await tenantOf(s.database, request), request.params.id, request.body.reason),
  );
  app.post(
    '/catalog/entitlements/:id/tokens',
    { schema: { tags, summary: 'A short-lived, single-use download token for an entitlement your organisation holds', params: IdParams, response: { 201: DownloadTokenDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.catalogAccess.token(await tenantOf(s.database, request), request.params.id)),
  );
  app.get(
    '/catalog/downloads/:token',
    {
      schema: {
        tags,
        summary: "Spend a download token: the dataset version's signed bundle (zip), with your organisation as recipient",
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({ org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id (for browser download links)' })) }),
        response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'zip file' }), ...errors },
      },
    },
    async (request, reply) => {
      const bundle = await s.catalogAccess.download(await tenantOf(s.database, request, request.query.org), request.params.token);
      void reply.header('content-type', 'application/zip');
      void reply.header('content-length', String(bundle.bytes));
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(bundle.fileName)}`);
      return reply.send(bundle.body);
    },
  );
  app.get(
    '/catalog/changes',
    { schema: { tags, summary: 'Changes that widen access to your organisation’s data, and their decisions', querystring: CatalogChangeListQuery, response: { 200: Type.Array(CatalogChangeDto), ...errors } } },
    async (request) => s.catalog.changes(await tenantOf(s.database, request), request.query.status),
  );
  app.post(
    '/catalog/changes/:id/approve',
    { schema: { tags, summary: 'Approve a pending change (owners and admins; under the two-person rule, not your own)', params: IdParams, response: { 200: CatalogChangeDto, ...errors } } },
    async (request) => s.catalog.approveChange(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/catalog/changes/:id/reject',
    { schema: { tags, summary: 'Reject a pending change with a reason', params: IdParams, body: RejectCatalogChangeBody, response: { 200: CatalogChangeDto, ...errors } } },
    async (request) => s.catalog.rejectChange(await tenantOf(s.database, request), request.params.id, request.body.reason),
  );
  app.get('/catalog/settings', { schema: { tags, summary: "Your organisation's catalog settings", response: { 200: CatalogSettingsDto, ...errors } } }, async (request) =>
    s.catalog.settings(await tenantOf(s.database, request)),
  );
  app.put(
    '/catalog/settings',
    { schema: { tags, summary: 'Turn the two-person rule for widening changes on or off (owners and admins)', body: CatalogSettingsDto, response: { 200: CatalogSettingsDto, ...errors } } },
    async (request) => s.catalog.saveSettings(await tenantOf(s.database, request), request.body),
  );
  app.get(
    '/catalog/organizations',
    { schema: { tags, summary: 'Organisations of this instance, to share a card with', response: { 200: Type.Array(CatalogOrganizationDto), ...errors } } },
    async (request) => s.catalog.organizations(await tenantOf(s.database, request)),
  );
}
