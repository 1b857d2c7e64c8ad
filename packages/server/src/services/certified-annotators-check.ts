import { certificationState, type Holding, type ProcessCheckDto } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { holdingsFor, projectAnnotators, requiredCertifications } from '../repositories/certification.repository.js';
import { now } from '../repositories/training.repository.js';

/**
 * The quality report's `certified-annotators` process check (docs/quality/report.md, docs/training.md):
 * every person who submitted work in the project holds each of its required certifications, active and
 * unexpired. Checked against holdings as they are now: a holding is renewed in place, so whether it was
 * valid at the moment of each submission is not recorded (claims are gated, so work was certified when
 * handed out once the requirement existed).
 */
export async function certifiedAnnotatorsCheck(tx: Tx, projectId: string): Promise<ProcessCheckDto> {
  const required = await requiredCertifications(tx, projectId);
  if (required.length === 0) return { check: 'certified-annotators', status: 'not-evaluated', detail: 'the project requires no certification' };
  const people = await projectAnnotators(tx, projectId);
  const names = required.map((r) => `"${r.name}"`).join(', ');
  if (people.length === 0) return { check: 'certified-annotators', status: 'not-evaluated', detail: `requires ${names}; nobody has submitted work yet` };
  const rows = await holdingsFor(tx, people.map((p) => p.user_id), required.map((r) => r.id));
  const held = new Map<string, Holding>(rows.map((r) => [`${r.user_id}:${r.certification_id}`, { status: r.status as Holding['status'], expiresAt: r.expires_at }]));
  const at = await now(tx);
  const certified = (userId: string, certificationId: string): boolean => {
    const h = held.get(`${userId}:${certificationId}`);
    return h !== undefined && certificationState(h, at) === 'active';
  };
  const lacking = people.filter((p) => required.some((r) => !certified(p.user_id, r.id)));
  const shown = lacking.slice(0, 20).map((p) => p.email).join(', ');
  return {
    check: 'certified-annotators',
    status: lacking.length === 0 ? 'pass' : 'fail',
    detail:
      lacking.length === 0
        ? `all ${people.length} people who submitted work currently hold ${names} (checked now, not at the time of each submission)`
        : `${lacking.length} of ${people.length} people who submitted work do not currently hold ${names} (active, unexpired): ${shown}${lacking.length > 20 ? ', …' : ''}`,
  };
}
