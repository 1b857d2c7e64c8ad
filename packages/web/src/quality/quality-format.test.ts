import { describe, expect, it } from 'vitest';
import { decisionBody, decisionProblem, formatDuration, formatPct, rateView, reviewHotkey, severityKey, statusTone } from './quality-format.ts';

const key = (k: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: null,
  ...extra,
});

describe('quality formatting', () => {
  it('formats percentages with one decimal at most', () => {
    expect(formatPct(0.875)).toBe('87.5%');
    expect(formatPct(1)).toBe('100%');
    expect(formatPct(0.83333)).toBe('83.3%');
    expect(formatPct(0)).toBe('0%');
    expect(formatPct(null)).toBe('—');
    expect(formatPct(Number.NaN)).toBe('—');
  });

  it('shows a rate with counts and its 95% interval, or a dash when nothing was counted', () => {
    expect(rateView({ correct: 5, total: 6, estimate: 5 / 6, lower: 0.4365, upper: 0.97 })).toEqual({
      value: '83.3%',
      counts: '5/6',
      lower: '≥ 43.7%',
      interval: '43.7%–97%',
      empty: false,
    });
    expect(rateView({ correct: 0, total: 0, estimate: null, lower: null, upper: null })).toEqual({ value: '—', counts: '0/0', lower: null, interval: null, empty: true });
  });

  it('formats durations', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(42_400, '秒')).toBe('42 秒');
    expect(formatDuration(185_000)).toBe('3:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });

  it('maps A and R to accept and reject, but not while typing or with modifiers', () => {
    expect(reviewHotkey(key('a'))).toBe('accept');
    expect(reviewHotkey(key('A'))).toBe('accept');
    expect(reviewHotkey(key('r'))).toBe('reject');
    expect(reviewHotkey(key('x'))).toBeNull();
    expect(reviewHotkey(key('a', { ctrlKey: true }))).toBeNull();
    expect(reviewHotkey(key('r', { metaKey: true }))).toBeNull();
    const textarea = { tagName: 'TEXTAREA' } as unknown as EventTarget;
    expect(reviewHotkey(key('a', { target: textarea }))).toBeNull();
    const button = { tagName: 'BUTTON' } as unknown as EventTarget;
    expect(reviewHotkey(key('r', { target: button }))).toBe('reject');
  });

  it('requires a comment to reject, not to accept, and trims it', () => {
    expect(decisionProblem('reject', '  ')).toBe('commentRequired');
    expect(decisionProblem('reject', 'wrong label')).toBeNull();
    expect(decisionProblem('accept', '')).toBeNull();
    expect(decisionBody('accept', ' ')).toEqual({ decision: 'accept' });
    expect(decisionBody('reject', ' 实体边界不对 ')).toEqual({ decision: 'reject', comment: '实体边界不对' });
  });

  it('gives statuses and severities a tone', () => {
    expect(statusTone('accepted')).toBe('ok');
    expect(statusTone('rejected')).toBe('bad');
    expect(statusTone('inspecting')).toBe('pending');
    expect(statusTone('tightened')).toBe('bad');
    expect(statusTone('reduced')).toBe('ok');
    expect(statusTone('normal')).toBe('neutral');
    expect(severityKey('tightened')).toBe('lot.severity.tightened');
    expect(severityKey('original')).toBeNull();
  });
});
