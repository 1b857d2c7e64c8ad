/**
 * Pure helpers of the dataset quality report page: numbers and ratios, the reading of Krippendorff's α,
 * badge tones of process checks, the order of label methods, class-count bars and the JSON download's
 * file name. Rates and their intervals use quality-format.ts.
 */
import type { QualityReportDto } from '@yungang/core';
import { isMessageKey, type MessageKey } from '../i18n/translate.ts';

/** What the report shows for a missing value. */
export const DASH = '—';

type Maybe = number | null | undefined;

const isNumber = (value: Maybe): value is number => typeof value === 'number' && Number.isFinite(value);

/** A plain number with `digits` decimals ("0.812"), "—" for null or a non-finite value. */
export function formatNumber(value: Maybe, digits = 3): string {
  if (!isNumber(value)) return DASH;
  const fixed = value.toFixed(digits);
  // -0.000 reads as a negative number: show it as zero.
  return Number(fixed) === 0 ? (0).toFixed(digits) : fixed;
}

/** A ratio of the largest to the smallest class: "4.2 : 1" (one decimal, none when whole); "—" for null. */
export function formatRatio(value: Maybe): string {
  if (!isNumber(value)) return DASH;
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} : 1`;
}

/** "5 / 6": conforming (or correct) of evaluated. */
export function formatCount(part: number, whole: number): string {
  return `${part} / ${whole}`;
}

/**
 * How far Krippendorff's α can be relied on (Krippendorff 2004, §11.3.4): at least 0.8 reliable,
 * 0.667 up to 0.8 only for tentative conclusions, below 0.667 not reliable; `none` when α is undefined
 * (fewer than two annotators or no unit coded twice).
 */
export type AlphaReading = 'good' | 'tentative' | 'poor' | 'none';

export const ALPHA_GOOD = 0.8;
export const ALPHA_TENTATIVE = 0.667;

export function alphaReading(alpha: Maybe): AlphaReading {
  if (!isNumber(alpha)) return 'none';
  if (alpha >= ALPHA_GOOD) return 'good';
  if (alpha >= ALPHA_TENTATIVE) return 'tentative';
  return 'poor';
}

export type Tone = 'ok' | 'bad' | 'pending' | 'neutral';

/** The badge tone of an α reading. */
export function alphaTone(reading: AlphaReading): Tone {
  if (reading === 'good') return 'ok';
  if (reading === 'tentative') return 'pending';
  if (reading === 'poor') return 'bad';
  return 'neutral';
}

export type ProcessStatus = QualityReportDto['process'][number]['status'];

/** The badge tone of a process check: pass green, fail red, not evaluated grey. */
export function processTone(status: ProcessStatus): Tone {
  if (status === 'pass') return 'ok';
  if (status === 'fail') return 'bad';
  return 'neutral';
}

/** The message key naming a process check, or null for a check this app does not know yet (shown as its id). */
export function processCheckKey(check: string): MessageKey | null {
  const key = `report.check.${check}`;
  return isMessageKey(key) ? key : null;
}

/** The message key naming how labels were decided, or null for a method this app does not know yet. */
export function labelMethodKey(method: string): MessageKey | null {
  const key = `report.method.${method}`;
  return isMessageKey(key) ? key : null;
}

/** The ways a task's label can be decided, strongest first (taskLabel in core). */
export const LABEL_METHODS = ['gold', 'adjudication', 'majority', 'single', 'none'] as const;

export interface MethodRow {
  method: string;
  count: number;
  /** Share of all tasks, or null when there are none. */
  share: number | null;
}

/** Every known method (0 when absent) in a fixed order, then any others the server sent, by name. */
export function labelMethodRows(methods: Readonly<Record<string, number>>): MethodRow[] {
  const known: readonly string[] = LABEL_METHODS;
  const names = [...LABEL_METHODS, ...Object.keys(methods).filter((m) => !known.includes(m)).sort()];
  const total = names.reduce((sum, m) => sum + (methods[m] ?? 0), 0);
  return names.map((method) => {
    const count = methods[method] ?? 0;
    return { method, count, share: total === 0 ? null : count / total };
  });
}

export interface ClassBar {
  label: string;
  count: number;
  /** Share of all labels of the control (0..1). */
  share: number;
  /** Bar length relative to the largest class (0..1). */
  width: number;
}

/** A control's class counts as bars: largest first, ties by label. */
export function classBars(counts: Readonly<Record<string, number>>): ClassBar[] {
  const entries = Object.entries(counts).filter(([, n]) => Number.isFinite(n) && n >= 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const max = entries.reduce((m, [, n]) => Math.max(m, n), 0);
  return entries
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, count]) => ({ label, count, share: total === 0 ? 0 : count / total, width: max === 0 ? 0 : count / max }));
}

/** Characters that do not belong in a file name on common systems, and whitespace (control characters are checked apart). */
const UNSAFE_FILE_CHARS = '\\/:*?"<>|';

/** `text` with every run of unsafe characters replaced by one "-". */
function fileSafe(text: string): string {
  const safe = [...text].map((c) => (UNSAFE_FILE_CHARS.includes(c) || /\s/.test(c) || (c.codePointAt(0) ?? 0) < 0x20 || c === '\u007f' ? '-' : c)).join('');
  return safe.replace(/-+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * The download's name: quality-report-<project>-<date>.json, where <project> is the project's name made
 * safe for a file name (the id when nothing is left) and <date> the UTC day the report was generated.
 */
export function reportFileName(identity: Pick<QualityReportDto['identity'], 'projectId' | 'projectName' | 'generatedAt'>): string {
  const project = fileSafe([...fileSafe(identity.projectName)].slice(0, 60).join('')) || identity.projectId;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(identity.generatedAt)?.[0] ?? 'undated';
  return `quality-report-${project}-${day}.json`;
}

/** The report as the downloaded file holds it: the fetched JSON, indented, with a final newline. */
export function reportJson(report: QualityReportDto): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The report page's route, and the path to it for a project. */
export const QUALITY_REPORT_ROUTE = '/projects/:id/quality/report';

export function qualityReportPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}/quality/report`;
}
