/**
 * What a result holds for a grounded QA control, and how several annotators' pairs become one delivered
 * label and one agreement figure (docs/llm-data.md):
 * - delivered label: every distinct pair, in annotator order; pairs with the same question and answer
 *   (after trimming, NFC) are one pair (their evidence merged), since each distinct pair is a training example;
 * - agreement of two results: intersection over union of the passage code points they cite as evidence
 *   (did they ground their questions in the same part of the passage?), 1 when neither cites any.
 */
import type { QaEvidence, QaPair } from '../annotation/qa-result.types.js';
import type { AnnotationResult, ResultItem } from '../annotation/result.types.js';
import type { GroundedQaControl } from '../label-config/qa-controls.js';

/** The pairs of a groundedqa control, or null when it has no item. */
export function qaPairsOf(result: readonly ResultItem[], control: string): QaPair[] | null {
  const item = result.find((r) => r.from_name === control && r.type === 'groundedqa');
  return item?.type === 'groundedqa' ? item.value.pairs : null;
}

const pairKey = (pair: QaPair): string => JSON.stringify([pair.question.trim().normalize('NFC'), pair.answer.trim().normalize('NFC')]);

/** The delivered item of a groundedqa control over several annotations (module comment). */
export function qaLabelItems(control: GroundedQaControl, inputs: readonly { result: AnnotationResult }[]): ResultItem[] {
  const merged = new Map<string, QaPair>();
  for (const input of inputs) {
    for (const pair of qaPairsOf(input.result, control.name) ?? []) {
      const key = pairKey(pair);
      const earlier = merged.get(key);
      if (earlier === undefined) merged.set(key, { question: pair.question, answer: pair.answer, evidence: pair.evidence.map((e) => ({ ...e })) });
      else for (const span of pair.evidence) if (!earlier.evidence.some((e) => e.start === span.start && e.end === span.end)) earlier.evidence.push({ ...span });
    }
  }
  if (merged.size === 0) return [];
  return [{ id: `${control.name}-vote`, from_name: control.name, to_name: control.toName, type: 'groundedqa', value: { pairs: [...merged.values()] } }];
}

function cited(pairs: readonly QaPair[]): Set<number> {
  const points = new Set<number>();
  for (const pair of pairs) for (const span of pair.evidence) for (let p = span.start; p < span.end; p++) points.add(p);
  return points;
}

/** Agreement of two results on a groundedqa control, 0..1 (module comment). */
export function qaAgreement(control: GroundedQaControl, a: AnnotationResult, b: AnnotationResult): number {
  const x = qaPairsOf(a, control.name);
  const y = qaPairsOf(b, control.name);
  if (x === null && y === null) return 1;
  if (x === null || y === null) return 0;
  const ca = cited(x);
  const cb = cited(y);
  if (ca.size === 0 && cb.size === 0) return 1;
  let both = 0;
  for (const p of ca) if (cb.has(p)) both++;
  return both / (ca.size + cb.size - both);
}

/**
 * Where the answer starts in the passage, in code points: inside the first evidence span that contains it,
 * else the first occurrence in the passage; -1 when the answer is not copied from the passage (abstractive).
 */
export function answerStart(passage: string, pair: { answer: string; evidence: readonly QaEvidence[] }): number {
  for (const span of pair.evidence) {
    const at = span.text.indexOf(pair.answer);
    if (at >= 0) return span.start + Array.from(span.text.slice(0, at)).length;
  }
  const at = passage.indexOf(pair.answer);
  return at >= 0 ? Array.from(passage.slice(0, at)).length : -1;
}
