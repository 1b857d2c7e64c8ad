import type { AuditQuery } from '@yungang/core';

/** The audit page's filter form, as typed (datetime-local strings for the times). */
export interface AuditFilters {
  user: string;
  action: string;
  objectType: string;
  objectId: string;
  /** `YYYY-MM-DDTHH:mm` in the browser's time zone, or ''. */
  from: string;
  to: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { user: '', action: '', objectType: '', objectId: '', from: '', to: '' };

/** The filters as API query parameters: trimmed, empty ones left out, local times as ISO instants. */
export function auditQuery(filters: AuditFilters): Omit<AuditQuery, 'limit' | 'before'> {
  const query: Omit<AuditQuery, 'limit' | 'before'> = {};
  const user = filters.user.trim();
  const action = filters.action.trim();
  const objectType = filters.objectType.trim();
  const objectId = filters.objectId.trim();
  if (user) query.user = user;
  if (action) query.action = action;
  if (objectType) query.objectType = objectType;
  if (objectId) query.objectId = objectId;
  const from = localToIso(filters.from);
  const to = localToIso(filters.to);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Actions the log records, for the action field's suggestions (the server accepts any, and "prefix.*"). */
export const AUDIT_ACTION_SUGGESTIONS = [
  'task.*',
  'task.read',
  'task.list',
  'task.claim',
  'task.returned',
  'annotation.read',
  'annotation.submit',
  'project.export',
  'dataset.*',
  'dataset.read',
  'dataset.download',
  'review.*',
  'adjudication.*',
  'inspection.*',
  'audit.export',
] as const;

/** An entry's details in one short line. */
export function detailsText(details: unknown, max = 120): string {
  if (details === null || details === undefined) return '';
  const text = typeof details === 'string' ? details : JSON.stringify(details);
  if (text === '{}') return '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
