/**
 * Which catalog changes widen who sees an organisation's data (issue 7, item 5). A widening change waits
 * for an admin's approval; a narrowing one (fewer organisations, private) takes effect at once, since
 * delaying it would only keep data exposed longer.
 */

export const CATALOG_VISIBILITIES = ['private', 'orgs', 'everyone'] as const;
export type CatalogVisibility = (typeof CATALOG_VISIBILITIES)[number];

export interface CardAudience {
  published: boolean;
  visibility: CatalogVisibility;
  sharedOrgIds: readonly string[];
}

/** The organisations (or "everyone") an audience lets see the card, apart from the owner. */
function reach(a: CardAudience): 'everyone' | Set<string> {
  if (!a.published || a.visibility === 'private') return new Set();
  if (a.visibility === 'everyone') return 'everyone';
  return new Set(a.sharedOrgIds);
}

/** True when `next` lets some organisation see the card that `current` does not. */
export function widensAudience(current: CardAudience, next: CardAudience): boolean {
  const before = reach(current);
  const after = reach(next);
  if (after === 'everyone') return before !== 'everyone';
  if (before === 'everyone') return false;
  for (const org of after) if (!before.has(org)) return true;
  return false;
}

/**
 * Whether `approverId` may approve a change `requesterId` asked for. With the two-person rule on, nobody
 * approves their own change; without it an admin's own request counts as approved when made.
 */
export function mayApproveChange(p: { twoPersonRule: boolean; requesterId: string; approverId: string }): { ok: true } | { ok: false; reason: string } {
  if (p.twoPersonRule && p.requesterId === p.approverId) {
    return { ok: false, reason: 'the two-person rule is on in this organisation: another owner or admin must approve a change you asked for' };
  }
  return { ok: true };
}
