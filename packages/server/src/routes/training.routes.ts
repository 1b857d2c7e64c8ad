import Type from 'typebox';
import {
  AnswerBody,
  AnswerDto,
  AttemptDto,
  AttemptItemParams,
  CertificationBody,
  CertificationDto,
  CertificationHolderDto,
  CourseBody,
  CourseDto,
  ExamBody,
  ExamDto,
  ProjectCertificationsBody,
  ProjectCertificationsDto,
  SetHolderStatusBody,
  SkillRecordDto,
  StartAttemptBody,
  TrainingListQuery,
} from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

const HolderParams = Type.Object({ id: Type.String(), userId: Type.String() });

/** Training and certification (docs/training.md): courses, exams and attempts, certifications, project requirements, skill records. */
export function trainingRoutes(app: Api, s: Services): void {
  const tags = ['training'];
  app.get('/courses', { schema: { tags, summary: "Courses: with projectId, that project's and the organisation-wide ones", querystring: TrainingListQuery, response: { 200: Type.Array(CourseDto), ...errors } } }, async (request) =>
    s.courses.list(await tenantOf(s.database, request), request.query.projectId),
  );
  app.post('/courses', { schema: { tags, summary: 'Write a course (markdown guidelines)', body: CourseBody, response: { 201: CourseDto, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await s.courses.create(await tenantOf(s.database, request), request.body)),
  );
  app.get('/courses/:id', { schema: { tags, summary: 'A course with its exams', params: IdParams, response: { 200: CourseDto, ...errors } } }, async (request) =>
    s.courses.get(await tenantOf(s.database, request), request.params.id),
  );
  app.put('/courses/:id', { schema: { tags, summary: 'Replace a course', params: IdParams, body: CourseBody, response: { 200: CourseDto, ...errors } } }, async (request) =>
    s.courses.update(await tenantOf(s.database, request), request.params.id, request.body),
  );

  app.get('/exams', { schema: { tags, summary: 'Exams with where you stand (attempts, best score, whether you may start)', querystring: TrainingListQuery, response: { 200: Type.Array(ExamDto), ...errors } } }, async (request) =>
    s.exams.list(await tenantOf(s.database, request), request.query.projectId),
  );
  app.post('/exams', { schema: { tags, summary: 'Create an exam from gold items with expected results', body: ExamBody, response: { 201: ExamDto, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await s.exams.create(await tenantOf(s.database, request), request.body)),
  );
  app.get('/exams/:id', { schema: { tags, summary: 'An exam; its items and expected results only for training managers', params: IdParams, response: { 200: ExamDto, ...errors } } }, async (request) =>
    s.exams.get(await tenantOf(s.database, request), request.params.id),
  );
  app.put('/exams/:id', { schema: { tags, summary: 'Replace an exam (its items only while nobody has attempted it)', params: IdParams, body: ExamBody, response: { 200: ExamDto, ...errors } } }, async (request) =>
    s.exams.update(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.post(
    '/exams/:id/attempts',
    { schema: { tags, summary: 'Start a real attempt (time limit, retry policy; your unfinished one if any) or a practice run', params: IdParams, body: StartAttemptBody, response: { 201: AttemptDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.attempts.start(await tenantOf(s.database, request), request.params.id, request.body.mode)),
  );
  app.get('/exam-attempts/:id', { schema: { tags, summary: 'An attempt: items, your answers, and scores/answers as far as they may be shown', params: IdParams, response: { 200: AttemptDto, ...errors } } }, async (request) =>
    s.attempts.get(await tenantOf(s.database, request), request.params.id),
  );
  app.put(
    '/exam-attempts/:id/answers/:itemId',
    { schema: { tags, summary: 'Save an answer; practice answers return feedback against gold; refused (409) after the deadline', params: AttemptItemParams, body: AnswerBody, response: { 200: AnswerDto, ...errors } } },
    async (request) => s.attempts.answer(await tenantOf(s.database, request), request.params.id, request.params.itemId, request.body),
  );
  app.post('/exam-attempts/:id/finish', { schema: { tags, summary: 'Finish and score an attempt; a pass grants the exam’s certification', params: IdParams, response: { 200: AttemptDto, ...errors } } }, async (request) =>
    s.attempts.finish(await tenantOf(s.database, request), request.params.id),
  );

  app.get('/certifications', { schema: { tags, summary: 'Certifications of the organisation and the exams that grant them', response: { 200: Type.Array(CertificationDto), ...errors } } }, async (request) =>
    s.certifications.list(await tenantOf(s.database, request)),
  );
  app.post('/certifications', { schema: { tags, summary: 'Define a certification', body: CertificationBody, response: { 201: CertificationDto, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await s.certifications.create(await tenantOf(s.database, request), request.body)),
  );
  app.put('/certifications/:id', { schema: { tags, summary: 'Replace a certification’s name, description and validity', params: IdParams, body: CertificationBody, response: { 200: CertificationDto, ...errors } } }, async (request) =>
    s.certifications.update(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.get('/certifications/:id/holders', { schema: { tags, summary: 'Who holds a certification, with state, expiry and the last reason', params: IdParams, response: { 200: Type.Array(CertificationHolderDto), ...errors } } }, async (request) =>
    s.certifications.holders(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/certifications/:id/holders/:userId/status',
    { schema: { tags, summary: 'Suspend, revoke or reinstate a holding, with a reason (audit and transparency logs)', params: HolderParams, body: SetHolderStatusBody, response: { 200: CertificationHolderDto, ...errors } } },
    async (request) => s.certifications.setStatus(await tenantOf(s.database, request), request.params.id, request.params.userId, request.body),
  );
  app.get('/projects/:id/certifications', { schema: { tags, summary: 'Certifications a project requires before it hands out work', params: IdParams, response: { 200: ProjectCertificationsDto, ...errors } } }, async (request) =>
    s.certifications.projectRequirements(await tenantOf(s.database, request), request.params.id),
  );
  app.put(
    '/projects/:id/certifications',
    { schema: { tags, summary: "Replace a project's required certifications", params: IdParams, body: ProjectCertificationsBody, response: { 200: ProjectCertificationsDto, ...errors } } },
    async (request) => s.certifications.setProjectRequirements(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.get('/users/:id/skills', { schema: { tags, summary: 'A skill record: exams, certifications, gold accuracy over time, review pass rate (your own, or anyone’s for training managers)', params: IdParams, response: { 200: SkillRecordDto, ...errors } } }, async (request) =>
    s.skills.record(await tenantOf(s.database, request), request.params.id),
  );
}
