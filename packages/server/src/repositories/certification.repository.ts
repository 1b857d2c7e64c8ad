import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';

/** SQL of certifications: definitions, people's holdings, and what projects require (docs/training.md). */

export async function insertCertification(tx: Tx, c: { id: string; orgId: string; name: string; description: string; validityDays: number | null; createdBy: string }): Promise<void> {
  await tx.insertInto('certifications').values({ id: c.id, org_id: c.orgId, name: c.name, description: c.description, validity_days: c.validityDays, created_by: c.createdBy }).execute();
}

export async function updateCertification(tx: Tx, id: string, c: { name: string; description: string; validityDays: number | null }): Promise<void> {
  await tx.updateTable('certifications').set({ name: c.name, description: c.description, validity_days: c.validityDays }).where('id', '=', id).execute();
}

export async function findCertification(tx: Tx, id: string) {
  if (!isUuid(id)) return undefined;
  return tx.selectFrom('certifications').selectAll().where('id', '=', id).executeTakeFirst();
}
export type CertificationRow = NonNullable<Awaited<ReturnType<typeof findCertification>>>;

export async function findCertificationByName(tx: Tx, name: string) {
  return tx.selectFrom('certifications').select('id').where('name', '=', name).executeTakeFirst();
}

export async function listCertifications(tx: Tx, ids?: readonly string[]): Promise<CertificationRow[]> {
  if (ids !== undefined && ids.length === 0) return [];
  let q = tx.selectFrom('certifications').selectAll().orderBy('name');
  if (ids !== undefined) q = q.where('id', 'in', ids);
  return q.execute();
}

/** The exams whose pass grants each certification: "how to get it". */
export async function grantingExams(tx: Tx, certificationIds: readonly string[]): Promise<Map<string, { id: string; title: string }[]>> {
  const out = new Map<string, { id: string; title: string }[]>();
  if (certificationIds.length === 0) return out;
  const rows = await tx.selectFrom('exams').select(['id', 'title', 'certification_id']).where('certification_id', 'in', certificationIds).orderBy('created_at').execute();
  for (const r of rows) out.set(r.certification_id!, [...(out.get(r.certification_id!) ?? []), { id: r.id, title: r.title }]);
  return out;
}

const holderColumns = [
  'h.id',
  'h.certification_id',
  'c.name as certification_name',
  'h.user_id',
  'u.email',
  'u.name',
  'h.status',
  'h.granted_at',
  'h.expires_at',
  'h.status_reason',
  'h.status_changed_at',
  'h.attempt_id',
  'changer.email as changed_by_email',
] as const;

function holders(tx: Tx) {
  return tx
    .selectFrom('user_certifications as h')
    .innerJoin('certifications as c', 'c.id', 'h.certification_id')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .leftJoin('users as changer', 'changer.id', 'h.status_changed_by')
    .select(holderColumns);
}

export async function holdersOf(tx: Tx, certificationId: string) {
  return holders(tx).where('h.certification_id', '=', certificationId).orderBy('u.email').execute();
}
export type HolderRow = Awaited<ReturnType<typeof holdersOf>>[number];

export async function holdingsOfUser(tx: Tx, userId: string): Promise<HolderRow[]> {
  return holders(tx).where('h.user_id', '=', userId).orderBy('c.name').execute();
}

export async function findHolding(tx: Tx, certificationId: string, userId: string): Promise<HolderRow | undefined> {
  if (!isUuid(userId)) return undefined;
  return holders(tx).where('h.certification_id', '=', certificationId).where('h.user_id', '=', userId).executeTakeFirst();
}

/**
 * Grants or renews a holding after a pass, from the database clock. A suspended holding stays suspended
 * (a manager lifts it, not another exam); a revoked or expired one becomes active again.
 */
export async function grantHolding(tx: Tx, g: { id: string; orgId: string; certificationId: string; userId: string; attemptId: string; validityDays: number | null }) {
  const expires = g.validityDays === null ? null : sql<Date>`now() + make_interval(days => ${g.validityDays})`;
  return tx
    .insertInto('user_certifications')
    .values({ id: g.id, org_id: g.orgId, certification_id: g.certificationId, user_id: g.userId, status: 'active', attempt_id: g.attemptId, expires_at: expires, granted_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.columns(['certification_id', 'user_id']).doUpdateSet({
        status: sql<string>`CASE WHEN user_certifications.status = 'suspended' THEN 'suspended' ELSE 'active' END`,
        granted_at: sql<Date>`now()`,
        expires_at: expires,
        attempt_id: g.attemptId,
      }),
    )
    .returning(['status', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export async function setHoldingStatus(tx: Tx, certificationId: string, userId: string, s: { status: string; reason: string; by: string }): Promise<void> {
  await tx
    .updateTable('user_certifications')
    .set({ status: s.status, status_reason: s.reason, status_changed_by: s.by, status_changed_at: sql<Date>`now()` })
    .where('certification_id', '=', certificationId)
    .where('user_id', '=', userId)
    .execute();
}

/** The certifications a project requires, by name. */
export async function requiredCertifications(tx: Tx, projectId: string): Promise<CertificationRow[]> {
  return tx
    .selectFrom('project_certifications as p')
    .innerJoin('certifications as c', 'c.id', 'p.certification_id')
    .selectAll('c')
    .where('p.project_id', '=', projectId)
    .orderBy('c.name')
    .execute();
}

export async function replaceRequirements(tx: Tx, orgId: string, projectId: string, certificationIds: readonly string[]): Promise<void> {
  await tx.deleteFrom('project_certifications').where('project_id', '=', projectId).execute();
  if (certificationIds.length === 0) return;
  await tx
    .insertInto('project_certifications')
    .values(certificationIds.map((id) => ({ project_id: projectId, certification_id: id, org_id: orgId })))
    .execute();
}

/** Holdings of some people for some certifications, keyed "user:certification". */
export async function holdingsFor(tx: Tx, userIds: readonly string[], certificationIds: readonly string[]) {
  if (userIds.length === 0 || certificationIds.length === 0) return [];
  return tx
    .selectFrom('user_certifications')
    .select(['user_id', 'certification_id', 'status', 'expires_at'])
    .where('user_id', 'in', userIds)
    .where('certification_id', 'in', certificationIds)
    .execute();
}

/** Everyone who submitted work in a project (gold tasks included: they are work too), with their e-mail. */
export async function projectAnnotators(tx: Tx, projectId: string) {
  return tx.selectFrom('annotations as a').innerJoin('users as u', 'u.id', 'a.user_id').select(['a.user_id', 'u.email']).distinct().where('a.project_id', '=', projectId).orderBy('u.email').execute();
}

/** Whether the user is a member of the current organisation (RLS limits memberships to it). */
export async function isMember(tx: Tx, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  return (await tx.selectFrom('memberships').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

export async function findUser(tx: Tx, userId: string) {
  return tx.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
}
