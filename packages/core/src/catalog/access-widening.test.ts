import { describe, expect, it } from 'vitest';
import { mayApproveChange, widensAudience, type CardAudience } from './access-widening.js';

const draft: CardAudience = { published: false, visibility: 'private', sharedOrgIds: [] };
const everyone: CardAudience = { published: true, visibility: 'everyone', sharedOrgIds: [] };
const orgs = (...ids: string[]): CardAudience => ({ published: true, visibility: 'orgs', sharedOrgIds: ids });

describe('widensAudience', () => {
  it('publishing to anyone widens; publishing privately does not', () => {
    expect(widensAudience(draft, everyone)).toBe(true);
    expect(widensAudience(draft, orgs('a'))).toBe(true);
    expect(widensAudience(draft, { published: true, visibility: 'private', sharedOrgIds: ['a'] })).toBe(false);
  });

  it('adding an organisation widens, removing one narrows', () => {
    expect(widensAudience(orgs('a'), orgs('a', 'b'))).toBe(true);
    expect(widensAudience(orgs('a', 'b'), orgs('b'))).toBe(false);
    expect(widensAudience(everyone, orgs('a', 'b'))).toBe(false);
    expect(widensAudience(orgs('a'), everyone)).toBe(true);
    expect(widensAudience(everyone, everyone)).toBe(false);
  });
});

describe('mayApproveChange', () => {
  it('refuses self-approval only under the two-person rule', () => {
    expect(mayApproveChange({ twoPersonRule: true, requesterId: 'u', approverId: 'u' }).ok).toBe(false);
    expect(mayApproveChange({ twoPersonRule: true, requesterId: 'u', approverId: 'v' }).ok).toBe(true);
    expect(mayApproveChange({ twoPersonRule: false, requesterId: 'u', approverId: 'u' }).ok).toBe(true);
  });
});
