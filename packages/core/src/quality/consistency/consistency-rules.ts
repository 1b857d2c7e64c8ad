/**
 * Cross-modal consistency (issue 5, item 5): rules a project sets that link annotations made on different
 * data fields of one task, e.g. "every entity type tagged in the caption has a box with that label on the
 * image". Pure: a rule list is checked against a config once (`checkConsistencyRules`), then evaluated
 * against results (`evaluateConsistency`).
 *
 * Rule kinds:
 * - `labels-covered`: every label used by control `from` (spans, boxes or choices) is used at least once
 *   by control `to` (after `map`, which renames `from` labels to `to` labels; unmapped labels keep their
 *   name). `labels` restricts the rule to some `from` labels. With `match: 'count'`, `to` must use each
 *   label at least as many times as `from` does ("两个人" tagged twice → two person boxes).
 * - `requires`: when control `when` has any result item, control `then` must have one too (a transcript for
 *   every image with text boxes; a caption whenever objects are boxed).
 * Time-based rules (a transcript segment inside a speech region, a video event overlapping its audio) join
 * when audio and video controls exist.
 */
import type { AnnotationResult } from '../../annotation/result.types.js';
import { itemLabels } from '../../annotation/result-labels.js';
import type { Control, LabelConfig } from '../../label-config/label-config.types.js';
import type { ValidationIssue } from '../../validation/validation-error.js';

export interface LabelsCoveredRule {
  kind: 'labels-covered';
  from: string;
  to: string;
  match?: 'presence' | 'count';
  labels?: string[];
  map?: Record<string, string>;
}

export interface RequiresRule {
  kind: 'requires';
  when: string;
  then: string;
}

export type ConsistencyRule = LabelsCoveredRule | RequiresRule;

/** One rule's verdict on one result. */
export interface RuleVerdict {
  rule: number;
  satisfied: boolean;
  /** What is missing, in words a reviewer can act on ("label person: 2 in entities, 1 in objects"). */
  problems: string[];
}

/** A result's consistency: per rule, and overall (all rules hold). */
export interface ConsistencyVerdict {
  consistent: boolean;
  /** Share of rules satisfied, 1 when there are none. */
  score: number;
  rules: RuleVerdict[];
}

const LABELLED: readonly Control['type'][] = ['choices', 'labels', 'rectanglelabels', 'polygonlabels', 'polylinelabels', 'keypointlabels', 'brushlabels', 'videorectangle'];

/** Whether a control's items carry labels a `labels-covered` rule can compare. */
export function isLabelledControl(control: Control): boolean {
  return LABELLED.includes(control.type);
}

function labelValues(control: Control): string[] {
  if (control.type === 'choices') return control.options.map((o) => o.value);
  if (control.type === 'turnchoices') return control.options.map((o) => o.value);
  return 'labels' in control ? control.labels.map((l) => l.value) : [];
}

/**
 * Problems of a rule list against a config (unknown controls, controls without labels, labels that do not
 * exist), each with its path under `at` (for example `qualityPolicy.consistencyRules`). Empty when valid.
 */
export function checkConsistencyRules(config: LabelConfig, rules: readonly ConsistencyRule[], at = 'consistencyRules'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const controls = new Map(config.controls.map((c) => [c.name, c]));
  const names = config.controls.map((c) => c.name).join(', ');
  const control = (name: string, path: string, needLabels: boolean): Control | undefined => {
    const found = controls.get(name);
    if (!found) issues.push({ path, message: `no control named ${JSON.stringify(name)} (controls: ${names})` });
    else if (needLabels && !LABELLED.includes(found.type)) issues.push({ path, message: `control "${name}" is a ${found.type} control; this rule needs one with labels (${LABELLED.join(', ')})` });
    else return found;
    return undefined;
  };
  rules.forEach((rule, i) => {
    const here = `${at}[${i}]`;
    if (rule.kind === 'requires') {
      control(rule.when, `${here}.when`, false);
      control(rule.then, `${here}.then`, false);
      if (rule.when === rule.then) issues.push({ path: `${here}.then`, message: 'must name another control than "when"' });
      return;
    }
    const from = control(rule.from, `${here}.from`, true);
    const to = control(rule.to, `${here}.to`, true);
    if (rule.from === rule.to) issues.push({ path: `${here}.to`, message: 'must name another control than "from"' });
    if (!from || !to) return;
    const fromLabels = new Set(labelValues(from));
    const toLabels = new Set(labelValues(to));
    for (const [j, label] of (rule.labels ?? []).entries()) {
      if (!fromLabels.has(label)) issues.push({ path: `${here}.labels[${j}]`, message: `${JSON.stringify(label)} is not a label of "${from.name}" (labels: ${[...fromLabels].join(', ')})` });
    }
    for (const [key, value] of Object.entries(rule.map ?? {})) {
      if (!fromLabels.has(key)) issues.push({ path: `${here}.map.${key}`, message: `${JSON.stringify(key)} is not a label of "${from.name}"` });
      if (!toLabels.has(value)) issues.push({ path: `${here}.map.${key}`, message: `${JSON.stringify(value)} is not a label of "${to.name}" (labels: ${[...toLabels].join(', ')})` });
    }
    // An unmapped label must exist on the other side under its own name, or the rule could never hold.
    const checked = rule.labels ?? [...fromLabels];
    const unreachable = checked.filter((l) => rule.map?.[l] === undefined && !toLabels.has(l));
    if (unreachable.length > 0) {
      issues.push({ path: `${here}.map`, message: `label(s) ${unreachable.map((l) => JSON.stringify(l)).join(', ')} of "${from.name}" have no counterpart in "${to.name}"; map them to labels of "${to.name}" or leave them out with "labels"` });
    }
  });
  return issues;
}

function countLabels(result: AnnotationResult, control: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of result) if (item.from_name === control) for (const label of itemLabels(item)) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

/** Evaluates valid rules (see `checkConsistencyRules`) on one task's result. */
export function evaluateConsistency(rules: readonly ConsistencyRule[], result: AnnotationResult): ConsistencyVerdict {
  const verdicts = rules.map((rule, i): RuleVerdict => {
    const problems: string[] = [];
    if (rule.kind === 'requires') {
      const has = (control: string): boolean => result.some((r) => r.from_name === control);
      if (has(rule.when) && !has(rule.then)) problems.push(`"${rule.when}" is annotated but "${rule.then}" is not`);
    } else {
      const from = countLabels(result, rule.from);
      const to = countLabels(result, rule.to);
      const only = rule.labels ? new Set(rule.labels) : null;
      for (const [label, n] of [...from].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (only && !only.has(label)) continue;
        const target = rule.map?.[label] ?? label;
        const m = to.get(target) ?? 0;
        const needed = rule.match === 'count' ? n : 1;
        if (m < needed) problems.push(`label ${JSON.stringify(label)}: ${n} in "${rule.from}", ${m} ${JSON.stringify(target)} in "${rule.to}"`);
      }
    }
    return { rule: i, satisfied: problems.length === 0, problems };
  });
  const satisfied = verdicts.filter((v) => v.satisfied).length;
  return { consistent: satisfied === verdicts.length, score: verdicts.length === 0 ? 1 : satisfied / verdicts.length, rules: verdicts };
}

/** Project-level rate: the share of evaluated items whose result is consistent, against a target (0.9 in the plan). */
export function consistencyRate(verdicts: readonly ConsistencyVerdict[], target: number): { evaluated: number; consistent: number; rate: number | null; meetsTarget: boolean | null } {
  const consistent = verdicts.filter((v) => v.consistent).length;
  const rate = verdicts.length === 0 ? null : consistent / verdicts.length;
  return { evaluated: verdicts.length, consistent, rate, meetsTarget: rate === null ? null : rate >= target };
}
