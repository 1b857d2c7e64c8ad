/** Project settings as edited in forms: lease in minutes (the API takes seconds). */
export interface ProjectFormValues {
  name: string;
  description: string;
  overlap: number;
  leaseMinutes: number;
}

export const MIN_LEASE_MINUTES = 1;
export const MAX_LEASE_MINUTES = 7 * 24 * 60;

/** Lease seconds for the API, clamped to what it accepts (30 s .. 7 days). */
export function leaseSeconds(minutes: number): number {
  const m = Number.isFinite(minutes) ? minutes : 30;
  return Math.round(Math.min(MAX_LEASE_MINUTES, Math.max(MIN_LEASE_MINUTES, m)) * 60);
}

export function clampOverlap(n: number): number {
  return Number.isFinite(n) ? Math.min(100, Math.max(1, Math.round(n))) : 1;
}
