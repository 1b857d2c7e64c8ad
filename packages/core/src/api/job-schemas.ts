/**
 * The HTTP contract of durable background jobs (docs/jobs.md): listing, reading and cancelling them.
 * What starts a job belongs to its feature (a pipeline run, a pre-annotation run).
 */
import Type, { type Static } from 'typebox';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

export const JobDto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  projectId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  kind: Type.String({ description: 'what the job does: pipeline, preannotate, ...' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')]),
  done: Type.Integer({ minimum: 0, description: 'units done (tasks, records)' }),
  total: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  summary: Type.Unknown({ description: 'counts and examples so far, as the job kind defines them' }),
  result: Type.Unknown({ description: 'what the finished job produced' }),
  error: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer({ minimum: 0, description: 'runs so far; above 1 means it resumed after a worker stopped' }),
  cancelRequested: Type.Boolean(),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type JobDto = Static<typeof JobDto>;

export const JobListQuery = Type.Object({
  projectId: Type.Optional(Type.String({ format: 'uuid' })),
  kind: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type JobListQuery = Static<typeof JobListQuery>;
