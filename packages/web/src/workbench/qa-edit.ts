/**
 * Pure edits of a grounded QA result (docs/llm-data.md): the control's one item holds every pair the
 * annotator wrote; each edit returns a new result for the workbench's `edit` action (one undo step each).
 * The rule messages shown beside each box come from core's own `validateResult`, so the workbench says
 * exactly what the server will say on submit.
 */
import { isValidationError, validateResult, type AnnotationResult, type GroundedQaControl, type QaPair, type ResultItem } from '@yungang/core';

type Base = { id: string; fromName: string; toName: string };
const EMPTY: QaPair = { question: '', answer: '', evidence: [] };

/** The pairs of a control in a result (none yet: []). */
export function qaPairsIn(result: AnnotationResult, control: string): QaPair[] {
  const item = result.find((r) => r.from_name === control && r.type === 'groundedqa');
  return item?.type === 'groundedqa' ? item.value.pairs : [];
}

/** Replaces the control's pairs; no pairs means no item (an unanswered control). */
export function setQaPairs(result: AnnotationResult, a: Base & { pairs: QaPair[] }): AnnotationResult {
  const match = (r: ResultItem) => r.from_name === a.fromName && r.type === 'groundedqa';
  const at = result.findIndex(match);
  const rest = result.filter((r) => !match(r));
  if (a.pairs.length === 0) return rest;
  const item: ResultItem = { id: result[at]?.id ?? a.id, from_name: a.fromName, to_name: a.toName, type: 'groundedqa', value: { pairs: a.pairs } };
  return at < 0 ? [...rest, item] : [...rest.slice(0, at), item, ...rest.slice(at)];
}

export const addQaPair = (pairs: readonly QaPair[]): QaPair[] => [...pairs, { ...EMPTY, evidence: [] }];
export const removeQaPair = (pairs: readonly QaPair[], n: number): QaPair[] => pairs.filter((_, i) => i !== n);
export const updateQaPair = (pairs: readonly QaPair[], n: number, patch: Partial<Pick<QaPair, 'question' | 'answer'>>): QaPair[] => pairs.map((p, i) => (i === n ? { ...p, ...patch } : p));

/**
 * Adds the selected passage text `[start, end)` (code points) as evidence of pair `n` (a new pair when
 * there is none yet); the same span twice is kept once. Evidence stays in passage order.
 */
export function addQaEvidence(pairs: readonly QaPair[], n: number, span: { start: number; end: number; text: string }): QaPair[] {
  const list = pairs.length === 0 ? [{ ...EMPTY, evidence: [] }] : [...pairs];
  const at = Math.min(Math.max(n, 0), list.length - 1);
  const pair = list[at]!;
  if (span.end <= span.start || pair.evidence.some((e) => e.start === span.start && e.end === span.end)) return list;
  list[at] = { ...pair, evidence: [...pair.evidence, span].sort((x, y) => x.start - y.start || x.end - y.end) };
  return list;
}

export const removeQaEvidence = (pairs: readonly QaPair[], n: number, e: number): QaPair[] => pairs.map((p, i) => (i === n ? { ...p, evidence: p.evidence.filter((_, j) => j !== e) } : p));

/** Rule messages per place: `"<pair>.question"`, `"<pair>.answer"`, `"<pair>.evidence"`, or `"pairs"` for the list. */
export function qaIssues(control: GroundedQaControl, passage: string, pairs: readonly QaPair[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (pairs.length === 0) return out;
  const config = { version: 1 as const, fields: [{ name: control.toName, type: 'text' as const }], controls: [control] };
  try {
    validateResult(config, { [control.toName]: passage }, [{ id: 'qa', from_name: control.name, to_name: control.toName, type: 'groundedqa', value: { pairs } }]);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    for (const issue of error.issues) {
      const m = /^result\[0\]\.value\.pairs(?:\[(\d+)\]\.(question|answer|evidence))?/.exec(issue.path);
      const key = m === null ? 'pairs' : m[1] === undefined ? 'pairs' : `${m[1]}.${m[2]}`;
      out.set(key, [...(out.get(key) ?? []), issue.message]);
    }
  }
  return out;
}
