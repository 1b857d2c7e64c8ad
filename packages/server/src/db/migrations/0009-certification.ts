import { sql, type Kysely } from 'kysely';

/**
 * Annotator training and certification (docs/training.md):
 * - `courses`: markdown guidelines, per project or (project_id null) for the whole organisation;
 * - `certifications`: named qualifications with a validity period;
 * - `exams` and `exam_items`: a label config of its own, gold items with expected results, pass mark,
 *   time limit and retry policy; a pass grants the exam's certification;
 * - `exam_attempts` and `exam_answers`: real or practice attempts, the deadline fixed at the start so the
 *   server enforces it, answers scored per item;
 * - `user_certifications`: one holding per person and certification (renewed by passing again; the audit
 *   and transparency logs keep its history), with suspension or revocation and the reason;
 * - `project_certifications`: what a project requires before its work is handed out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE courses (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid REFERENCES projects(id) ON DELETE CASCADE,
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX courses_org_idx ON courses (org_id, project_id)`,
    `CREATE TABLE certifications (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      validity_days integer,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, name)
    )`,
    `CREATE TABLE exams (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid REFERENCES projects(id) ON DELETE CASCADE,
      course_id uuid REFERENCES courses(id) ON DELETE SET NULL,
      certification_id uuid REFERENCES certifications(id),
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      label_config jsonb NOT NULL,
      pass_score double precision NOT NULL,
      time_limit_seconds integer,
      max_attempts integer,
      cooldown_seconds integer NOT NULL DEFAULT 0,
      show_answers boolean NOT NULL DEFAULT false,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX exams_org_idx ON exams (org_id, project_id)`,
    `CREATE TABLE exam_items (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
      position integer NOT NULL,
      data jsonb NOT NULL,
      expected jsonb NOT NULL,
      UNIQUE (exam_id, position)
    )`,
    `CREATE TABLE exam_attempts (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      exam_id uuid NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      mode text NOT NULL CHECK (mode IN ('exam', 'practice')),
      started_at timestamptz NOT NULL DEFAULT now(),
      deadline_at timestamptz,
      finished_at timestamptz,
      score double precision,
      passed boolean
    )`,
    `CREATE INDEX exam_attempts_user_idx ON exam_attempts (exam_id, user_id, started_at)`,
    // At most one unfinished real attempt per person and exam: a second start returns the first.
    `CREATE UNIQUE INDEX exam_attempts_open_idx ON exam_attempts (exam_id, user_id) WHERE finished_at IS NULL AND mode = 'exam'`,
    `CREATE TABLE exam_answers (
      attempt_id uuid NOT NULL REFERENCES exam_attempts(id) ON DELETE CASCADE,
      item_id uuid NOT NULL REFERENCES exam_items(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      result jsonb NOT NULL,
      score double precision NOT NULL,
      controls jsonb NOT NULL,
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (attempt_id, item_id)
    )`,
    `CREATE TABLE user_certifications (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      certification_id uuid NOT NULL REFERENCES certifications(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
      granted_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      attempt_id uuid REFERENCES exam_attempts(id),
      status_reason text,
      status_changed_by uuid REFERENCES users(id),
      status_changed_at timestamptz,
      UNIQUE (certification_id, user_id)
    )`,
    `CREATE INDEX user_certifications_user_idx ON user_certifications (user_id)`,
    `CREATE TABLE project_certifications (
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      certification_id uuid NOT NULL REFERENCES certifications(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      PRIMARY KEY (project_id, certification_id)
    )`,
  ];
  for (const table of ['courses', 'certifications', 'exams', 'exam_items', 'exam_attempts', 'exam_answers', 'user_certifications', 'project_certifications']) {
    statements.push(
      `GRANT SELECT, INSERT, UPDATE ON ${table} TO yungang_app`,
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON ${table} TO yungang_app
        USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
        WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
      `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON ${table} TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
    );
  }
  // Replacing an exam's items and a project's requirements deletes rows; nothing else is ever deleted by requests.
  statements.push(`GRANT DELETE ON exam_items, project_certifications TO yungang_app`);
  for (const statement of statements) await sql.raw(statement).execute(db);
}
