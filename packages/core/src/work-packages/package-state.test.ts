import { describe, expect, it } from 'vitest';
import { packageStage, packageTransition } from './package-state.js';

describe('work package states', () => {
  it('derives the stage from the client status and the vendor records', () => {
    expect(packageStage('offered', { accepted: false, delivered: false })).toBe('offered');
    expect(packageStage('offered', { accepted: true, delivered: false })).toBe('accepted');
    expect(packageStage('offered', { accepted: true, delivered: true })).toBe('delivered');
    expect(packageStage('settled', { accepted: true, delivered: true })).toBe('settled');
  });

  it('lets each side do only its own acts, with the role each act needs', () => {
    expect(packageTransition('offered', 'accept', { side: 'vendor', role: 'manager' })).toEqual({ ok: true });
    expect(packageTransition('offered', 'accept', { side: 'client', role: 'owner' })).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(packageTransition('offered', 'accept', { side: 'vendor', role: 'annotator' })).toMatchObject({ ok: false, kind: 'forbidden', reason: expect.stringContaining('"annotator"') });
    expect(packageTransition('awaiting_approval', 'approve', { side: 'client', role: 'manager' })).toMatchObject({ ok: false, kind: 'forbidden', reason: expect.stringContaining('owner or admin') });
    expect(packageTransition('delivered', 'review', { side: 'client', role: 'reviewer' })).toEqual({ ok: true });
  });

  it('answers conflict, naming the stage, when the package is not where the act needs it', () => {
    const v = packageTransition('settled', 'cancel', { side: 'client', role: 'owner' });
    expect(v).toMatchObject({ ok: false, kind: 'conflict' });
    expect(v.ok || v.reason).toContain('the work package is settled');
    expect(packageTransition('accepted', 'settle', { side: 'client', role: 'owner' })).toMatchObject({ ok: false, kind: 'conflict' });
  });
});
