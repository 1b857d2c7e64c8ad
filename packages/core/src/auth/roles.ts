/** Roles a user holds in an organisation, most powerful first. */
export const ROLES = ['owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What a caller may do inside their organisation. Checked in one place on the server. */
export type Permission =
  | 'org.read'
  | 'org.manage_members'
  | 'project.read'
  | 'project.write'
  | 'task.read'
  | 'task.import'
  | 'task.annotate'
  | 'task.review'
  | 'project.export'
  | 'audit.read'
  /** Write courses and exams, define certifications, suspend or revoke them, set a project's requirements (docs/training.md). */
  | 'training.manage'
  /** Register, change and remove model backends, choose a project's backend, run pre-annotation (docs/models.md). */
  | 'model.manage';

const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ['org.read', 'org.manage_members', 'project.read', 'project.write', 'task.read', 'task.import', 'task.annotate', 'task.review', 'project.export', 'audit.read', 'training.manage', 'model.manage'],
  admin: ['org.read', 'org.manage_members', 'project.read', 'project.write', 'task.read', 'task.import', 'task.annotate', 'task.review', 'project.export', 'audit.read', 'training.manage', 'model.manage'],
  manager: ['org.read', 'project.read', 'project.write', 'task.read', 'task.import', 'task.annotate', 'task.review', 'project.export', 'audit.read', 'training.manage', 'model.manage'],
  reviewer: ['org.read', 'project.read', 'task.read', 'task.annotate', 'task.review'],
  annotator: ['org.read', 'project.read', 'task.annotate'],
  viewer: ['org.read', 'project.read', 'task.read'],
};

/** True when `role` grants `permission`. Example: `can('annotator', 'task.import') === false`. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Only an owner may make another owner; admins manage everyone below owner. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true;
  if (actor === 'admin') return target !== 'owner';
  return false;
}
