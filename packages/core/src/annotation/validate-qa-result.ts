/**
 * Checks of a `groundedqa` result item against the passage and the control's rules, split from
 * validate-result.ts. Problems name the pair and the field: `result[0].value.pairs[1].answer: …`.
 */
import Type from 'typebox';
import { DEFAULT_MAX_QA_PAIRS, type GroundedQaControl } from '../label-config/qa-controls.js';
import { CodePointIndex } from '../text/code-points.js';
import { schemaIssues } from '../validation/validate-schema.js';
import { formatPath, type ValidationIssue } from '../validation/validation-error.js';
import type { GroundedQaResultItem, QaEvidence } from './qa-result.types.js';
import { textRuleProblems } from './text-rules-check.js';

const EvidenceShape = Type.Object({ start: Type.Integer(), end: Type.Integer(), text: Type.String() }, { additionalProperties: true });
const QaShape = Type.Object(
  { pairs: Type.Array(Type.Object({ question: Type.String(), answer: Type.String(), evidence: Type.Array(EvidenceShape) }, { additionalProperties: true })) },
  { additionalProperties: true },
);

type Segments = (string | number)[];
interface RawItem {
  id: string;
  from_name: string;
  to_name: string;
  value: Record<string, unknown>;
}

/** Validates item `i` of a groundedqa control; one item per control holds all of the annotator's pairs. */
export function checkGroundedQaItem(
  control: GroundedQaControl,
  item: RawItem,
  i: number,
  passage: string | undefined,
  singleItemOf: Map<string, number>,
  issue: (segments: Segments, message: string) => void,
  add: (issues: ValidationIssue[]) => void,
): GroundedQaResultItem | undefined {
  const earlier = singleItemOf.get(control.name);
  if (earlier !== undefined) issue([i], `second groundedqa item for control "${control.name}" (first is result[${earlier}]); put all pairs in one item`);
  else singleItemOf.set(control.name, i);
  const shape = schemaIssues(QaShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  if (passage === undefined) {
    issue([i, 'to_name'], `task data has no text in field "${control.toName}"`);
    return undefined;
  }
  const index = new CodePointIndex(passage);
  const { pairs } = item.value as { pairs: { question: string; answer: string; evidence: QaEvidence[] }[] };
  const max = control.maxPairs ?? DEFAULT_MAX_QA_PAIRS;
  if (pairs.length === 0) issue([i, 'value', 'pairs'], 'must hold at least one question–answer pair; omit the item when there is none');
  if (pairs.length > max) issue([i, 'value', 'pairs'], `must hold at most ${max} pairs (maxPairs of "${control.name}"), got ${pairs.length}`);
  const seen = new Map<string, number>();
  pairs.forEach((pair, p) => {
    const at: Segments = [i, 'value', 'pairs', p];
    for (const field of ['question', 'answer'] as const) {
      const text = pair[field];
      if (text.trim() === '') {
        issue([...at, field], `must not be empty; write the ${field} or remove the pair`);
        continue;
      }
      const rules = control[field];
      if (rules !== undefined) for (const problem of textRuleProblems(text, rules)) issue([...at, field], problem);
    }
    const key = pair.question.trim().normalize('NFC');
    const same = seen.get(key);
    if (key !== '' && same !== undefined) issue([...at, 'question'], `repeats the question of pairs[${same}]; ask something else or merge the pairs`);
    else seen.set(key, p);
    if (pair.evidence.length === 0 && control.requireEvidence !== false) issue([...at, 'evidence'], 'must cite at least one evidence span: select it in the passage and add it');
    pair.evidence.forEach((span, e) => checkEvidence(span, [...at, 'evidence', e], passage, index, control.toName, issue));
    if (control.answerInEvidence === true && pair.answer.trim() !== '' && pair.evidence.length > 0 && !pair.evidence.some((span) => span.text.includes(pair.answer))) {
      issue([...at, 'answer'], 'must be copied from the evidence (extractive QA): it does not occur in any of its evidence spans');
    }
  });
  return {
    id: item.id,
    from_name: item.from_name,
    to_name: item.to_name,
    type: 'groundedqa',
    value: { pairs: pairs.map((pair) => ({ question: pair.question, answer: pair.answer, evidence: pair.evidence.map(({ start, end, text }) => ({ start, end, text })) })) },
  };
}

function checkEvidence(span: QaEvidence, at: Segments, passage: string, index: CodePointIndex, field: string, issue: (segments: Segments, message: string) => void): void {
  const length = index.length;
  if (span.start < 0 || span.start >= length) issue([...at, 'start'], `must be within 0..${length - 1} (code points of "${field}"), got ${span.start}`);
  else if (span.end <= span.start || span.end > length) issue([...at, 'end'], `must be greater than start (${span.start}) and at most ${length}, got ${span.end}`);
  else {
    const expected = passage.slice(index.toUtf16(span.start), index.toUtf16(span.end));
    if (expected !== span.text) issue([...at, 'text'], `does not match the passage at ${span.start}..${span.end}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(span.text)}`);
  }
}
