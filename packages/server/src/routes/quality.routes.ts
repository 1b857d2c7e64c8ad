import Type from 'typebox';
import {
  AdjudicateBody,
  AdjudicationDto,
  CreateInspectionBody,
  CreateLotBody,
  InspectionDto,
  InspectionJudgementBody,
  NextInspectionItemDto,
  GoldDto,
  LotDto,
  LotsDto,
  NextAdjudicationDto,
  NextReviewDto,
  QualityReportDto,
  QualitySummaryDto,
  ReturnedWorkDto,
  ReviewDecisionBody,
  ReviewDto,
  SetGoldBody,
} from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, NoContent, type Api } from './route-types.js';

/** The quality workflow: gold tasks, review, returned work, acceptance-sampling lots, adjudication, scores. */
export function qualityRoutes(app: Api, s: Services): void {
  app.put('/tasks/:id/gold', { schema: { tags: ['quality'], summary: 'Make a task a gold (honeypot) task with this expected result', params: IdParams, body: SetGoldBody, response: { 200: GoldDto, ...errors } } }, async (request) =>
    s.gold.set(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.delete('/tasks/:id/gold', { schema: { tags: ['quality'], summary: 'Make a gold task an ordinary task again', params: IdParams, response: { 204: NoContent, ...errors } } }, async (request, reply) => {
    await s.gold.clear(await tenantOf(s.database, request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post(
    '/projects/:id/review/next',
    { schema: { tags: ['quality'], summary: 'Lease the next submission to review (never your own work); the same one again while you hold it', params: IdParams, response: { 200: NextReviewDto, ...errors } } },
    async (request) => s.reviews.next(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/reviews/:id',
    { schema: { tags: ['quality'], summary: 'Accept or reject a submission; a rejection (with its comment) sends it back to the annotator', params: IdParams, body: ReviewDecisionBody, response: { 200: ReviewDto, ...errors } } },
    async (request) => s.reviews.decide(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.get(
    '/projects/:id/returned',
    { schema: { tags: ['quality'], summary: 'Your submissions a reviewer sent back, with the comments; fix them with PUT /annotations/{id}', params: IdParams, response: { 200: Type.Object({ items: Type.Array(ReturnedWorkDto) }), ...errors } } },
    async (request) => ({ items: await s.reviews.returned(await tenantOf(s.database, request), request.params.id) }),
  );

  app.post(
    '/projects/:id/lots',
    { schema: { tags: ['quality'], summary: 'Form a lot of submitted work and sample it by GB/T 2828.1 / ISO 2859-1 at the project AQL', params: IdParams, body: CreateLotBody, response: { 201: LotDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.reviews.createLot(await tenantOf(s.database, request), request.params.id, request.body.size)),
  );
  app.get('/projects/:id/lots', { schema: { tags: ['quality'], summary: 'Lots with their plans and decisions, and the current inspection severity', params: IdParams, response: { 200: LotsDto, ...errors } } }, async (request) =>
    s.reviews.lots(await tenantOf(s.database, request), request.params.id),
  );

  app.post(
    '/projects/:id/adjudication/next',
    { schema: { tags: ['quality'], summary: 'Lease the next task whose annotators disagreed beyond the threshold', params: IdParams, response: { 200: NextAdjudicationDto, ...errors } } },
    async (request) => s.adjudications.next(await tenantOf(s.database, request), request.params.id),
  );
  app.put(
    '/tasks/:id/adjudication',
    { schema: { tags: ['quality'], summary: "Decide a disputed task's final result", params: IdParams, body: AdjudicateBody, response: { 200: AdjudicationDto, ...errors } } },
    async (request) => s.adjudications.decide(await tenantOf(s.database, request), request.params.id, request.body),
  );

  app.get(
    '/projects/:id/quality/report',
    { schema: { tags: ['quality'], summary: 'Dataset quality report: GB/T 36344 indicators, ML indicators, label accuracy with its bound, agreement, process checks, lots', params: IdParams, response: { 200: QualityReportDto, ...errors } } },
    async (request) => s.qualityReports.report(await tenantOf(s.database, request), request.params.id),
  );

  app.post(
    '/dataset-versions/:id/inspections',
    { schema: { tags: ['quality'], summary: "Start a final inspection: a random sample of the version's delivered labels to judge", params: IdParams, body: CreateInspectionBody, response: { 201: InspectionDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.inspections.create(await tenantOf(s.database, request), request.params.id, request.body)),
  );
  app.get(
    '/dataset-versions/:id/inspections',
    { schema: { tags: ['quality'], summary: "A dataset version's inspections with the accuracy they measured (Wilson 95 %)", params: IdParams, response: { 200: Type.Object({ items: Type.Array(InspectionDto) }), ...errors } } },
    async (request) => ({ items: await s.inspections.list(await tenantOf(s.database, request), request.params.id) }),
  );
  app.post(
    '/inspections/:id/next',
    { schema: { tags: ['quality'], summary: 'Lease the next sampled record to judge (the same one again while you hold it)', params: IdParams, response: { 200: NextInspectionItemDto, ...errors } } },
    async (request) => s.inspections.next(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/inspection-items/:id',
    { schema: { tags: ['quality'], summary: 'Judge a sampled record right or wrong (wrong needs a comment)', params: IdParams, body: InspectionJudgementBody, response: { 200: InspectionDto, ...errors } } },
    async (request) => s.inspections.judge(await tenantOf(s.database, request), request.params.id, request.body),
  );

  app.get('/projects/:id/quality', { schema: { tags: ['quality'], summary: 'Scores per annotator, review and adjudication counts, lots, estimated accuracy', params: IdParams, response: { 200: QualitySummaryDto, ...errors } } }, async (request) =>
    s.quality.summary(await tenantOf(s.database, request), request.params.id),
  );
}
