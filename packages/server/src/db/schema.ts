import type { ColumnType, Generated } from 'kysely';
import type { CatalogTables } from './catalog-schema.js';
import type { CatalogOrderTables } from './catalog-order-schema.js';
import type { WorkPackageTables } from './work-package-schema.js';
import type { ModelTables } from './model-schema.js';
import type { UploadTables } from './upload-schema.js';

/** Row types of the database, for Kysely. Timestamps come back as Date from both drivers. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint identity columns are returned as decimal strings by both drivers (configured in the dialects). */
type BigId = ColumnType<string, never, never>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface OrganizationsTable { id: string; name: string; created_at: Timestamp }
export interface UsersTable { id: string; email: string; name: string; password_hash: string | null; created_at: Timestamp }
export interface SessionsTable { id: string; user_id: string; csrf_token: string; created_at: Timestamp; expires_at: Timestamp; last_seen_at: Timestamp }
export interface ApiTokensTable { id: string; user_id: string; name: string; token_hash: string; created_at: Timestamp; last_used_at: Timestamp | null }
export interface LoginAttemptsTable { key: string; failures: number; window_start: Timestamp }
export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
  /** Set while an owner or admin has disabled this member in this organisation (docs/security.md). */
  disabled_at: Date | null;
  disabled_by: string | null;
  disabled_reason: string | null;
}
/** An organisation's sign-in rules; no row = the server's defaults. */
export interface OrgSecurityTable {
  org_id: string;
  /** CIDRs as saved (normalised); empty = any address. */
  ip_allowlist: ColumnType<string[], string | undefined, string>;
  session_idle_minutes: number | null;
  session_absolute_hours: number | null;
  updated_by: string | null;
  updated_at: Timestamp;
}
export interface ProjectsTable {
  id: string;
  org_id: string;
  name: string;
  description: Generated<string>;
  label_config: Json;
  overlap: Generated<number>;
  lease_seconds: Generated<number>;
  /** Partial QualityPolicy; defaults fill the rest. */
  quality_policy: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** The ISO 2859-1 switching state (normal / tightened / reduced), null before the first lot. */
  sampling_state: ColumnType<unknown, string | null | undefined, string | null>;
  /** The import pipeline (0023): `{spec, pseudonymKey, updatedBy, updatedAt}`, or null for none. */
  import_pipeline: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ImportsTable {
  id: string;
  org_id: string;
  project_id: string;
  file_name: string | null;
  format: string;
  task_count: number;
  created_by: string | null;
  created_at: Timestamp;
  /** SHA-256 of the uploaded file, kept in the blob store. */
  source_sha256: string | null;
  source_bytes: ColumnType<string | null, string | null, string | null>;
}
export interface TasksTable {
  id: BigId;
  org_id: string;
  project_id: string;
  import_id: string | null;
  data: Json<Record<string, unknown>>;
  completed: Generated<boolean>;
  created_at: Timestamp;
  /** The expected result of a gold (honeypot) task; null for ordinary tasks. */
  gold: ColumnType<unknown[] | null, string | null | undefined, string | null>;
  /** Claim-search hint (migration 0026): the overlap is taken until at least this time; null when not known. */
  full_until: ColumnType<Date | null, never, Date | null>;
}
export interface AssignmentsTable {
  id: string;
  org_id: string;
  project_id: string;
  task_id: string;
  user_id: string;
  status: string;
  leased_at: Timestamp;
  expires_at: Timestamp;
  finished_at: Timestamp | null;
}
export interface AnnotationsTable {
  id: string;
  org_id: string;
  project_id: string;
  task_id: string;
  user_id: string;
  assignment_id: string | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  review_status: Generated<string>;
}
export interface AnnotationVersionsTable { annotation_id: string; version: number; org_id: string; result: Json<unknown[]>; lead_time_ms: number; created_by: string; created_at: Timestamp }
export interface AuditLogTable {
  id: BigId;
  org_id: string;
  user_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  details: Json;
  at: Timestamp;
  /** The client's address; defaults to the transaction's `yungang.client_addr` (set by `Database.tenant()`). */
  address: ColumnType<string | null, string | null | undefined, never>;
}

/** Bytes (bytea) come back as Uint8Array (PGlite) or Buffer (node-postgres, a Uint8Array too). */
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
export interface LogEntriesTable {
  id: BigId;
  org_id: string | null;
  kind: string;
  subject_type: string;
  subject_id: string;
  project_id: string | null;
  task_id: string | null;
  actor_id: string | null;
  /** Canonical JSON (RFC 8785) of the event, as the act wrote it. */
  event: string;
  created_at: Generated<Date>;
  leaf_index: ColumnType<string | null, never, string>;
  /** Canonical JSON of the sequenced entry (event + index + time): the leaf's bytes. */
  entry: ColumnType<string | null, never, string>;
  sequenced_at: ColumnType<Date | null, never, Date>;
}
export interface LogNodesTable { level: number; idx: ColumnType<string, string, string>; hash: Bytes }
export interface LogHeadsTable { tree_size: ColumnType<string, string, string>; root_hash: Bytes; checkpoint: string; created_at: Generated<Date> }

export interface DatasetVersionsTable {
  id: string;
  org_id: string;
  project_id: string;
  version: number;
  name: string;
  description: Generated<string>;
  item_count: number;
  /** Hex RFC 6962 root over the sorted SHA-256 leaf hashes of the records: independent of record order. */
  items_root: string;
  /** The snapshot file (canonical order) in the blob store. */
  data_sha256: string;
  data_bytes: ColumnType<string, string, string>;
  created_by: string | null;
  created_at: Generated<Date>;
}
export interface DeliveriesTable { id: string; org_id: string; dataset_version_id: string; recipient_user_id: string | null; secret: Bytes; created_at: Generated<Date> }

export interface GoldChecksTable { id: string; org_id: string; project_id: string; task_id: string; annotation_id: string; version: number; user_id: string; score: number; passed: boolean; created_at: Generated<Date> }
export interface LotsTable {
  id: string;
  org_id: string;
  project_id: string;
  number: number;
  size: number;
  aql: number;
  inspection_level: string;
  severity: string;
  code_letter: string;
  sample_size: number;
  accept: number;
  reject: number;
  status: Generated<string>;
  nonconforming: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  decided_at: Date | null;
}
export interface LotItemsTable { lot_id: string; org_id: string; annotation_id: string; version: number; sampled: boolean }
export interface ReviewQueueTable {
  id: string;
  org_id: string;
  project_id: string;
  annotation_id: string;
  version: number;
  annotator_id: string;
  reason: string;
  lot_id: string | null;
  status: Generated<string>;
  reviewer_id: string | null;
  expires_at: Date | null;
  decision: string | null;
  comment: Generated<string>;
  created_at: Generated<Date>;
  decided_at: Date | null;
}
export interface AdjudicationsTable {
  task_id: string;
  org_id: string;
  project_id: string;
  agreement: number;
  status: Generated<string>;
  adjudicator_id: string | null;
  expires_at: Date | null;
  result: ColumnType<unknown[] | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  decided_at: Date | null;
}

export interface InspectionsTable { id: string; org_id: string; dataset_version_id: string; sample_size: number; created_by: string | null; created_at: Generated<Date> }
export interface InspectionItemsTable {
  id: string;
  org_id: string;
  inspection_id: string;
  task_id: string;
  /** The delivered label as the snapshot holds it: {result, method, inputs}. */
  label: ColumnType<{ result: unknown[]; method: string }, string, string>;
  status: Generated<string>;
  inspector_id: string | null;
  expires_at: Date | null;
  correct: boolean | null;
  comment: Generated<string>;
  decided_at: Date | null;
}

/** Training and certification (docs/training.md, migration 0009). */
export interface CoursesTable { id: string; org_id: string; project_id: string | null; title: string; body: string; created_by: string | null; created_at: Generated<Date>; updated_at: Generated<Date> }
export interface CertificationsTable { id: string; org_id: string; name: string; description: string; validity_days: number | null; created_by: string | null; created_at: Generated<Date> }
export interface ExamsTable {
  id: string;
  org_id: string;
  project_id: string | null;
  course_id: string | null;
  certification_id: string | null;
  title: string;
  description: string;
  label_config: Json;
  pass_score: number;
  time_limit_seconds: number | null;
  max_attempts: number | null;
  cooldown_seconds: number;
  show_answers: boolean;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface ExamItemsTable { id: string; org_id: string; exam_id: string; position: number; data: Json<Record<string, unknown>>; expected: Json<unknown[]> }
export interface ExamAttemptsTable {
  id: string;
  org_id: string;
  exam_id: string;
  user_id: string;
  mode: string;
  started_at: Generated<Date>;
  /** Fixed at the start from the exam's time limit; null = none. */
  deadline_at: Date | null;
  finished_at: Date | null;
  score: number | null;
  passed: boolean | null;
}
export interface ExamAnswersTable { attempt_id: string; item_id: string; org_id: string; result: Json<unknown[]>; score: number; controls: Json<unknown[]>; answered_at: Generated<Date> }
export interface UserCertificationsTable {
  id: string;
  org_id: string;
  certification_id: string;
  user_id: string;
  status: string;
  granted_at: Timestamp;
  expires_at: Date | null;
  attempt_id: string | null;
  status_reason: string | null;
  status_changed_by: string | null;
  status_changed_at: Date | null;
}
export interface ProjectCertificationsTable { project_id: string; certification_id: string; org_id: string }

/** An image a project received (docs/media.md); the bytes are blobs named by these SHA-256s. */
export interface MediaTable {
  id: string;
  org_id: string;
  project_id: string;
  task_id: string | null;
  import_id: string | null;
  /** The untouched original as uploaded. */
  sha256: string;
  size: ColumnType<string, string | number, string | number>;
  original_name: string;
  mime: string;
  /** Of the served image, EXIF orientation applied. */
  width: number;
  height: number;
  orientation: Generated<number>;
  stripped: Generated<boolean>;
  /** The image annotators get: the original, or a turned / metadata-free / browser-readable copy. */
  display_sha256: string;
  display_mime: string;
  thumb_sha256: string;
  /** The tile pyramid's manifest blob (images over 8,000 px on a side), else null. */
  tiles_sha256: string | null;
  tile_size: number | null;
  tile_overlap: number | null;
  tile_format: string | null;
  /** Audio (0013-audio): the waveform peaks blob (audiowaveform .dat), length in seconds, original rate and channels, loudness in LUFS. */
  audio_peaks_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  audio_duration: ColumnType<number | null, number | null | undefined, number | null>;
  audio_sample_rate: ColumnType<number | null, number | null | undefined, number | null>;
  audio_channels: ColumnType<number | null, number | null | undefined, number | null>;
  audio_loudness: ColumnType<number | null, number | null | undefined, number | null>;
  /** Video (0012-video): the frame index blob (JSON, every frame's time), frames per second, frame count, seconds, codec of the original. */
  video_frame_index_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  video_fps: ColumnType<number | null, number | null | undefined, number | null>;
  video_frames: ColumnType<number | null, number | null | undefined, number | null>;
  video_duration: ColumnType<number | null, number | null | undefined, number | null>;
  video_codec: ColumnType<string | null, string | null | undefined, string | null>;
  /** Full-resolution copy of a re-encoded video (0025-video-full), made by the `video-full` job after the proxy; null until then. */
  video_full_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  /** Document (0018-documents): the layout manifest blob (pages, their pictures and text layers), the page count and the text's length in code points. */
  document_layout_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  document_pages: ColumnType<number | null, number | null | undefined, number | null>;
  document_text_length: ColumnType<number | null, number | null | undefined, number | null>;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** A model's result for a task, imported from a file (0011-predictions). */
export interface PredictionsTable {
  id: string;
  org_id: string;
  project_id: string;
  task_id: string;
  import_id: string | null;
  result: Json<unknown[]>;
  model_version: string | null;
  score: number | null;
  created_by: string | null;
  created_at: Timestamp;
  /** The registered model backend that made it (0015-model-backends); null for imported ones. */
  backend_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the backend said beside the result, e.g. a recogniser's word confidences (0020-speech-backends). */
  meta: ColumnType<unknown, string | null | undefined, string | null>;
}

/** A durable background job (0014-jobs, docs/jobs.md). */
export interface JobsTable {
  id: string;
  org_id: string;
  project_id: string | null;
  kind: string;
  payload: Json<unknown>;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  done: ColumnType<string, number | undefined, number>;
  total: ColumnType<string | null, number | null | undefined, number | null>;
  checkpoint: ColumnType<unknown, string | null | undefined, string | null>;
  summary: ColumnType<unknown, string | null | undefined, string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  cancel_requested: ColumnType<boolean, boolean | undefined, boolean>;
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  lease_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  updated_at: Generated<Date>;
  /** A shard of a split pipeline run names the run's job (0024); the parent waits until its children end. */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What a pipeline run did with one input task (0014-jobs, docs/pipelines.md). */
export interface PipelineItemsTable {
  job_id: string;
  org_id: string;
  input_task_id: string;
  outcome: 'kept' | 'changed' | 'dropped';
  /** Which operator dropped it and why (core `DroppedBy`). */
  dropped_by: ColumnType<unknown, string | null | undefined, string | null>;
  /** The output record until the run publishes it as a task. */
  output: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  output_task_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The catalog's tables (0016-catalog) are declared in catalog-schema.ts. */
export interface DB extends CatalogTables, CatalogOrderTables, ModelTables, UploadTables, WorkPackageTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  memberships: MembershipsTable;
  org_security: OrgSecurityTable;
  projects: ProjectsTable;
  imports: ImportsTable;
  tasks: TasksTable;
  assignments: AssignmentsTable;
  annotations: AnnotationsTable;
  annotation_versions: AnnotationVersionsTable;
  audit_log: AuditLogTable;
  log_entries: LogEntriesTable;
  log_nodes: LogNodesTable;
  log_heads: LogHeadsTable;
  dataset_versions: DatasetVersionsTable;
  deliveries: DeliveriesTable;
  gold_checks: GoldChecksTable;
  lots: LotsTable;
  lot_items: LotItemsTable;
  review_queue: ReviewQueueTable;
  adjudications: AdjudicationsTable;
  inspections: InspectionsTable;
  inspection_items: InspectionItemsTable;
  courses: CoursesTable;
  certifications: CertificationsTable;
  exams: ExamsTable;
  exam_items: ExamItemsTable;
  exam_attempts: ExamAttemptsTable;
  exam_answers: ExamAnswersTable;
  user_certifications: UserCertificationsTable;
  project_certifications: ProjectCertificationsTable;
  media: MediaTable;
  predictions: PredictionsTable;
  jobs: JobsTable;
  pipeline_items: PipelineItemsTable;
}
