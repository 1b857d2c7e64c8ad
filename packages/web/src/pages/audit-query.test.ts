import { describe, expect, it } from 'vitest';
import { auditQuery, detailsText, NO_AUDIT_FILTERS } from './audit-query.ts';

describe('auditQuery', () => {
  it('leaves empty filters out and trims the rest', () => {
    expect(auditQuery(NO_AUDIT_FILTERS)).toEqual({});
    expect(auditQuery({ ...NO_AUDIT_FILTERS, user: ' li@example.com ', action: 'task.*', objectId: ' 42 ' })).toEqual({ user: 'li@example.com', action: 'task.*', objectId: '42' });
  });

  it('turns local times into ISO instants', () => {
    const q = auditQuery({ ...NO_AUDIT_FILTERS, from: '2025-03-07T09:05', to: 'not a time' });
    expect(q.from).toBe(new Date(2025, 2, 7, 9, 5).toISOString());
    expect(q.to).toBeUndefined();
  });
});

describe('detailsText', () => {
  it('shows details compactly', () => {
    expect(detailsText({})).toBe('');
    expect(detailsText(null)).toBe('');
    expect(detailsText({ format: 'csv' })).toBe('{"format":"csv"}');
    expect(detailsText({ ids: 'x'.repeat(300) }, 20)).toHaveLength(20);
  });
});
