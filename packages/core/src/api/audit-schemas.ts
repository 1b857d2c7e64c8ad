/**
 * The HTTP contract of the access audit: searching and exporting the audit log, and unusual-volume
 * alerts (docs/security.md). The entry itself is `AuditEntryDto` in schemas.ts.
 */
import Type, { type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/** The filters both the search and the CSV export take. Every one is optional; they combine with AND. */
const auditFilters = {
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'user id or e-mail of who acted' })),
  action: Type.Optional(
    Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*(\\.\\*)?$', maxLength: 64, description: 'an action ("task.read"), or every action under a prefix ("task.*")' }),
  ),
  objectType: Type.Optional(Type.String({ pattern: '^[a-z_]+$', maxLength: 64, description: 'kind of object: task, project, annotation, dataset_version …' })),
  objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'id of the object' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'entries at or after this time' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'entries before this time' })),
};

/** GET /audit: newest first, a keyset page at a time (pass the last entry's id as `before` for the next page). */
export const AuditQuery = Type.Object({
  ...auditFilters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$', description: 'id of the last entry of the previous page' })),
});
export type AuditQuery = Static<typeof AuditQuery>;

/** GET /audit/export: every matching entry as CSV; `org` stands in for X-Org-Id (a download link sends no headers). */
export const AuditExportQuery = Type.Object({
  ...auditFilters,
  org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id' })),
});
export type AuditExportQuery = Static<typeof AuditExportQuery>;

/** The alert rule's thresholds (core `accessAlerts`); a query may override them for one look. */
export const AccessAlertRuleDto = Type.Object({
  minViews: Type.Number({ minimum: 0 }),
  viewsPerWork: Type.Number({ minimum: 0 }),
  allowance: Type.Number({ minimum: 0 }),
  highFactor: Type.Number({ minimum: 0 }),
});
export type AccessAlertRuleDto = Static<typeof AccessAlertRuleDto>;

export const AuditAlertsQuery = Type.Object({
  hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 744, description: 'the window: this many hours back from now (default 24)' })),
  minViews: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  viewsPerWork: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
  allowance: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});
export type AuditAlertsQuery = Static<typeof AuditAlertsQuery>;

/** One person's volume in the window: tasks opened, work done, bulk exports and downloads. */
const accessVolume = {
  userId: Uuid,
  userEmail: Type.Union([Type.String(), Type.Null()]),
  userName: Type.Union([Type.String(), Type.Null()]),
  views: Type.Integer(),
  work: Type.Integer(),
  exports: Type.Integer(),
  /** Distinct client addresses seen in the window. */
  addresses: Type.Array(Type.String()),
};
export const AccessVolumeDto = Type.Object(accessVolume);
export type AccessVolumeDto = Static<typeof AccessVolumeDto>;

export const AccessAlertDto = Type.Object({
  ...accessVolume,
  /** The views the work explains: allowance + viewsPerWork × work. */
  expected: Type.Number(),
  /** views ÷ expected. */
  factor: Type.Number(),
  severity: Type.Union([Type.Literal('warning'), Type.Literal('high')]),
});
export type AccessAlertDto = Static<typeof AccessAlertDto>;

export const AuditAlertsDto = Type.Object({
  from: Timestamp,
  to: Timestamp,
  rule: AccessAlertRuleDto,
  /** Users whose views their work does not explain, worst first. */
  alerts: Type.Array(AccessAlertDto),
  /** Everyone who opened task data or exported in the window, most views first (at most 100). */
  volumes: Type.Array(AccessVolumeDto),
});
export type AuditAlertsDto = Static<typeof AuditAlertsDto>;
