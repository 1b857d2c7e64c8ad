/**
 * The HTTP contract of /api/v1, as TypeBox schemas. The server validates with them and generates the
 * OpenAPI document from them; the web app and the CLI use the derived types. One source, no drift.
 */
import Type, { type Static } from 'typebox';
import type { ROLES } from '../auth/roles.js';

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
export const ProjectDto = Type.Object({
  id: Uuid,
  orgId: Uuid,
  name: Type.String(),
  description: Type.String(),
  labelConfig: LabelConfigJson,
  overlap: Type.Integer(),
  leaseSeconds: Type.Integer(),
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

export const TaskDto = Type.Object({
  id: Type.String(),
  projectId: Uuid,
  data: Type.Record(Type.String(), Type.Unknown()),
  status: TaskStatus,
  createdAt: Timestamp,
  annotations: Type.Array(AnnotationDto),
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
