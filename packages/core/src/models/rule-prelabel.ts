/**
 * Rule and dictionary pre-labellers (docs/models.md): offline, deterministic suggestions that need no
 * model. Regular expressions and a gazetteer (term lists) mark named-entity spans; keyword lists pick
 * choices. Offsets are code points (text/code-points.ts), like every span we store.
 */
import type { LabelConfig } from '../label-config/label-config.types.js';
import type { ChoicesResultItem, LabelsResultItem, ResultItem } from '../annotation/result.types.js';
import { CodePointIndex } from '../text/code-points.js';

export interface RegexRule {
  /** The span label to give every match; must be a label of the project's `labels` control. */
  label: string;
  /** JavaScript regular expression source, e.g. `1[3-9]\\d{9}` for mainland mobile numbers. */
  pattern: string;
  /** Extra flags (`i`, `u`); `g` is always added. */
  flags?: string;
}

export interface GazetteerEntry {
  label: string;
  /** Exact terms; the longest term wins where terms overlap ("北京大学" over "北京"). */
  terms: string[];
}

export interface KeywordChoice {
  /** A choice of the project's `choices` control, picked when any keyword occurs in the text. */
  choice: string;
  keywords: string[];
}

export interface RuleSet {
  regex?: RegexRule[];
  gazetteer?: GazetteerEntry[];
  keywords?: KeywordChoice[];
}

interface Span {
  start: number;
  end: number;
  label: string;
}

/**
 * The spans and choices the rules find in a task, as Label Studio-shaped result items for every `labels`
 * and `choices` control over a text field. Spans never overlap: leftmost first, then longest, then the
 * rule listed first (regular expressions before gazetteer terms). Labels the control does not have are
 * skipped, so a rule set written for another project cannot produce an invalid result.
 */
export function rulePrelabel(config: LabelConfig, data: Record<string, unknown>, rules: RuleSet): ResultItem[] {
  const out: ResultItem[] = [];
  for (const control of config.controls) {
    const field = config.fields.find((f) => f.name === control.toName);
    const text = data[control.toName];
    if (!field || field.type !== 'text' || typeof text !== 'string') continue;
    if (control.type === 'labels') {
      const allowed = new Set(control.labels.map((l) => l.value));
      for (const span of findSpans(text, rules).filter((s) => allowed.has(s.label))) out.push(spanItem(control.name, control.toName, text, span));
    } else if (control.type === 'choices') {
      const allowed = new Set(control.options.map((o) => o.value));
      const picked = (rules.keywords ?? []).filter((k) => allowed.has(k.choice) && k.keywords.some((w) => w !== '' && text.includes(w))).map((k) => k.choice);
      const choices = control.choice === 'single' ? picked.slice(0, 1) : [...new Set(picked)];
      if (choices.length > 0) out.push({ id: `rule-${control.name}`, from_name: control.name, to_name: control.toName, type: 'choices', value: { choices } } satisfies ChoicesResultItem);
    }
  }
  return out;
}

/** Non-overlapping spans (code points) that the regular expressions and gazetteer find in `text`. */
export function findSpans(text: string, rules: RuleSet): Span[] {
  const index = new CodePointIndex(text);
  const candidates: (Span & { rank: number })[] = [];
  let rank = 0;
  for (const rule of rules.regex ?? []) {
    const flags = [...new Set(`${rule.flags ?? ''}gu`)].join('');
    const re = new RegExp(rule.pattern, flags);
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      candidates.push({ start: index.toCodePoint(m.index), end: index.toCodePoint(m.index + m[0].length), label: rule.label, rank });
    }
    rank++;
  }
  for (const entry of rules.gazetteer ?? []) {
    for (const term of entry.terms) {
      if (term === '') continue;
      for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
        candidates.push({ start: index.toCodePoint(at), end: index.toCodePoint(at + term.length), label: entry.label, rank });
      }
    }
    rank++;
  }
  candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.rank - b.rank);
  const spans: Span[] = [];
  let reached = 0;
  for (const c of candidates) {
    if (c.start < reached) continue;
    spans.push({ start: c.start, end: c.end, label: c.label });
    reached = c.end;
  }
  return spans;
}

function spanItem(fromName: string, toName: string, text: string, span: Span): LabelsResultItem {
  const index = new CodePointIndex(text);
  return {
    id: `rule-${span.start}-${span.end}`,
    from_name: fromName,
    to_name: toName,
    type: 'labels',
    value: { start: span.start, end: span.end, text: text.slice(index.toUtf16(span.start), index.toUtf16(span.end)), labels: [span.label] },
  };
}

/** Checks that every pattern compiles; the problems, each with its path, or none. */
export function ruleSetIssues(rules: RuleSet): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  (rules.regex ?? []).forEach((rule, i) => {
    try {
      new RegExp(rule.pattern, [...new Set(`${rule.flags ?? ''}gu`)].join(''));
    } catch (error) {
      issues.push({ path: `rules.regex[${i}].pattern`, message: `is not a valid regular expression (${(error as Error).message}); escape special characters such as ( [ + ? with a backslash` });
    }
  });
  return issues;
}
