import Type from 'typebox';
import {
  CancelWorkPackageBody,
  CreateWorkPackageBody,
  RejectWorkPackageBody,
  SettlementDto,
  WorkPackageDto,
  WorkPackageItemDto,
  WorkPackageItemsQuery,
  WorkPackageListQuery,
  WorkPackageReviewBody,
  WorkPackageSampleBody,
  WorkPackageStaffBody,
  WorkPackageStaffDto,
} from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

const tags = ['work-packages'];

/** Vendor work packages: offer, accept, staff, deliver, review, settle (docs/work-packages.md). */
export function workPackageRoutes(app: Api, s: Services): void {
  app.post(
    '/projects/:id/work-packages',
    { schema: { tags, summary: 'Cut a work package from a project (tasks, unit price, deadline, quality floor, shared fields, vendors); it starts as a draft', params: IdParams, body: CreateWorkPackageBody, response: { 201: WorkPackageDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.workPackages.create(await tenantOf(s.database, request), request.params.id, request.body)),
  );
  app.get(
    '/work-packages',
    { schema: { tags, summary: 'Work packages your organisation offers (client) or was offered (vendor)', querystring: WorkPackageListQuery, response: { 200: Type.Array(WorkPackageDto), ...errors } } },
    async (request) => s.workPackages.list(await tenantOf(s.database, request), request.query.side),
  );
  app.get('/work-packages/:id', { schema: { tags, summary: 'One work package, as your organisation may see it', params: IdParams, response: { 200: WorkPackageDto, ...errors } } }, async (request) =>
    s.workPackages.get(await tenantOf(s.database, request), request.params.id),
  );
  const act = (path: string, summary: string, run: (ctx: Awaited<ReturnType<typeof tenantOf>>, id: string) => Promise<WorkPackageDto>) =>
    app.post(path, { schema: { tags, summary, params: IdParams, response: { 200: WorkPackageDto, ...errors } } }, async (request) => run(await tenantOf(s.database, request), request.params.id));
  act('/work-packages/:id/offer', 'Offer a draft to its vendors: at once for an owner or admin (unless the two-person rule holds), else it awaits their approval', (c, id) => s.workPackages.offer(c, id));
  act('/work-packages/:id/approve', "An owner or admin of the client approves the offer (it lets the vendors see the package's data)", (c, id) => s.workPackages.approve(c, id));
  act('/work-packages/:id/accept', 'A vendor accepts an offered package (the first wins): its own project of the package tasks is made', (c, id) => s.workPackages.accept(c, id));
  act('/work-packages/:id/deliver', "The vendor delivers the delivered label of every task with work; the package's tasks close", (c, id) => s.workPackages.deliver(c, id));
  app.post(
    '/work-packages/:id/reject',
    { schema: { tags, summary: 'An owner or admin of the client refuses the offer, with a reason; the package goes back to draft', params: IdParams, body: RejectWorkPackageBody, response: { 200: WorkPackageDto, ...errors } } },
    async (request) => s.workPackages.reject(await tenantOf(s.database, request), request.params.id, request.body.reason),
  );
  app.post(
    '/work-packages/:id/cancel',
    { schema: { tags, summary: 'The client cancels a package before settlement; the vendor loses access to its items at once', params: IdParams, body: CancelWorkPackageBody, response: { 200: WorkPackageDto, ...errors } } },
    async (request) => s.workPackages.cancel(await tenantOf(s.database, request), request.params.id, request.body.reason),
  );
  app.get(
    '/work-packages/:id/staff',
    { schema: { tags, summary: "The vendor's annotators and reviewers of the package", params: IdParams, response: { 200: WorkPackageStaffDto, ...errors } } },
    async (request) => s.workPackages.staff(await tenantOf(s.database, request), request.params.id),
  );
  app.put(
    '/work-packages/:id/staff',
    { schema: { tags, summary: "A vendor manager assigns the package's annotators and reviewers (members of the vendor); only they may claim its tasks and reviews", params: IdParams, body: WorkPackageStaffBody, response: { 200: WorkPackageStaffDto, ...errors } } },
    async (request) => s.workPackages.setStaff(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.get(
    '/work-packages/:id/items',
    { schema: { tags, summary: "The package's items (shared fields) with the vendor's delivered labels and the client's verdicts", params: IdParams, querystring: WorkPackageItemsQuery, response: { 200: Type.Array(WorkPackageItemDto), ...errors } } },
    async (request) => s.workPackages.items(await tenantOf(s.database, request), request.params.id, request.query),
  );
  app.post(
    '/work-packages/:id/sample',
    { schema: { tags, summary: 'The client draws delivered items for review (reproducible from the package id)', params: IdParams, body: WorkPackageSampleBody, response: { 200: Type.Object({ sampled: Type.Array(Type.String()) }), ...errors } } },
    async (request) => s.workPackages.sample(await tenantOf(s.database, request), request.params.id, request.body.size),
  );
  app.put(
    '/work-packages/:id/items/:taskId/review',
    {
      schema: {
        tags,
        summary: 'The client accepts or rejects one delivered item (a rejection needs a reason)',
        params: Type.Object({ id: Type.String(), taskId: Type.String() }),
        body: WorkPackageReviewBody,
        response: { 200: WorkPackageItemDto, ...errors },
      },
    },
    async (request) => s.workPackages.review(await tenantOf(s.database, request), request.params.id, request.params.taskId, request.body),
  );
  app.post(
    '/work-packages/:id/settle',
    { schema: { tags, summary: 'The client settles a delivered package: accepted items × unit price less documented deductions; accepted labels join the project as predictions', params: IdParams, response: { 200: SettlementDto, ...errors } } },
    async (request) => s.workPackages.settle(await tenantOf(s.database, request), request.params.id),
  );
  app.get(
    '/work-packages/:id/settlement',
    {
      schema: {
        tags,
        summary: 'The settlement statement of a settled package: JSON, or CSV with one row per item (format=csv)',
        params: IdParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
          org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id (for browser links)' })),
        }),
        response: { 200: Type.Union([SettlementDto, Type.String({ description: 'text/csv' })]), ...errors },
      },
    },
    async (request, reply) => {
      const out = await s.workPackages.settlement(await tenantOf(s.database, request, request.query.org), request.params.id);
      if ((request.query.format ?? 'json') === 'json') return out.dto;
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(out.fileName)}`);
      return reply.send(out.csv);
    },
  );
}
