import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';

/** SQL of training: courses, exams with their gold items, attempts and answers (docs/training.md). */

export async function insertCourse(tx: Tx, c: { id: string; orgId: string; projectId: string | null; title: string; body: string; createdBy: string }): Promise<void> {
  await tx.insertInto('courses').values({ id: c.id, org_id: c.orgId, project_id: c.projectId, title: c.title, body: c.body, created_by: c.createdBy }).execute();
}

export async function updateCourse(tx: Tx, id: string, c: { projectId: string | null; title: string; body: string }): Promise<void> {
  await tx.updateTable('courses').set({ project_id: c.projectId, title: c.title, body: c.body, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function findCourse(tx: Tx, id: string) {
  if (!isUuid(id)) return undefined;
  return tx.selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirst();
}
export type CourseRow = NonNullable<Awaited<ReturnType<typeof findCourse>>>;

/** Courses of the organisation; with a project, that project's and the organisation-wide ones. */
export async function listCourses(tx: Tx, projectId?: string): Promise<CourseRow[]> {
  let q = tx.selectFrom('courses').selectAll().orderBy('created_at').orderBy('id');
  if (projectId !== undefined) q = q.where((eb) => eb.or([eb('project_id', '=', projectId), eb('project_id', 'is', null)]));
  return q.execute();
}

export interface ExamValues {
  projectId: string | null;
  courseId: string | null;
  certificationId: string | null;
  title: string;
  description: string;
  labelConfig: unknown;
  passScore: number;
  timeLimitSeconds: number | null;
  maxAttempts: number | null;
  cooldownSeconds: number;
  showAnswers: boolean;
}

function examColumns(e: ExamValues) {
  return {
    project_id: e.projectId,
    course_id: e.courseId,
    certification_id: e.certificationId,
    title: e.title,
    description: e.description,
    label_config: JSON.stringify(e.labelConfig),
    pass_score: e.passScore,
    time_limit_seconds: e.timeLimitSeconds,
    max_attempts: e.maxAttempts,
    cooldown_seconds: e.cooldownSeconds,
    show_answers: e.showAnswers,
  };
}

export async function insertExam(tx: Tx, id: string, orgId: string, createdBy: string, e: ExamValues): Promise<void> {
  await tx.insertInto('exams').values({ id, org_id: orgId, created_by: createdBy, ...examColumns(e) }).execute();
}

export async function updateExam(tx: Tx, id: string, e: ExamValues): Promise<void> {
  await tx.updateTable('exams').set({ ...examColumns(e), updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function findExam(tx: Tx, id: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(id)) return undefined;
  let q = tx.selectFrom('exams').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}
export type ExamRow = NonNullable<Awaited<ReturnType<typeof findExam>>>;

export async function listExams(tx: Tx, projectId?: string): Promise<ExamRow[]> {
  let q = tx.selectFrom('exams').selectAll().orderBy('created_at').orderBy('id');
  if (projectId !== undefined) q = q.where((eb) => eb.or([eb('project_id', '=', projectId), eb('project_id', 'is', null)]));
  return q.execute();
}

export async function replaceExamItems(tx: Tx, orgId: string, examId: string, items: { id: string; data: Record<string, unknown>; expected: unknown[] }[]): Promise<void> {
  await tx.deleteFrom('exam_items').where('exam_id', '=', examId).execute();
  if (items.length === 0) return;
  await tx
    .insertInto('exam_items')
    .values(items.map((item, position) => ({ id: item.id, org_id: orgId, exam_id: examId, position, data: JSON.stringify(item.data), expected: JSON.stringify(item.expected) })))
    .execute();
}

export async function examItems(tx: Tx, examId: string) {
  return tx.selectFrom('exam_items').select(['id', 'data', 'expected']).where('exam_id', '=', examId).orderBy('position').execute();
}
export type ExamItemRow = Awaited<ReturnType<typeof examItems>>[number];

export async function countExamItems(tx: Tx, examIds: readonly string[]): Promise<Map<string, number>> {
  if (examIds.length === 0) return new Map();
  const rows = await tx.selectFrom('exam_items').select(['exam_id', sql<number>`count(*)::int`.as('n')]).where('exam_id', 'in', examIds).groupBy('exam_id').execute();
  return new Map(rows.map((r) => [r.exam_id, r.n]));
}

export async function countAttempts(tx: Tx, examId: string): Promise<number> {
  const row = await tx.selectFrom('exam_attempts').select(sql<number>`count(*)::int`.as('n')).where('exam_id', '=', examId).executeTakeFirstOrThrow();
  return row.n;
}

export async function insertAttempt(tx: Tx, a: { id: string; orgId: string; examId: string; userId: string; mode: 'exam' | 'practice'; timeLimitSeconds: number | null }) {
  // The deadline comes from the database clock, the same clock every later check reads.
  return tx
    .insertInto('exam_attempts')
    .values({
      id: a.id,
      org_id: a.orgId,
      exam_id: a.examId,
      user_id: a.userId,
      mode: a.mode,
      deadline_at: a.timeLimitSeconds === null ? null : sql<Date>`now() + make_interval(secs => ${a.timeLimitSeconds})`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAttempt(tx: Tx, id: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(id)) return undefined;
  let q = tx.selectFrom('exam_attempts').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}
export type AttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>;

/** A person's attempts at one exam, oldest first. */
export async function attemptsOf(tx: Tx, examId: string, userId: string): Promise<AttemptRow[]> {
  return tx.selectFrom('exam_attempts').selectAll().where('exam_id', '=', examId).where('user_id', '=', userId).orderBy('started_at').orderBy('id').execute();
}

/** A person's attempts at every exam, newest first, with the exam's title. */
export async function attemptsOfUser(tx: Tx, userId: string) {
  return tx
    .selectFrom('exam_attempts as a')
    .innerJoin('exams as e', 'e.id', 'a.exam_id')
    .select(['a.id', 'a.exam_id', 'e.title', 'a.mode', 'a.started_at', 'a.finished_at', 'a.score', 'a.passed'])
    .where('a.user_id', '=', userId)
    .orderBy('a.started_at', 'desc')
    .orderBy('a.id')
    .execute();
}

/** Unfinished real attempts of this person whose deadline and grace have passed: to be closed as they stand. */
export async function overdueAttempts(tx: Tx, userId: string, graceSeconds: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('exam_attempts')
    .select('id')
    .where('user_id', '=', userId)
    .where('finished_at', 'is', null)
    .where('deadline_at', '<', sql<Date>`now() - make_interval(secs => ${graceSeconds})`)
    .execute();
  return rows.map((r) => r.id);
}

/** Whether the attempt's deadline (plus grace) has passed, by the database clock. */
export async function isPastDeadline(tx: Tx, attemptId: string, graceSeconds: number): Promise<boolean> {
  const row = await tx
    .selectFrom('exam_attempts')
    .select(sql<boolean>`deadline_at IS NOT NULL AND now() > deadline_at + make_interval(secs => ${graceSeconds})`.as('late'))
    .where('id', '=', attemptId)
    .executeTakeFirstOrThrow();
  return row.late;
}

export async function upsertAnswer(tx: Tx, a: { attemptId: string; itemId: string; orgId: string; result: unknown[]; score: number; controls: unknown[] }): Promise<void> {
  await tx
    .insertInto('exam_answers')
    .values({ attempt_id: a.attemptId, item_id: a.itemId, org_id: a.orgId, result: JSON.stringify(a.result), score: a.score, controls: JSON.stringify(a.controls) })
    .onConflict((oc) =>
      oc.columns(['attempt_id', 'item_id']).doUpdateSet({ result: JSON.stringify(a.result), score: a.score, controls: JSON.stringify(a.controls), answered_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function answersOf(tx: Tx, attemptId: string) {
  return tx.selectFrom('exam_answers').select(['item_id', 'result', 'score', 'controls']).where('attempt_id', '=', attemptId).execute();
}

export async function finishAttempt(tx: Tx, id: string, score: number, passed: boolean | null): Promise<Date> {
  // A real attempt closed after its deadline ends at the deadline: that is when it was scored "as is".
  const row = await tx
    .updateTable('exam_attempts')
    .set({ finished_at: sql<Date>`CASE WHEN deadline_at IS NOT NULL AND deadline_at < now() THEN deadline_at ELSE now() END`, score, passed })
    .where('id', '=', id)
    .returning('finished_at')
    .executeTakeFirstOrThrow();
  return row.finished_at!;
}

export async function now(tx: Tx): Promise<Date> {
  const row = await sql<{ now: Date }>`SELECT now() AS now`.execute(tx);
  return new Date(row.rows[0]!.now);
}
