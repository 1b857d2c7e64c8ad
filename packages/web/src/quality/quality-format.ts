/**
 * Pure helpers of the quality screens: percentages, rates with their 95% interval, durations, the
 * review page's hotkeys and the rule that a rejection needs a comment.
 */
import { isMessageKey, type MessageKey } from '../i18n/translate.ts';
import { isTypingTarget } from '../workbench/hotkey-target.ts';

/** A rate as the API sends it: counts, the estimate and its interval (null when nothing was counted). */
export interface RateLike {
  correct: number;
  total: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** 0..1 → "87.5%": one decimal, none when whole; "—" for null. */
export function formatPct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const pct = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

export interface RateView {
  /** "83.3%" or "—" when nothing was counted. */
  value: string;
  /** "5/6". */
  counts: string;
  /** Lower bound of the 95% interval ("≥ 43.6%"), or null. */
  lower: string | null;
  /** "43.6–97%" or null. */
  interval: string | null;
  empty: boolean;
}

/** What a table cell shows of a rate. */
export function rateView(rate: RateLike): RateView {
  const empty = rate.total === 0 || rate.estimate === null;
  return {
    value: empty ? '—' : formatPct(rate.estimate),
    counts: `${rate.correct}/${rate.total}`,
    lower: empty || rate.lower === null ? null : `≥ ${formatPct(rate.lower)}`,
    interval: empty || rate.lower === null || rate.upper === null ? null : `${formatPct(rate.lower)}–${formatPct(rate.upper)}`,
    empty,
  };
}

/** A duration for tables: "42 s" under a minute, then "m:ss", then "h:mm:ss"; "—" for null. */
export function formatDuration(ms: number | null | undefined, secondsUnit = 's'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} ${secondsUnit}`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export type ReviewDecision = 'accept' | 'reject';

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>;

/** The review page's hotkeys: A accepts, R rejects; not while typing (the comment box) or with modifiers. */
export function reviewHotkey(event: KeyLike): ReviewDecision | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return null;
  const key = event.key.toLowerCase();
  if (key === 'a') return 'accept';
  if (key === 'r') return 'reject';
  return null;
}

/** Why a decision cannot be sent yet: a rejection needs a comment (the annotator has to know what to fix). */
export function decisionProblem(decision: ReviewDecision, comment: string): 'commentRequired' | null {
  return decision === 'reject' && comment.trim() === '' ? 'commentRequired' : null;
}

/** The body of a decision: the trimmed comment, left out when empty. */
export function decisionBody(decision: ReviewDecision, comment: string): { decision: ReviewDecision; comment?: string } {
  const text = comment.trim();
  return text ? { decision, comment: text } : { decision };
}

/** The tone of a status badge: a lot's status (inspecting/accepted/rejected) or the inspection severity. */
export function statusTone(status: string): 'ok' | 'bad' | 'pending' | 'neutral' {
  if (status === 'accepted' || status === 'reduced') return 'ok';
  if (status === 'rejected' || status === 'tightened') return 'bad';
  if (status === 'inspecting') return 'pending';
  return 'neutral';
}

/** The message key naming an inspection severity, or null for one this app does not know. */
export function severityKey(severity: string): MessageKey | null {
  const key = `lot.severity.${severity}`;
  return isMessageKey(key) ? key : null;
}
