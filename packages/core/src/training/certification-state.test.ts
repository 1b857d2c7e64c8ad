import { describe, expect, it } from 'vitest';
import { certificationState, unmetRequirements, type Holding } from './certification-state.js';

const now = new Date('2026-03-01T00:00:00Z');
const past = new Date('2026-02-01T00:00:00Z');
const future = new Date('2026-04-01T00:00:00Z');

describe('certificationState', () => {
  it('active until the expiry, then expired; suspension and revocation outrank expiry', () => {
    expect(certificationState({ status: 'active', expiresAt: null }, now)).toBe('active');
    expect(certificationState({ status: 'active', expiresAt: future }, now)).toBe('active');
    expect(certificationState({ status: 'active', expiresAt: past }, now)).toBe('expired');
    expect(certificationState({ status: 'active', expiresAt: now }, now)).toBe('expired');
    expect(certificationState({ status: 'suspended', expiresAt: past }, now)).toBe('suspended');
    expect(certificationState({ status: 'revoked', expiresAt: future }, now)).toBe('revoked');
  });
});

describe('unmetRequirements', () => {
  it('lists what is missing, expired, suspended or revoked, in the order required', () => {
    const held = new Map<string, Holding>([
      ['ok', { status: 'active', expiresAt: future }],
      ['old', { status: 'active', expiresAt: past }],
      ['held', { status: 'suspended', expiresAt: null }],
    ]);
    const required = ['none', 'ok', 'old', 'held'].map((id) => ({ id, name: id.toUpperCase() }));
    expect(unmetRequirements(required, held, now)).toEqual([
      { id: 'none', name: 'NONE', state: 'missing' },
      { id: 'old', name: 'OLD', state: 'expired' },
      { id: 'held', name: 'HELD', state: 'suspended' },
    ]);
    expect(unmetRequirements([], held, now)).toEqual([]);
  });
});
