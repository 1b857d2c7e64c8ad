import type { ColumnType, Generated } from 'kysely';

/** Row types of the database, for Kysely. Timestamps come back as Date from both drivers. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint identity columns are returned as decimal strings by both drivers (configured in the dialects). */
type BigId = ColumnType<string, never, never>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface OrganizationsTable { id: string; name: string; created_at: Timestamp }
export interface UsersTable { id: string; email: string; name: string; password_hash: string | null; created_at: Timestamp }
export interface SessionsTable { id: string; user_id: string; csrf_token: string; created_at: Timestamp; expires_at: Timestamp }
export interface ApiTokensTable { id: string; user_id: string; name: string; token_hash: string; created_at: Timestamp; last_used_at: Timestamp | null }
export interface LoginAttemptsTable { key: string; failures: number; window_start: Timestamp }
export interface MembershipsTable { org_id: string; user_id: string; role: string; created_at: Timestamp }
export interface ProjectsTable {
  id: string;
  org_id: string;
  name: string;
  description: Generated<string>;
  label_config: Json;
  overlap: Generated<number>;
  lease_seconds: Generated<number>;
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
export interface TasksTable { id: BigId; org_id: string; project_id: string; import_id: string | null; data: Json<Record<string, unknown>>; completed: Generated<boolean>; created_at: Timestamp }
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
export interface AnnotationsTable { id: string; org_id: string; project_id: string; task_id: string; user_id: string; assignment_id: string | null; version: number; created_at: Timestamp; updated_at: Timestamp }
export interface AnnotationVersionsTable { annotation_id: string; version: number; org_id: string; result: Json<unknown[]>; lead_time_ms: number; created_by: string; created_at: Timestamp }
export interface AuditLogTable { id: BigId; org_id: string; user_id: string | null; action: string; object_type: string; object_id: string | null; details: Json; at: Timestamp }

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  memberships: MembershipsTable;
  projects: ProjectsTable;
  imports: ImportsTable;
  tasks: TasksTable;
  assignments: AssignmentsTable;
  annotations: AnnotationsTable;
  annotation_versions: AnnotationVersionsTable;
  audit_log: AuditLogTable;
}
