import { unmetRequirements, type Holding, type UnmetRequirement } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import { grantingExams, holdingsFor, requiredCertifications } from '../repositories/certification.repository.js';
import { now } from '../repositories/training.repository.js';

/**
 * The gate between training and real work (docs/training.md): a project may require certifications, and
 * its work (annotation, review, adjudication) is handed only to people who hold every one of them, active
 * and unexpired, now. Called by the claim paths inside their transaction, so a certification suspended a
 * moment ago already counts.
 */
export async function requireCertified(tx: Tx, userId: string, projectId: string, work: 'annotate' | 'review' | 'adjudicate'): Promise<void> {
  const required = await requiredCertifications(tx, projectId);
  if (required.length === 0) return;
  const rows = await holdingsFor(tx, [userId], required.map((r) => r.id));
  const held = new Map<string, Holding>(rows.map((r) => [r.certification_id, { status: r.status as Holding['status'], expiresAt: r.expires_at }]));
  const unmet = unmetRequirements(required, held, await now(tx));
  if (unmet.length === 0) return;
  const exams = await grantingExams(tx, unmet.map((u) => u.id));
  const expiries = new Map(rows.map((r) => [r.certification_id, r.expires_at]));
  const parts = unmet.map((u) => describeUnmet(u, expiries.get(u.id) ?? null, exams.get(u.id) ?? []));
  throw new AppError('forbidden', `you cannot ${work} in this project yet: it requires ${parts.join('; ')}`, {
    missingCertifications: unmet.map((u) => ({ id: u.id, name: u.name, state: u.state, exams: exams.get(u.id) ?? [] })),
  });
}

function describeUnmet(u: UnmetRequirement, expiresAt: Date | null, exams: { id: string; title: string }[]): string {
  const how = exams.length === 0 ? 'no exam grants it yet, ask a manager' : `pass the exam ${exams.map((e) => `"${e.title}" (/training/exams/${e.id})`).join(' or ')}`;
  switch (u.state) {
    case 'missing':
      return `certification "${u.name}", which you do not hold: ${how}`;
    case 'expired':
      return `certification "${u.name}", which expired${expiresAt ? ` on ${expiresAt.toISOString().slice(0, 10)}` : ''}: to renew it, ${how} again`;
    case 'suspended':
      return `certification "${u.name}", which a manager suspended: ask a manager to reinstate it`;
    case 'revoked':
      return `certification "${u.name}", which a manager revoked: to earn it again, ${how}`;
  }
}
