/**
 * The HTTP contract of annotator training and certification (docs/training.md): courses, exams built from
 * gold items, attempts (real and practice), certifications with validity and suspension, a project's
 * required certifications, and a person's skill record.
 */
import Type, { type Static } from 'typebox';
import { LabelConfigJson, ResultItemJson } from './schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Ref = Type.Object({ id: Uuid, title: Type.String() });

// ---- courses ----

export const CourseBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  /** Markdown; images by URL (`![alt](https://…)`). Rendered sanitised in the browser. */
  body: Type.String({ maxLength: 200_000 }),
  /** The project the course is for; left out = shared across the organisation. */
  projectId: Type.Optional(Uuid),
});
export type CourseBody = Static<typeof CourseBody>;

export const CourseDto = Type.Object({
  id: Uuid,
  title: Type.String(),
  body: Type.String(),
  projectId: Type.Union([Uuid, Type.Null()]),
  /** Exams that belong to this course. */
  exams: Type.Array(Ref),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CourseDto = Static<typeof CourseDto>;

export const TrainingListQuery = Type.Object({
  /** Only what applies to this project: its own and the organisation-wide ones. */
  projectId: Type.Optional(Uuid),
});
export type TrainingListQuery = Static<typeof TrainingListQuery>;

// ---- certifications ----

export const CertificationBody = Type.Object({
  /** Unique in the organisation, e.g. "保密培训" or "普通话转写二级". */
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  /** Days a pass stays valid; left out = never expires. */
  validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
export type CertificationBody = Static<typeof CertificationBody>;

export const CertificationDto = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  validityDays: Type.Union([Type.Integer(), Type.Null()]),
  /** The exams whose pass grants it: how to get it. */
  exams: Type.Array(Ref),
  createdAt: Timestamp,
});
export type CertificationDto = Static<typeof CertificationDto>;

export const HoldingStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]);
/** What counts now: the stored status, or `expired` once an active holding passed its expiry. */
export const CertificationStateSchema = Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('suspended'), Type.Literal('revoked')]);

export const CertificationHolderDto = Type.Object({
  certificationId: Uuid,
  certificationName: Type.String(),
  userId: Uuid,
  email: Type.String(),
  name: Type.String(),
  status: HoldingStatusSchema,
  state: CertificationStateSchema,
  grantedAt: Timestamp,
  expiresAt: NullableTimestamp,
  /** The reason given with the last suspension, revocation or reinstatement. */
  reason: Type.Union([Type.String(), Type.Null()]),
  changedAt: NullableTimestamp,
  changedByEmail: Type.Union([Type.String(), Type.Null()]),
});
export type CertificationHolderDto = Static<typeof CertificationHolderDto>;

/** Suspend, revoke, or reinstate (active) a suspended holding; always with a reason, which goes to the audit log. */
export const SetHolderStatusBody = Type.Object({ status: HoldingStatusSchema, reason: Type.String({ minLength: 1, maxLength: 500 }) });
export type SetHolderStatusBody = Static<typeof SetHolderStatusBody>;

export const ProjectCertificationsDto = Type.Object({ items: Type.Array(CertificationDto) });
export type ProjectCertificationsDto = Static<typeof ProjectCertificationsDto>;
export const ProjectCertificationsBody = Type.Object({ certificationIds: Type.Array(Uuid, { maxItems: 20, uniqueItems: true }) });
export type ProjectCertificationsBody = Static<typeof ProjectCertificationsBody>;

// ---- exams ----

export const ExamItemInput = Type.Object({
  /** Task data for the exam's label config, e.g. {"text": "…"} or {"image": "https://…"}. */
  data: Type.Record(Type.String(), Type.Unknown()),
  /** The gold result, validated against the exam's label config. */
  expected: Type.Array(ResultItemJson),
});
export type ExamItemInput = Static<typeof ExamItemInput>;

/** Creates or (PUT) replaces an exam; fields left out take their defaults. */
export const ExamBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  projectId: Type.Optional(Uuid),
  courseId: Type.Optional(Uuid),
  /** The certification a pass grants; left out = a quiz that grants nothing. */
  certificationId: Type.Optional(Uuid),
  labelConfig: LabelConfigJson,
  items: Type.Array(ExamItemInput, { minItems: 1, maxItems: 500 }),
  /** Exam score (mean item score, 0..1) needed to pass. */
  passScore: Type.Number({ minimum: 0, maximum: 1 }),
  /** Left out = no time limit. */
  timeLimitSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 86_400 })),
  /** Real attempts allowed since the last pass; left out = unlimited. */
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  /** Wait after a failed attempt before the next one. Default 0. */
  cooldownSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 86_400 })),
  /** Show the expected answers on a finished real attempt. Default false (scores only). */
  showAnswers: Type.Optional(Type.Boolean()),
});
export type ExamBody = Static<typeof ExamBody>;

export const ExamItemDto = Type.Object({ id: Uuid, data: Type.Record(Type.String(), Type.Unknown()), expected: Type.Array(ResultItemJson) });
export type ExamItemDto = Static<typeof ExamItemDto>;

/** Where the caller stands with an exam. */
export const ExamStandingDto = Type.Object({
  /** Finished real attempts. */
  attempts: Type.Integer(),
  best: NullableNumber,
  passed: Type.Boolean(),
  inProgressAttemptId: Type.Union([Uuid, Type.Null()]),
  canStart: Type.Boolean(),
  /** Why not, in words; null when a real attempt may start. */
  reason: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: NullableTimestamp,
  /** Real attempts left before the limit; null = unlimited. */
  remainingAttempts: Type.Union([Type.Integer(), Type.Null()]),
});
export type ExamStandingDto = Static<typeof ExamStandingDto>;

export const ExamDto = Type.Object({
  id: Uuid,
  title: Type.String(),
  description: Type.String(),
  projectId: Type.Union([Uuid, Type.Null()]),
  courseId: Type.Union([Uuid, Type.Null()]),
  certification: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  labelConfig: LabelConfigJson,
  itemCount: Type.Integer(),
  passScore: Type.Number(),
  timeLimitSeconds: Type.Union([Type.Integer(), Type.Null()]),
  maxAttempts: Type.Union([Type.Integer(), Type.Null()]),
  cooldownSeconds: Type.Integer(),
  showAnswers: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  me: ExamStandingDto,
  /** The items with their expected results: only for those who manage training. */
  items: Type.Optional(Type.Array(ExamItemDto)),
});
export type ExamDto = Static<typeof ExamDto>;

// ---- attempts ----

export const AttemptMode = Type.Union([Type.Literal('exam'), Type.Literal('practice')]);
export type AttemptMode = Static<typeof AttemptMode>;
export const StartAttemptBody = Type.Object({ mode: AttemptMode });
export type StartAttemptBody = Static<typeof StartAttemptBody>;

export const ControlScoreDto = Type.Object({
  control: Type.String(),
  type: Type.String(),
  score: Type.Number(),
  correct: Type.Optional(Type.Boolean()),
  precision: Type.Optional(Type.Number()),
  recall: Type.Optional(Type.Number()),
  f1: Type.Optional(Type.Number()),
  cer: Type.Optional(Type.Number()),
  wer: Type.Optional(Type.Number()),
});
export type ControlScoreDto = Static<typeof ControlScoreDto>;

export const AttemptItemDto = Type.Object({
  id: Uuid,
  data: Type.Record(Type.String(), Type.Unknown()),
  /** The caller's saved answer, null until answered. */
  answer: Type.Union([Type.Array(ResultItemJson), Type.Null()]),
  /** Practice: once answered. Real attempt: once finished. */
  score: NullableNumber,
  controls: Type.Union([Type.Array(ControlScoreDto), Type.Null()]),
  /** Practice: once answered. Real attempt: once finished and only when the exam shows answers. */
  expected: Type.Union([Type.Array(ResultItemJson), Type.Null()]),
});
export type AttemptItemDto = Static<typeof AttemptItemDto>;

export const AttemptDto = Type.Object({
  id: Uuid,
  examId: Uuid,
  examTitle: Type.String(),
  userId: Uuid,
  mode: AttemptMode,
  status: Type.Union([Type.Literal('in_progress'), Type.Literal('finished')]),
  startedAt: Timestamp,
  /** When answers stop being accepted (a few seconds of grace aside); null = no limit (practice, or no time limit). */
  deadlineAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
  /** The server's clock when it answered, so a countdown does not trust the browser's clock. */
  serverNow: Timestamp,
  labelConfig: LabelConfigJson,
  passScore: Type.Number(),
  items: Type.Array(AttemptItemDto),
  score: NullableNumber,
  passed: Type.Union([Type.Boolean(), Type.Null()]),
  /** The certification this attempt granted or renewed. */
  granted: Type.Union([Type.Object({ id: Uuid, name: Type.String(), expiresAt: NullableTimestamp }), Type.Null()]),
});
export type AttemptDto = Static<typeof AttemptDto>;

export const AnswerBody = Type.Object({ result: Type.Array(ResultItemJson) });
export type AnswerBody = Static<typeof AnswerBody>;
export const AnswerDto = Type.Object({
  itemId: Uuid,
  /** Practice only: the immediate feedback against gold. */
  feedback: Type.Union([Type.Object({ score: Type.Number(), controls: Type.Array(ControlScoreDto), expected: Type.Array(ResultItemJson) }), Type.Null()]),
});
export type AnswerDto = Static<typeof AnswerDto>;
export const AttemptItemParams = Type.Object({ id: Type.String(), itemId: Type.String() });

// ---- skill record ----

const RateDto = Type.Object({ correct: Type.Integer(), total: Type.Integer(), estimate: NullableNumber, lower: NullableNumber, upper: NullableNumber });

export const SkillRecordDto = Type.Object({
  user: Type.Object({ id: Uuid, email: Type.String(), name: Type.String() }),
  /** Real attempts, newest first; practice counts separately. */
  exams: Type.Array(
    Type.Object({ attemptId: Uuid, examId: Uuid, examTitle: Type.String(), startedAt: Timestamp, finishedAt: NullableTimestamp, score: NullableNumber, passed: Type.Union([Type.Boolean(), Type.Null()]) }),
  ),
  practiceAttempts: Type.Integer(),
  certifications: Type.Array(CertificationHolderDto),
  /** Over every project of the organisation: gold checks and review decisions, with Wilson 95 % intervals. */
  gold: RateDto,
  review: RateDto,
  /** Gold accuracy per UTC day over the last 90 days with checks, and whether it is changing (core scoreTrend). */
  goldTrend: Type.Object({
    days: Type.Array(Type.Object({ day: Type.String(), correct: Type.Integer(), total: Type.Integer() })),
    direction: Type.Union([Type.Literal('improving'), Type.Literal('declining'), Type.Literal('steady'), Type.Literal('insufficient')]),
  }),
  projects: Type.Array(Type.Object({ projectId: Uuid, projectName: Type.String(), submitted: Type.Integer(), gold: RateDto, review: RateDto })),
});
export type SkillRecordDto = Static<typeof SkillRecordDto>;
