import { describe, expect, it } from 'vitest';
import type { OrgSummaryDto } from '@yungang/core';
import { chooseOrg } from './org-choice.ts';

const orgs: OrgSummaryDto[] = [
  { id: 'a', name: 'A', role: 'owner' },
  { id: 'b', name: 'B', role: 'annotator' },
];

describe('chooseOrg', () => {
  it('keeps the remembered org, else takes the first', () => {
    expect(chooseOrg(orgs, 'b')?.id).toBe('b');
    expect(chooseOrg(orgs, 'gone')?.id).toBe('a');
    expect(chooseOrg(orgs, null)?.id).toBe('a');
    expect(chooseOrg([], 'a')).toBeNull();
  });
});
