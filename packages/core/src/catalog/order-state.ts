import { can, type Role } from '../auth/roles.js';

/**
 * The life of an order for a licence tier (docs/catalog.md, "Licences and orders"): the buyer asks,
 * the seller confirms (or refuses with a reason), an owner or admin of the seller marks it paid (there is
 * no payment gateway: money moves outside the platform), and fulfilment creates the buyer's entitlement.
 * Either side may cancel until the order is paid. Pure code: the server applies the answer with a
 * conditional UPDATE (`… WHERE status = from`), so two racing requests cannot both move the same order.
 */

export const ORDER_STATUSES = ['requested', 'confirmed', 'paid', 'fulfilled', 'refused', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_ACTIONS = ['confirm', 'refuse', 'pay', 'fulfil', 'cancel'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Which organisation of the order the caller acts for. */
export type OrderSide = 'buyer' | 'seller';

interface Rule {
  from: readonly OrderStatus[];
  to: OrderStatus;
  sides: readonly OrderSide[];
  /** Beyond `project.export` (needed for every catalog act): marking paid is an owner's or admin's act. */
  approverOnly: boolean;
}

const RULES: Record<OrderAction, Rule> = {
  confirm: { from: ['requested'], to: 'confirmed', sides: ['seller'], approverOnly: false },
  refuse: { from: ['requested', 'confirmed'], to: 'refused', sides: ['seller'], approverOnly: false },
  pay: { from: ['confirmed'], to: 'paid', sides: ['seller'], approverOnly: true },
  fulfil: { from: ['paid'], to: 'fulfilled', sides: ['seller'], approverOnly: false },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled', sides: ['buyer', 'seller'], approverOnly: false },
};

export type OrderVerdict = { ok: true; from: readonly OrderStatus[]; to: OrderStatus } | { ok: false; kind: 'forbidden' | 'conflict'; reason: string };

/** May `actor` do `action` to an order now in `status`? The reason names the current state or the missing role. */
export function orderTransition(status: OrderStatus, action: OrderAction, actor: { side: OrderSide; role: Role }): OrderVerdict {
  const rule = RULES[action];
  if (!rule.sides.includes(actor.side)) {
    return { ok: false, kind: 'forbidden', reason: `only the ${rule.sides.join(' or ')} may ${action} an order; your organisation is its ${actor.side}` };
  }
  if (!can(actor.role, 'project.export')) return { ok: false, kind: 'forbidden', reason: `your role "${actor.role}" may not act on catalog orders` };
  if (rule.approverOnly && !can(actor.role, 'org.manage_members')) {
    return { ok: false, kind: 'forbidden', reason: `only an owner or admin of the seller may ${action} an order; your role is "${actor.role}"` };
  }
  if (!rule.from.includes(status)) {
    return { ok: false, kind: 'conflict', reason: `the order is ${status}; ${action} needs it ${rule.from.join(' or ')}` };
  }
  return { ok: true, from: rule.from, to: rule.to };
}

/** Statuses after which nothing more happens to an order. */
export function isFinalOrderStatus(s: OrderStatus): boolean {
  return s === 'fulfilled' || s === 'refused' || s === 'cancelled';
}
