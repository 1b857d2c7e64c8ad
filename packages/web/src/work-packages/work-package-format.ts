/**
 * Pure helpers of the work package pages (docs/work-packages.md): the tone of each stage, which acts a
 * caller may see buttons for (decided by core's `packageTransition`, the same rules the server applies),
 * the create form's checks, and a compact text of a delivered result.
 */
import {
  CURRENCIES,
  itemLabels,
  itemText,
  MAX_PRICE_MINOR,
  packageTransition,
  type CreateWorkPackageBody,
  type Currency,
  type PackageAction,
  type PackageStage,
  type ResultItem,
  type Role,
  type WorkPackageDto,
  type WorkPackageItemDto,
} from '@yungang/core';
import { parseMajorToMinor } from '../catalog/order-format.ts';

export type Tone = 'ok' | 'bad' | 'pending' | 'neutral';

/** Badge tone per stage: waiting on someone is pending, done is ok, cancelled is bad. */
export const STAGE_TONE: Record<PackageStage, Tone> = {
  draft: 'neutral',
  awaiting_approval: 'pending',
  offered: 'pending',
  accepted: 'pending',
  delivered: 'pending',
  settled: 'ok',
  cancelled: 'bad',
};

/** Acts shown as buttons on a package row or page, in the order they appear. */
const BUTTON_ACTIONS = ['offer', 'approve', 'reject', 'accept', 'assign', 'deliver', 'review', 'settle', 'cancel'] as const satisfies readonly PackageAction[];

/**
 * The acts `role` on the package's side may take at its stage. Core's rules, not a copy of them: the server
 * still has the last word (the two-person rule, for one, is a setting the browser does not know).
 */
export function allowedActions(pkg: Pick<WorkPackageDto, 'stage' | 'side'>, role: Role | null | undefined): PackageAction[] {
  if (!role) return [];
  return BUTTON_ACTIONS.filter((action) => packageTransition(pkg.stage, action, { side: pkg.side, role }).ok);
}

/** The create form as typed: every field a string (or list), checked by `checkWorkPackageForm`. */
export interface WorkPackageForm {
  title: string;
  instructions: string;
  /** Empty: the server's default (the first 100 open tasks). */
  limit: string;
  unitPrice: string;
  currency: string;
  /** A `datetime-local` value, in the browser's time zone. */
  deadline: string;
  qualityFloorPercent: string;
  vendorOrgIds: readonly string[];
}

/** A form field that is wrong, with the message key that says how to fix it. */
export interface FormIssue {
  field: keyof WorkPackageForm;
  key:
    | 'workPackages.form.errTitle'
    | 'workPackages.form.errLimit'
    | 'workPackages.form.errPrice'
    | 'workPackages.form.errCurrency'
    | 'workPackages.form.errDeadline'
    | 'workPackages.form.errDeadlinePast'
    | 'workPackages.form.errFloor'
    | 'workPackages.form.errVendors';
}

export type FormCheck = { ok: true; body: CreateWorkPackageBody } | { ok: false; issues: FormIssue[] };

const isCurrency = (value: string): value is Currency => (CURRENCIES as readonly string[]).includes(value);

/** A `datetime-local` value ("2026-12-01T18:00") read in the browser's time zone; null when it is not one. */
export function localDateTimeToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute, second);
  // new Date rolls "02-31" over into March: a date that changed on the way in was not a real one.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.toISOString();
}

/** "90" or "92.5" (percent) → 0.9 / 0.925; null outside 0..100. */
export function parsePercent(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= 100 ? Math.round(value * 100) / 10000 : null;
}

/** Checks the create form and builds the request body; each issue names its field. */
export function checkWorkPackageForm(form: WorkPackageForm, now: Date = new Date()): FormCheck {
  const issues: FormIssue[] = [];
  const title = form.title.trim();
  if (title.length < 1 || title.length > 200) issues.push({ field: 'title', key: 'workPackages.form.errTitle' });
  let limit: number | undefined;
  if (form.limit.trim() !== '') {
    limit = /^\d{1,6}$/.test(form.limit.trim()) ? Number(form.limit.trim()) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100000) issues.push({ field: 'limit', key: 'workPackages.form.errLimit' });
  }
  const price = parseMajorToMinor(form.unitPrice);
  if (price === null || price > MAX_PRICE_MINOR) issues.push({ field: 'unitPrice', key: 'workPackages.form.errPrice' });
  if (!isCurrency(form.currency)) issues.push({ field: 'currency', key: 'workPackages.form.errCurrency' });
  const deadline = localDateTimeToIso(form.deadline);
  if (deadline === null) issues.push({ field: 'deadline', key: 'workPackages.form.errDeadline' });
  else if (Date.parse(deadline) <= now.getTime()) issues.push({ field: 'deadline', key: 'workPackages.form.errDeadlinePast' });
  const floor = parsePercent(form.qualityFloorPercent);
  if (floor === null) issues.push({ field: 'qualityFloorPercent', key: 'workPackages.form.errFloor' });
  if (form.vendorOrgIds.length === 0) issues.push({ field: 'vendorOrgIds', key: 'workPackages.form.errVendors' });
  if (issues.length > 0 || price === null || deadline === null || floor === null || !isCurrency(form.currency)) return { ok: false, issues };
  return {
    ok: true,
    body: {
      title,
      ...(form.instructions.trim() ? { instructions: form.instructions } : {}),
      ...(limit !== undefined ? { limit } : {}),
      unitPriceMinor: price,
      currency: form.currency,
      deadline,
      qualityFloor: floor,
      vendorOrgIds: [...new Set(form.vendorOrgIds)],
    },
  };
}

/**
 * A delivered result in one line: per control, its labels or text ("sentiment: positive"). Core's
 * `itemLabels`/`itemText` know where each item type keeps them; an item type they do not know shows its type.
 */
export function resultSummary(result: WorkPackageItemDto['result']): string {
  if (!result || result.length === 0) return '';
  const byControl = new Map<string, string[]>();
  for (const raw of result) {
    // On the wire an item's `type` is any string (ResultItemJson); core's helpers know the typed union.
    const item = raw as unknown as ResultItem;
    let parts: readonly string[];
    try {
      const text = itemText(item);
      parts = text !== null ? [text] : (itemLabels(item) ?? []);
    } catch {
      parts = [];
    }
    if (parts.length === 0) parts = [raw.type];
    const list = byControl.get(raw.from_name) ?? [];
    for (const p of parts) if (!list.includes(p)) list.push(p);
    byControl.set(raw.from_name, list);
  }
  return [...byControl].map(([control, values]) => `${control}: ${values.join(', ')}`).join(' · ');
}

/** The first shared text field of an item, shortened, to tell items apart in a table. */
export function itemPreview(data: Record<string, unknown>, max = 80): string {
  for (const value of Object.values(data)) {
    if (typeof value === 'string' && value.trim()) return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  }
  const json = JSON.stringify(data);
  return json.length > max ? `${json.slice(0, max - 1)}…` : json;
}

/** 0.9 → "90%", 0.6667 → "66.7%". */
export function formatPercent(share: number): string {
  const value = Math.round(share * 1000) / 10;
  return `${value}%`;
}

/** A default deadline for the form: seven days ahead at 18:00, as a `datetime-local` value. */
export function defaultDeadline(now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7, 18, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
