/**
 * Unusual-volume alerts over the access audit log: who opened far more task data than their own work
 * explains. Pure: the server counts audit rows per user over a window and hands the counts in.
 *
 * The rule (docs/security.md, "Access audit and watermark"):
 *   views    = rows of VIEW_ACTIONS (one task each) + the tasks listed by LIST_ACTIONS (their details.count)
 *   work     = rows of WORK_ACTIONS (a submission, an edit, a review decision, an adjudication, an inspection judgement)
 *   expected = allowance + viewsPerWork × work
 *   a user is flagged when views ≥ minViews and views > expected;
 *   severity is "high" when views ≥ highFactor × expected, else "warning".
 * Each unit of work legitimately costs a few openings (the claim, a reload, a look at a returned task), and
 * everyone browses a little (the allowance); a person who reads hundreds of tasks and submits nothing is
 * what a copy-by-screen or scripted harvest looks like. Roles that read for a living (reviewers, managers)
 * are flagged too when they read far beyond what they decide: the alert asks a human to look, it blocks nothing.
 */

/** One row per task shown (a claim returns the task's data, so it is a view too). */
export const AUDIT_VIEW_ACTIONS = ['task.read', 'task.claim', 'task.resume', 'annotation.read', 'review.claim', 'adjudication.claim', 'inspection.claim'] as const;
/** One row per page of tasks; `details.count` says how many tasks the page showed. */
export const AUDIT_LIST_ACTIONS = ['task.list', 'task.returned'] as const;
/** Work that explains views. */
export const AUDIT_WORK_ACTIONS = ['annotation.submit', 'annotation.edit', 'review.accept', 'review.reject', 'adjudication.decide', 'inspection.judge'] as const;
/** Bulk exports and downloads: reported with the alerts (they are rare and always worth a look), never scored as views. */
export const AUDIT_EXPORT_ACTIONS = ['project.export', 'dataset.download', 'audit.export'] as const;

export interface AccessVolume {
  userId: string;
  /** Tasks opened in the window (see the rule above). */
  views: number;
  /** Units of work done in the window. */
  work: number;
}

export interface AccessAlertRule {
  /** Below this many views nobody is flagged, however little they did. Default 30. */
  minViews: number;
  /** Openings one unit of work explains. Default 3. */
  viewsPerWork: number;
  /** Views anyone may make without any work (browsing, checking guidelines). Default 10. */
  allowance: number;
  /** views ≥ highFactor × expected is "high". Default 3. */
  highFactor: number;
}

export const DEFAULT_ACCESS_ALERT_RULE: AccessAlertRule = { minViews: 30, viewsPerWork: 3, allowance: 10, highFactor: 3 };

export interface AccessAlert extends AccessVolume {
  /** allowance + viewsPerWork × work: the views the work explains. */
  expected: number;
  /** views ÷ expected (expected taken as at least 1), rounded to 2 decimals; > 1 for every alert. */
  factor: number;
  severity: 'warning' | 'high';
}

/**
 * Flags users whose views exceed what their work explains; worst first (by factor, then views).
 * Example: `{ views: 120, work: 2 }` expects 10 + 3 × 2 = 16 → flagged "high" (factor 7.5);
 * `{ views: 100, work: 40 }` expects 130 → not flagged.
 */
export function accessAlerts(volumes: readonly AccessVolume[], rule: Partial<AccessAlertRule> = {}): AccessAlert[] {
  const r: AccessAlertRule = { ...DEFAULT_ACCESS_ALERT_RULE, ...definedOnly(rule) };
  for (const [name, value] of Object.entries(r)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`access alert rule: ${name} must be a non-negative number, got ${value}`);
  }
  const alerts: AccessAlert[] = [];
  for (const v of volumes) {
    const views = Math.max(0, v.views);
    const work = Math.max(0, v.work);
    const expected = r.allowance + r.viewsPerWork * work;
    if (views < r.minViews || views <= expected) continue;
    const factor = views / Math.max(expected, 1);
    alerts.push({ userId: v.userId, views, work, expected, factor: Math.round(factor * 100) / 100, severity: factor >= r.highFactor ? 'high' : 'warning' });
  }
  return alerts.sort((a, b) => b.factor - a.factor || b.views - a.views || a.userId.localeCompare(b.userId));
}

function definedOnly(rule: Partial<AccessAlertRule>): Partial<AccessAlertRule> {
  const out: Partial<AccessAlertRule> = {};
  for (const [k, v] of Object.entries(rule) as [keyof AccessAlertRule, number | undefined][]) if (v !== undefined) out[k] = v;
  return out;
}
