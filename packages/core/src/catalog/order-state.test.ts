import { describe, expect, it } from 'vitest';
import { isFinalOrderStatus, orderTransition, type OrderAction, type OrderStatus } from './order-state.js';

const seller = (role: 'owner' | 'admin' | 'manager' | 'viewer' = 'admin') => ({ side: 'seller' as const, role });
const buyer = (role: 'owner' | 'manager' | 'annotator' = 'manager') => ({ side: 'buyer' as const, role });

describe('orderTransition', () => {
  it('walks the happy path requested → confirmed → paid → fulfilled', () => {
    expect(orderTransition('requested', 'confirm', seller('manager'))).toMatchObject({ ok: true, to: 'confirmed' });
    expect(orderTransition('confirmed', 'pay', seller('admin'))).toMatchObject({ ok: true, to: 'paid' });
    expect(orderTransition('confirmed', 'pay', seller('owner'))).toMatchObject({ ok: true, to: 'paid' });
    expect(orderTransition('paid', 'fulfil', seller('manager'))).toMatchObject({ ok: true, to: 'fulfilled' });
  });

  it('lets a manager of the seller confirm but not mark paid', () => {
    const v = orderTransition('confirmed', 'pay', seller('manager'));
    expect(v).toEqual({ ok: false, kind: 'forbidden', reason: expect.stringContaining('owner or admin') as string });
  });

  it('refuses the buyer every seller act, and roles without export rights everything', () => {
    for (const action of ['confirm', 'refuse', 'pay', 'fulfil'] as const) {
      expect(orderTransition('requested', action, buyer('owner'))).toMatchObject({ ok: false, kind: 'forbidden' });
    }
    expect(orderTransition('requested', 'cancel', buyer('annotator'))).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(orderTransition('requested', 'confirm', seller('viewer'))).toMatchObject({ ok: false, kind: 'forbidden' });
  });

  it('lets either side cancel before payment, nobody after', () => {
    for (const s of ['requested', 'confirmed'] as const) {
      expect(orderTransition(s, 'cancel', buyer())).toMatchObject({ ok: true, to: 'cancelled' });
      expect(orderTransition(s, 'cancel', seller('manager'))).toMatchObject({ ok: true, to: 'cancelled' });
    }
    for (const s of ['paid', 'fulfilled', 'refused', 'cancelled'] as const) {
      const v = orderTransition(s, 'cancel', buyer());
      expect(v).toMatchObject({ ok: false, kind: 'conflict' });
      if (!v.ok) expect(v.reason).toContain(`the order is ${s}`);
    }
  });

  it('names the current state in every wrong-state refusal', () => {
    const all: OrderStatus[] = ['requested', 'confirmed', 'paid', 'fulfilled', 'refused', 'cancelled'];
    const actions: OrderAction[] = ['confirm', 'refuse', 'pay', 'fulfil', 'cancel'];
    let refused = 0;
    for (const s of all) {
      for (const a of actions) {
        const v = orderTransition(s, a, seller('owner'));
        if (!v.ok) {
          refused++;
          expect(v.kind).toBe('conflict');
          expect(v.reason).toContain(`the order is ${s}`);
        }
      }
    }
    // 5 actions × 6 states, of which 7 are allowed (confirm 1, refuse 2, pay 1, fulfil 1, cancel 2).
    expect(refused).toBe(30 - 7);
  });

  it('knows the final states', () => {
    expect(['requested', 'confirmed', 'paid'].map((s) => isFinalOrderStatus(s as OrderStatus))).toEqual([false, false, false]);
    expect(['fulfilled', 'refused', 'cancelled'].map((s) => isFinalOrderStatus(s as OrderStatus))).toEqual([true, true, true]);
  });
});
