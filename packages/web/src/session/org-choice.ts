import type { OrgSummaryDto } from '@yungang/core';

/** The organisation to act in: the remembered one if the user still belongs to it, else the first. */
export function chooseOrg(orgs: readonly OrgSummaryDto[], remembered: string | null): OrgSummaryDto | null {
  return orgs.find((o) => o.id === remembered) ?? orgs[0] ?? null;
}
