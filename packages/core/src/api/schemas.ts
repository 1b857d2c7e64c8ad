/**
 * The HTTP contract of /api/v1, as TypeBox schemas. The server validates with them and generates the
 * OpenAPI document from them; the web app and the CLI use the derived types. One source, no drift.
 */
import Type, { type Static } from 'typebox';
import type { ROLES } from '../auth/roles.js';
import { PredictionMetaJson } from './speech-schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

export const ErrorCode = Type.Union([
  Type.Literal('bad_request'),
  Type.Literal('validation_failed'),
  Type.Literal('unauthenticated'),
  Type.Literal('forbidden'),
  Type.Literal('not_found'),
  Type.Literal('conflict'),
  Type.Literal('too_many_requests'),
  Type.Literal('payload_too_large'),
  Type.Literal('locked'),
  Type.Literal('internal'),
  /** A model backend (docs/models.md) answered with an error or nonsense. */
  Type.Literal('bad_gateway'),
  /** A model backend did not answer in time. */
  Type.Literal('gateway_timeout'),
]);
export type ErrorCode = Static<typeof ErrorCode>;

/** Every error the API returns has this shape. `details` is machine-readable (e.g. `{line, field}`). */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: ErrorCode, message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const RoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('manager'),
  Type.Literal('reviewer'),
  Type.Literal('annotator'),
  Type.Literal('viewer'),
]);
// Keeps the schema and the ROLES list from drifting apart: fails to compile if they differ.
const _rolesMatch: [Static<typeof RoleSchema>] extends [(typeof ROLES)[number]] ? ((typeof ROLES)[number] extends Static<typeof RoleSchema> ? true : never) : never = true;
void _rolesMatch;

export const UserDto = Type.Object({ id: Uuid, email: Type.String(), name: Type.String() });
export type UserDto = Static<typeof UserDto>;

export const OrgSummaryDto = Type.Object({ id: Uuid, name: Type.String(), role: RoleSchema });
export type OrgSummaryDto = Static<typeof OrgSummaryDto>;

export const MeDto = Type.Object({
  user: UserDto,
  orgs: Type.Array(OrgSummaryDto),
  /** Sent back as the `X-CSRF-Token` header on every state-changing request made with the session cookie. */
  csrfToken: Type.String(),
});
export type MeDto = Static<typeof MeDto>;

export const LoginBody = Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) });
export type LoginBody = Static<typeof LoginBody>;

export const SetupStatusDto = Type.Object({ needed: Type.Boolean() });
export type SetupStatusDto = Static<typeof SetupStatusDto>;
export const SetupBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 8, maxLength: 1024 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  orgName: Type.String({ minLength: 1, maxLength: 200 }),
});
export type SetupBody = Static<typeof SetupBody>;

export const CreateTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
export const TokenDto = Type.Object({ id: Uuid, name: Type.String(), createdAt: Timestamp, lastUsedAt: Type.Union([Timestamp, Type.Null()]) });
export type TokenDto = Static<typeof TokenDto>;
/** Returned once, at creation: the secret is never shown again (only its hash is stored). */
export const CreatedTokenDto = Type.Object({ id: Uuid, name: Type.String(), createdAt: Timestamp, token: Type.String() });
export type CreatedTokenDto = Static<typeof CreatedTokenDto>;

export const CreateOrgBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
export type CreateOrgBody = Static<typeof CreateOrgBody>;
export const OrgDto = Type.Object({ id: Uuid, name: Type.String(), createdAt: Timestamp });
export type OrgDto = Static<typeof OrgDto>;

export const MemberDto = Type.Object({ user: UserDto, role: RoleSchema, createdAt: Timestamp });
export type MemberDto = Static<typeof MemberDto>;
/** Adds an existing user by email; with `password` (and optionally `name`) a new account is created. */
export const AddMemberBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  role: RoleSchema,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 1024 })),
});
export type AddMemberBody = Static<typeof AddMemberBody>;

/** The label configuration travels as JSON; its full validation (with paths) is `parseLabelConfig`. */
export const LabelConfigJson = Type.Object({}, { additionalProperties: true, description: 'LabelConfig document (see docs/label-config.md)' });

export const ProjectStatsDto = Type.Object({ tasks: Type.Integer(), completed: Type.Integer(), annotations: Type.Integer() });
/** A cross-modal consistency rule (core quality/consistency/consistency-rules.ts explains the kinds). */
export const ConsistencyRuleSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('labels-covered'),
      from: Type.String(),
      to: Type.String(),
      match: Type.Optional(Type.Union([Type.Literal('presence'), Type.Literal('count')])),
      labels: Type.Optional(Type.Array(Type.String())),
      map: Type.Optional(Type.Record(Type.String(), Type.String())),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('requires'), when: Type.String(), then: Type.String() }, { additionalProperties: false }),
]);

/**
 * How a project assures quality (issue 5; docs/quality/workflow.md). Every field has a default
 * (DEFAULT_QUALITY_POLICY below), so `{}` is "no gold, no review, no lots, no adjudication": plain overlap.
 * The schema itself carries no defaults: the update body is a partial of it, and a validator that fills
 * defaults would reset every field the caller did not send.
 */
export const QualityPolicy = Type.Object({
  /** Share of claims that serve a gold (honeypot) task the annotator has not done yet. */
  goldRate: Type.Number({ minimum: 0, maximum: 1 }),
  /** Immediate: the submit answer says pass/fail and shows the expected result; deferred: only scores show it. */
  goldFeedback: Type.Union([Type.Literal('immediate'), Type.Literal('deferred')]),
  /** Agreement with the gold result needed to pass (1 = identical). */
  goldPassScore: Type.Number({ minimum: 0, maximum: 1 }),
  /** Which submissions a reviewer checks: none, all, or a deterministic sample. */
  review: Type.Union([Type.Literal('none'), Type.Literal('all'), Type.Literal('sample')]),
  reviewSampleRate: Type.Number({ minimum: 0, maximum: 1 }),
  /** Acceptance quality limit (percent nonconforming, GB/T 2828.1 / ISO 2859-1) for lots; null = no lot inspection. */
  aql: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 10 }), Type.Null()]),
  inspectionLevel: Type.Union([Type.Literal('I'), Type.Literal('II'), Type.Literal('III'), Type.Literal('S-1'), Type.Literal('S-2'), Type.Literal('S-3'), Type.Literal('S-4')]),
  /** Tasks whose annotators agree less than this (0..1) go to adjudication once complete; null = never. */
  adjudicationThreshold: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  /** Rules linking annotations across the task's fields; a submission that breaks one goes to review. */
  consistencyRules: Type.Array(ConsistencyRuleSchema, { maxItems: 50 }),
  /** Share of items that must be consistent (the plan's floor is 90 %). */
  consistencyTarget: Type.Number({ minimum: 0, maximum: 1 }),
});
export type QualityPolicy = Static<typeof QualityPolicy>;
export const DEFAULT_QUALITY_POLICY: QualityPolicy = {
  goldRate: 0,
  goldFeedback: 'immediate',
  goldPassScore: 1,
  review: 'none',
  reviewSampleRate: 0.1,
  aql: null,
  inspectionLevel: 'II',
  adjudicationThreshold: null,
  consistencyRules: [],
  consistencyTarget: 0.9,
};
/** A stored (possibly partial, possibly older) policy with every missing field at its default. */
export function resolveQualityPolicy(stored: Partial<QualityPolicy> | null | undefined): QualityPolicy {
  return { ...DEFAULT_QUALITY_POLICY, ...(stored ?? {}) };
}

export const ProjectDto = Type.Object({
  id: Uuid,
  orgId: Uuid,
  name: Type.String(),
  description: Type.String(),
  labelConfig: LabelConfigJson,
  overlap: Type.Integer(),
  leaseSeconds: Type.Integer(),
  qualityPolicy: QualityPolicy,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  stats: ProjectStatsDto,
});
export type ProjectDto = Static<typeof ProjectDto>;
export const CreateProjectBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  labelConfig: LabelConfigJson,
  overlap: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  leaseSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 7 * 24 * 3600 })),
  /** Only the fields to change; the rest keep their value (or default). */
  qualityPolicy: Type.Optional(Type.Partial(QualityPolicy, { additionalProperties: false })),
});
export type CreateProjectBody = Static<typeof CreateProjectBody>;
export const UpdateProjectBody = Type.Partial(CreateProjectBody);
export type UpdateProjectBody = Static<typeof UpdateProjectBody>;

export const TaskStatus = Type.Union([Type.Literal('open'), Type.Literal('in_progress'), Type.Literal('completed')]);
export type TaskStatus = Static<typeof TaskStatus>;
export const TaskRowDto = Type.Object({
  id: Type.String({ description: 'Task id (decimal string)' }),
  data: Type.Record(Type.String(), Type.Unknown()),
  status: TaskStatus,
  annotationCount: Type.Integer(),
  activeAssignments: Type.Integer(),
  annotators: Type.Array(Type.String()),
  createdAt: Timestamp,
});
export type TaskRowDto = Static<typeof TaskRowDto>;
export const TaskPageDto = Type.Object({ items: Type.Array(TaskRowDto), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type TaskPageDto = Static<typeof TaskPageDto>;
export const TaskListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  after: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
  status: Type.Optional(TaskStatus),
  annotator: Type.Optional(Type.String({ description: 'user id or email' })),
});
export type TaskListQuery = Static<typeof TaskListQuery>;

export const ResultItemJson = Type.Object(
  { id: Type.String(), from_name: Type.String(), to_name: Type.String(), type: Type.String(), value: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: true },
);
export const AnnotationDto = Type.Object({
  id: Uuid,
  taskId: Type.String(),
  userId: Uuid,
  userEmail: Type.String(),
  version: Type.Integer({ description: 'latest version number, 1-based' }),
  result: Type.Array(ResultItemJson),
  leadTimeMs: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Where review stands: none (not selected), pending, accepted, or rejected (back to the annotator). */
  reviewStatus: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')])),
  /** On the submit answer of a gold task when the project gives immediate feedback. */
  goldFeedback: Type.Optional(Type.Object({ passed: Type.Boolean(), score: Type.Number(), expected: Type.Array(ResultItemJson) })),
});
export type AnnotationDto = Static<typeof AnnotationDto>;
export const AnnotationVersionDto = Type.Object({
  annotationId: Uuid,
  version: Type.Integer(),
  result: Type.Array(ResultItemJson),
  leadTimeMs: Type.Integer(),
  createdBy: Uuid,
  createdAt: Timestamp,
});
export type AnnotationVersionDto = Static<typeof AnnotationVersionDto>;

/** A model's result for a task, imported from a file (docs/formats.md); the workbench may start from it. */
export const PredictionDto = Type.Object({
  id: Uuid,
  result: Type.Array(ResultItemJson),
  modelVersion: Type.Union([Type.String(), Type.Null()]),
  score: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Timestamp,
  /** Beside the result: a recogniser's word confidences (docs/models.md, Speech); absent when none. */
  meta: Type.Optional(PredictionMetaJson),
});
export type PredictionDto = Static<typeof PredictionDto>;

export const TaskDto = Type.Object({
  id: Type.String(),
  projectId: Uuid,
  data: Type.Record(Type.String(), Type.Unknown()),
  status: TaskStatus,
  createdAt: Timestamp,
  annotations: Type.Array(AnnotationDto),
  predictions: Type.Optional(Type.Array(PredictionDto)),
});
export type TaskDto = Static<typeof TaskDto>;

export const AssignmentStatus = Type.Union([Type.Literal('active'), Type.Literal('submitted'), Type.Literal('skipped'), Type.Literal('released'), Type.Literal('expired')]);
export type AssignmentStatus = Static<typeof AssignmentStatus>;
export const AssignmentDto = Type.Object({ id: Uuid, taskId: Type.String(), projectId: Uuid, status: AssignmentStatus, expiresAt: Timestamp });
export type AssignmentDto = Static<typeof AssignmentDto>;
/** `assignment: null` means nothing is left for this annotator in this project. */
export const NextTaskDto = Type.Object({
  assignment: Type.Union([AssignmentDto, Type.Null()]),
  task: Type.Union([TaskDto, Type.Null()]),
  /** The caller's own earlier annotation of this task, if any (to continue editing). */
  annotation: Type.Union([AnnotationDto, Type.Null()]),
  /** Model predictions for the task, newest first, to start from (absent when there are none). */
  predictions: Type.Optional(Type.Array(PredictionDto)),
});
export type NextTaskDto = Static<typeof NextTaskDto>;

export const SubmitAnnotationBody = Type.Object({
  result: Type.Array(ResultItemJson),
  leadTimeMs: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Version the client edited; a stale value answers 409 instead of overwriting someone's work. */
  baseVersion: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type SubmitAnnotationBody = Static<typeof SubmitAnnotationBody>;

export const ImportResultDto = Type.Object({
  importId: Uuid,
  taskCount: Type.Integer(),
  format: Type.String(),
  /** SHA-256 of the uploaded file, kept unchanged in the blob store. */
  sourceSha256: Type.String(),
  /** Annotation formats (docs/formats.md): results stored, and what the file held that was not imported. */
  annotationCount: Type.Optional(Type.Integer()),
  /** The project's import pipeline (docs/pipelines.md, "On import"): records dropped and changed, per-operator counts with examples. */
  pipeline: Type.Optional(Type.Object({ records: Type.Integer(), kept: Type.Integer(), changed: Type.Integer(), dropped: Type.Integer(), stats: Type.Unknown() })),
  predictionCount: Type.Optional(Type.Integer()),
  skipped: Type.Optional(Type.Array(Type.String())),
});
export type ImportResultDto = Static<typeof ImportResultDto>;
export const ImportFormat = Type.Union([Type.Literal('json'), Type.Literal('jsonl'), Type.Literal('csv')]);
export type ImportFormat = Static<typeof ImportFormat>;
export const ExportFormat = Type.Union([Type.Literal('jsonl'), Type.Literal('csv')]);
export type ExportFormat = Static<typeof ExportFormat>;

export const AuditEntryDto = Type.Object({
  id: Type.String(),
  at: Timestamp,
  userId: Type.Union([Uuid, Type.Null()]),
  userEmail: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
  /** The client's address (behind a proxy, with YUNGANG_TRUST_PROXY=1, the forwarded one); null for acts outside a request. */
  address: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntryDto = Static<typeof AuditEntryDto>;

export const HealthDto = Type.Object({ status: Type.Literal('ok'), version: Type.String(), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) });
export type HealthDto = Static<typeof HealthDto>;

// ---- provenance: the transparency log (docs/provenance.md) ----

/** One logged event as its organisation sees it; `index` is null while it waits for the sequencer. */
export const LogEntryDto = Type.Object({
  index: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  kind: Type.String(),
  at: Timestamp,
  actorId: Type.Union([Uuid, Type.Null()]),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  subjectType: Type.String(),
  subjectId: Type.String(),
  data: Type.Unknown(),
  /** The leaf's exact bytes (canonical JSON), once sequenced: hash them with 0x00 in front to get the leaf hash. */
  entry: Type.Union([Type.String(), Type.Null()]),
});
export type LogEntryDto = Static<typeof LogEntryDto>;

export const HistoryDto = Type.Object({ subjectType: Type.String(), subjectId: Type.String(), items: Type.Array(LogEntryDto) });
export type HistoryDto = Static<typeof HistoryDto>;

export const HistorySubject = Type.Union([Type.Literal('task'), Type.Literal('annotation'), Type.Literal('project'), Type.Literal('dataset-version')]);
export type HistorySubject = Static<typeof HistorySubject>;

/** An inclusion proof: base64 hashes from the leaf's sibling upwards (RFC 6962 §2.1.1). */
export const InclusionProofDto = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  treeSize: Type.Integer({ minimum: 1 }),
  leafHash: Type.String(),
  proof: Type.Array(Type.String()),
  /** The signed checkpoint of `treeSize`. */
  checkpoint: Type.String(),
});
export type InclusionProofDto = Static<typeof InclusionProofDto>;

export const ConsistencyProofDto = Type.Object({ from: Type.Integer({ minimum: 0 }), to: Type.Integer({ minimum: 0 }), proof: Type.Array(Type.String()) });
export type ConsistencyProofDto = Static<typeof ConsistencyProofDto>;

export const LogKeysDto = Type.Object({ origin: Type.String(), trusted: Type.Array(Type.String()), revoked: Type.Array(Type.String()) });
export type LogKeysDto = Static<typeof LogKeysDto>;

/** An immutable snapshot of a project's records, vouched for by the transparency log. */
export const DatasetVersionDto = Type.Object({
  id: Uuid,
  projectId: Uuid,
  version: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  description: Type.String(),
  itemCount: Type.Integer({ minimum: 0 }),
  /** Hex RFC 6962 root over the sorted leaf hashes of the record lines (independent of order). */
  itemsRoot: Type.String(),
  dataSha256: Type.String(),
  dataBytes: Type.Integer({ minimum: 0 }),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  /** Position of the version's entry in the log; null until the sequencer has placed it (within a second). */
  logIndex: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export type DatasetVersionDto = Static<typeof DatasetVersionDto>;

export const CreateDatasetVersionBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 10_000 })) },
  { additionalProperties: false },
);
export type CreateDatasetVersionBody = Static<typeof CreateDatasetVersionBody>;

// ---- quality workflow (issue 5): gold, review, lots, adjudication ----

export const SetGoldBody = Type.Object({ result: Type.Array(ResultItemJson) }, { additionalProperties: false });
export type SetGoldBody = Static<typeof SetGoldBody>;
export const GoldDto = Type.Object({ taskId: Type.String(), result: Type.Array(ResultItemJson) });
export type GoldDto = Static<typeof GoldDto>;

export const ReviewReason = Type.Union([Type.Literal('all'), Type.Literal('sample'), Type.Literal('lot'), Type.Literal('rework'), Type.Literal('screening'), Type.Literal('inconsistent'), Type.Literal('safety')]);
export type ReviewReason = Static<typeof ReviewReason>;
export const ReviewCommentDto = Type.Object({ version: Type.Integer(), decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]), comment: Type.String(), reviewerEmail: Type.String(), at: Timestamp });
export type ReviewCommentDto = Static<typeof ReviewCommentDto>;
/** One submission to review: the task, the annotation under review and earlier decisions on it. */
export const ReviewItemDto = Type.Object({
  id: Uuid,
  reason: ReviewReason,
  lotId: Type.Union([Uuid, Type.Null()]),
  task: TaskDto,
  annotation: AnnotationDto,
  earlier: Type.Array(ReviewCommentDto),
  expiresAt: Timestamp,
});
export type ReviewItemDto = Static<typeof ReviewItemDto>;
export const NextReviewDto = Type.Object({ item: Type.Union([ReviewItemDto, Type.Null()]) });
export type NextReviewDto = Static<typeof NextReviewDto>;
export const ReviewDecisionBody = Type.Object(
  { decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]), comment: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export type ReviewDecisionBody = Static<typeof ReviewDecisionBody>;

/** A rejected submission back with its annotator: fix it with PUT /annotations/{id} on top of `annotation.version`. */
export const ReturnedWorkDto = Type.Object({ task: TaskDto, annotation: AnnotationDto, comment: Type.String(), reviewerEmail: Type.String(), rejectedAt: Timestamp });
export type ReturnedWorkDto = Static<typeof ReturnedWorkDto>;

export const LotStatus = Type.Union([Type.Literal('inspecting'), Type.Literal('accepted'), Type.Literal('rejected')]);
export const LotDto = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  size: Type.Integer(),
  aql: Type.Number(),
  inspectionLevel: Type.String(),
  severity: Type.Union([Type.Literal('normal'), Type.Literal('tightened'), Type.Literal('reduced')]),
  codeLetter: Type.String(),
  sampleSize: Type.Integer(),
  accept: Type.Integer(),
  reject: Type.Integer(),
  inspected: Type.Integer(),
  nonconforming: Type.Integer(),
  status: LotStatus,
  createdAt: Timestamp,
  decidedAt: Type.Union([Timestamp, Type.Null()]),
});
export type LotDto = Static<typeof LotDto>;
export const CreateLotBody = Type.Object({ size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }, { additionalProperties: false });
export type CreateLotBody = Static<typeof CreateLotBody>;
/** A decision, and the lot it belonged to with its status after this decision (lots decide when their sample is inspected). */
export const ReviewDto = Type.Object({
  id: Uuid,
  annotationId: Uuid,
  version: Type.Integer(),
  decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
  comment: Type.String(),
  lot: Type.Union([Type.Object({ id: Uuid, status: LotStatus }), Type.Null()]),
});
export type ReviewDto = Static<typeof ReviewDto>;
export const LotsDto = Type.Object({ items: Type.Array(LotDto), severity: Type.String(), discontinued: Type.Boolean() });
export type LotsDto = Static<typeof LotsDto>;

export const AdjudicationItemDto = Type.Object({ task: TaskDto, agreement: Type.Number() });
export type AdjudicationItemDto = Static<typeof AdjudicationItemDto>;
export const NextAdjudicationDto = Type.Object({ item: Type.Union([AdjudicationItemDto, Type.Null()]) });
export type NextAdjudicationDto = Static<typeof NextAdjudicationDto>;
export const AdjudicateBody = Type.Object({ result: Type.Array(ResultItemJson) }, { additionalProperties: false });
export type AdjudicateBody = Static<typeof AdjudicateBody>;
export const AdjudicationDto = Type.Object({ taskId: Type.String(), agreement: Type.Number(), status: Type.Union([Type.Literal('pending'), Type.Literal('done')]), result: Type.Union([Type.Array(ResultItemJson), Type.Null()]), adjudicatorEmail: Type.Union([Type.String(), Type.Null()]) });
export type AdjudicationDto = Static<typeof AdjudicationDto>;

const Rate = Type.Object({ correct: Type.Integer(), total: Type.Integer(), estimate: Type.Union([Type.Number(), Type.Null()]), lower: Type.Union([Type.Number(), Type.Null()]), upper: Type.Union([Type.Number(), Type.Null()]) });
export const AnnotatorScoreDto = Type.Object({
  userId: Uuid,
  email: Type.String(),
  submitted: Type.Integer(),
  gold: Rate,
  review: Rate,
  /** Agreement with the other annotators' majority on completed overlapping tasks. */
  consensus: Rate,
  medianLeadTimeMs: Type.Union([Type.Number(), Type.Null()]),
  /**
   * The last 14 days (UTC) with activity: submissions and checks (gold results and review decisions) per
   * day, and whether the pass rate of the later checks differs from the earlier (core `scoreTrend`).
   */
  trend: Type.Object({
    days: Type.Array(Type.Object({ day: Type.String(), submitted: Type.Integer(), correct: Type.Integer(), total: Type.Integer() })),
    direction: Type.Union([Type.Literal('improving'), Type.Literal('declining'), Type.Literal('steady'), Type.Literal('insufficient')]),
    earlier: Type.Union([Type.Number(), Type.Null()]),
    later: Type.Union([Type.Number(), Type.Null()]),
  }),
});
export type AnnotatorScoreDto = Static<typeof AnnotatorScoreDto>;
export const QualitySummaryDto = Type.Object({
  policy: QualityPolicy,
  annotators: Type.Array(AnnotatorScoreDto),
  review: Type.Object({ pending: Type.Integer(), accepted: Type.Integer(), rejected: Type.Integer() }),
  adjudication: Type.Object({ pending: Type.Integer(), done: Type.Integer() }),
  /** Accuracy of the project's submissions estimated from review decisions (Wilson 95%). */
  accuracy: Rate,
  lots: LotsDto,
});
export type QualitySummaryDto = Static<typeof QualitySummaryDto>;

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
/** One GB/T 36344-2018 indicator: how many evaluated items conform. */
export const QualityIndicatorDto = Type.Object({
  name: Type.Union([Type.Literal('normativeness'), Type.Literal('completeness'), Type.Literal('accuracy'), Type.Literal('consistency'), Type.Literal('timeliness'), Type.Literal('accessibility')]),
  conforming: Type.Integer(),
  evaluated: Type.Integer(),
  rate: NullableNumber,
  /** What was counted, in words. */
  basis: Type.String(),
});
export type QualityIndicatorDto = Static<typeof QualityIndicatorDto>;
export const ProcessCheckDto = Type.Object({ check: Type.String(), status: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('not-evaluated')]), detail: Type.String() });
export type ProcessCheckDto = Static<typeof ProcessCheckDto>;
const RateDto = Type.Object({ correct: Type.Integer(), total: Type.Integer(), estimate: NullableNumber, lower: NullableNumber, upper: NullableNumber });
/** The dataset quality report of a project (its newest dataset version, if any): docs/quality/report.md. */
export const QualityReportDto = Type.Object({
  identity: Type.Object({
    projectId: Uuid,
    projectName: Type.String(),
    organisation: Type.String(),
    generatedAt: Timestamp,
    tasks: Type.Integer(),
    annotations: Type.Integer(),
    labelConfigSha256: Type.String(),
    datasetVersion: Type.Union([Type.Object({ id: Uuid, version: Type.Integer(), name: Type.String(), itemsRoot: Type.String(), logIndex: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()]),
  }),
  gbt36344: Type.Array(QualityIndicatorDto),
  ml: Type.Object({
    classBalance: Type.Array(Type.Object({ control: Type.String(), counts: Type.Record(Type.String(), Type.Integer()), imbalanceRatio: NullableNumber, normalizedEntropy: NullableNumber, giniImpurity: NullableNumber })),
    labelDiversity: Type.Union([Type.Object({ items: Type.Integer(), distinctLabels: Type.Integer(), meanLabelsPerItem: Type.Number(), normalizedEntropy: NullableNumber }), Type.Null()]),
    duplicates: Type.Object({ total: Type.Integer(), duplicates: Type.Integer(), rate: NullableNumber }),
    nearDuplicates: Type.Object({ evaluated: Type.Integer(), duplicates: Type.Integer(), rate: NullableNumber, threshold: Type.Number() }),
  }),
  /** review: submissions accepted; gold: gold checks passed; inspection: delivered labels of the newest dataset version judged correct. */
  labelAccuracy: Type.Object({ review: RateDto, gold: RateDto, inspection: RateDto }),
  /** Krippendorff's α (nominal) per choices control, and per option as "chose it or not". */
  agreement: Type.Array(Type.Object({ control: Type.String(), krippendorffAlpha: NullableNumber, units: Type.Integer(), annotators: Type.Integer(), perLabel: Type.Record(Type.String(), NullableNumber) })),
  /** Cross-modal consistency of the delivered labels under the project's rules, against its target. */
  crossModal: Type.Object({
    rules: Type.Integer(),
    evaluated: Type.Integer(),
    consistent: Type.Integer(),
    rate: NullableNumber,
    target: Type.Number(),
    meetsTarget: Type.Union([Type.Boolean(), Type.Null()]),
    /** Up to 100 inconsistent tasks with what each is missing. */
    inconsistent: Type.Array(Type.Object({ taskId: Type.String(), problems: Type.Array(Type.String()) })),
  }),
  labelMethods: Type.Record(Type.String(), Type.Integer()),
  process: Type.Array(ProcessCheckDto),
  lots: Type.Array(LotDto),
});
export type QualityReportDto = Static<typeof QualityReportDto>;

// ---- final inspection of a dataset version: its delivered labels' accuracy with a confidence bound ----

/** Inspectors judged `inspected` of `sampleSize` sampled records; `correct` of them had the right label. */
export const InspectionDto = Type.Object({
  id: Uuid,
  datasetVersionId: Uuid,
  sampleSize: Type.Integer(),
  inspected: Type.Integer(),
  correct: Type.Integer(),
  /** Wilson 95 % interval of the delivered labels' accuracy; null until something is inspected. */
  estimate: Type.Union([Type.Number(), Type.Null()]),
  lower: Type.Union([Type.Number(), Type.Null()]),
  upper: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Timestamp,
});
export type InspectionDto = Static<typeof InspectionDto>;
export const CreateInspectionBody = Type.Object({ sampleSize: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false });
export type CreateInspectionBody = Static<typeof CreateInspectionBody>;
/** One sampled record to judge: the task's data and the label the dataset delivers for it. */
export const InspectionItemDto = Type.Object({
  id: Uuid,
  inspectionId: Uuid,
  taskId: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  label: Type.Object({ result: Type.Array(ResultItemJson), method: Type.String() }),
  expiresAt: Timestamp,
});
export type InspectionItemDto = Static<typeof InspectionItemDto>;
export const NextInspectionItemDto = Type.Object({ item: Type.Union([InspectionItemDto, Type.Null()]) });
export type NextInspectionItemDto = Static<typeof NextInspectionItemDto>;
export const InspectionJudgementBody = Type.Object({ correct: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
export type InspectionJudgementBody = Static<typeof InspectionJudgementBody>;
