import { can, type Role } from '../auth/roles.js';

/**
 * The life of a vendor work package (docs/work-packages.md). The client organisation cuts it from a project
 * (draft), offers it to vendor organisations (an owner's or admin's approval is needed first, since it lets
 * other organisations see the client's data: awaiting_approval → offered), one vendor accepts it, the vendor
 * delivers, and the client settles it or cancels it. `offered` is the client's state while the package is
 * out; acceptance and delivery are the vendor's own records, so the status a person sees is derived here.
 * Pure code: the server applies a transition with a conditional UPDATE (`… WHERE status = from`).
 */

export const PACKAGE_STATUSES = ['draft', 'awaiting_approval', 'offered', 'settled', 'cancelled'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

/** What a person sees: the client's status, refined by the vendor's acceptance and delivery. */
export const PACKAGE_STAGES = ['draft', 'awaiting_approval', 'offered', 'accepted', 'delivered', 'settled', 'cancelled'] as const;
export type PackageStage = (typeof PACKAGE_STAGES)[number];

export function packageStage(status: PackageStatus, vendor: { accepted: boolean; delivered: boolean }): PackageStage {
  if (status !== 'offered') return status;
  if (vendor.delivered) return 'delivered';
  return vendor.accepted ? 'accepted' : 'offered';
}

export const PACKAGE_ACTIONS = ['offer', 'approve', 'reject', 'accept', 'assign', 'deliver', 'review', 'settle', 'cancel'] as const;
export type PackageAction = (typeof PACKAGE_ACTIONS)[number];

export type PackageSide = 'client' | 'vendor';

interface Rule {
  stages: readonly PackageStage[];
  side: PackageSide;
  /** The permission the caller's role needs beyond being on that side. */
  permission: 'project.write' | 'task.review' | 'org.manage_members';
}

const RULES: Record<PackageAction, Rule> = {
  offer: { stages: ['draft'], side: 'client', permission: 'project.write' },
  approve: { stages: ['awaiting_approval'], side: 'client', permission: 'org.manage_members' },
  reject: { stages: ['awaiting_approval'], side: 'client', permission: 'org.manage_members' },
  accept: { stages: ['offered'], side: 'vendor', permission: 'project.write' },
  assign: { stages: ['accepted'], side: 'vendor', permission: 'project.write' },
  deliver: { stages: ['accepted'], side: 'vendor', permission: 'project.write' },
  review: { stages: ['delivered'], side: 'client', permission: 'task.review' },
  settle: { stages: ['delivered'], side: 'client', permission: 'project.write' },
  cancel: { stages: ['draft', 'awaiting_approval', 'offered', 'accepted', 'delivered'], side: 'client', permission: 'project.write' },
};

export type PackageVerdict = { ok: true } | { ok: false; kind: 'forbidden' | 'conflict'; reason: string };

/** May a caller on `side` with `role` do `action` to a package now at `stage`? The reason says why not. */
export function packageTransition(stage: PackageStage, action: PackageAction, actor: { side: PackageSide; role: Role }): PackageVerdict {
  const rule = RULES[action];
  if (actor.side !== rule.side) {
    return { ok: false, kind: 'forbidden', reason: `only the ${rule.side} organisation may ${action} a work package; yours is its ${actor.side}` };
  }
  if (!can(actor.role, rule.permission)) {
    const who = rule.permission === 'org.manage_members' ? 'an owner or admin' : rule.permission === 'task.review' ? 'a reviewer, manager, admin or owner' : 'a manager, admin or owner';
    return { ok: false, kind: 'forbidden', reason: `only ${who} may ${action} a work package; your role is "${actor.role}"` };
  }
  if (!rule.stages.includes(stage)) {
    return { ok: false, kind: 'conflict', reason: `the work package is ${stage.replace('_', ' ')}; ${action} needs it ${rule.stages.map((s) => s.replace('_', ' ')).join(' or ')}` };
  }
  return { ok: true };
}
