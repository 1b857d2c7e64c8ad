/**
 * Whether a person's certification lets them work now (docs/training.md). A holding is granted by passing
 * an exam; it lapses at its expiry (re-assessment: pass the exam again), and a manager may suspend it
 * (reinstated by a manager) or revoke it (earned again only by passing the exam).
 */
export type HoldingStatus = 'active' | 'suspended' | 'revoked';
export type CertificationState = HoldingStatus | 'expired';

export interface Holding {
  status: HoldingStatus;
  /** null: never expires. */
  expiresAt: Date | null;
}

/** The state that counts at `now`: a suspension or revocation outranks expiry, since it needs a person to lift it. */
export function certificationState(holding: Holding, now: Date): CertificationState {
  if (holding.status !== 'active') return holding.status;
  return holding.expiresAt !== null && holding.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

export interface Requirement {
  id: string;
  name: string;
}

export interface UnmetRequirement extends Requirement {
  state: Exclude<CertificationState, 'active'> | 'missing';
}

/** The required certifications the person does not hold in the active state at `now`, in the order required. */
export function unmetRequirements(required: readonly Requirement[], held: ReadonlyMap<string, Holding>, now: Date): UnmetRequirement[] {
  const out: UnmetRequirement[] = [];
  for (const r of required) {
    const holding = held.get(r.id);
    const state = holding ? certificationState(holding, now) : 'missing';
    if (state !== 'active') out.push({ ...r, state });
  }
  return out;
}
