import { describe, expect, it } from 'vitest';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { groundedQaTemplate } from '../label-config/templates.js';
import { validateResult } from '../annotation/validate-result.js';
import { ValidationError } from '../validation/validation-error.js';
import { qaRecords } from '../export/training/qa-records.js';
import { trainingLines } from '../export/training/training-records.js';
import { csvValues } from '../export/export-record.js';
import { taskLabel } from '../quality/task-label.js';
import { resultAgreement } from '../quality/result-agreement.js';
import type { AnnotationResult } from '../annotation/result.types.js';
import { answerStart } from './qa-labels.js';

const config = parseLabelConfig({
  version: 1,
  fields: [{ name: 'passage', type: 'text' }],
  controls: [
    {
      type: 'groundedqa',
      name: 'qa',
      toName: 'passage',
      maxPairs: 2,
      answerInEvidence: true,
      question: { minLength: 4, maxLength: 30, endsWith: ['？', '?'], forbidden: ['请问'] },
      answer: { maxLength: 10, pattern: '^[^。]+$', patternMessage: 'must be a phrase, not a sentence ending with 。' },
    },
  ],
});
// "😀" is one code point and two UTF-16 units: offsets below count code points.
const passage = '😀云冈石窟位于山西省大同市，开凿于北魏。';
const data = { passage };
const pair = (question: string, answer: string, evidence: { start: number; end: number; text: string }[]) => ({ question, answer, evidence });
const qaItem = (pairs: unknown[]): Record<string, unknown> => ({ id: 'q1', from_name: 'qa', to_name: 'passage', type: 'groundedqa', value: { pairs } });
const where = pair('云冈石窟位于哪里？', '山西省大同市', [{ start: 7, end: 13, text: '山西省大同市' }]);
const when = pair('云冈石窟开凿于哪个朝代？', '北魏', [{ start: 17, end: 19, text: '北魏' }]);

function issuesOf(result: unknown, cfg = config): { path: string; message: string }[] {
  try {
    validateResult(cfg, data, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('groundedqa control', () => {
  it('parses, and targets text fields only', () => {
    expect(config.controls[0]).toMatchObject({ type: 'groundedqa', maxPairs: 2 });
    expect(parseLabelConfig(structuredClone(groundedQaTemplate))).toEqual(groundedQaTemplate);
    expect(() => parseLabelConfig({ version: 1, fields: [{ name: 'chat', type: 'dialogue' }], controls: [{ type: 'groundedqa', name: 'qa', toName: 'chat' }] })).toThrow(/cannot annotate field "chat" of type dialogue/);
  });

  it('reports bad rules in the config with their paths', () => {
    try {
      parseLabelConfig({
        version: 1,
        fields: [{ name: 'passage', type: 'text' }],
        controls: [{ type: 'groundedqa', name: 'qa', toName: 'passage', requireEvidence: false, answerInEvidence: true, question: { minLength: 9, maxLength: 3, pattern: '(', endsWith: [] }, answer: { patternMessage: 'x', forbidden: [' '] } }],
      });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).issues.map((i) => i.path)).toEqual([
        'controls[0].question.minLength',
        'controls[0].question.pattern',
        'controls[0].question.endsWith',
        'controls[0].answer.patternMessage',
        'controls[0].answer.forbidden[0]',
        'controls[0].answerInEvidence',
      ]);
    }
  });

  it('accepts pairs whose evidence matches the passage in code points', () => {
    const [out] = validateResult(config, data, [qaItem([where, { ...when, extra: 1 }])]);
    expect(out).toEqual({ id: 'q1', from_name: 'qa', to_name: 'passage', type: 'groundedqa', value: { pairs: [where, when] } });
  });

  it('checks every rule and names the pair and the field', () => {
    const issues = issuesOf([
      qaItem([
        pair('哪里', '山西省大同市。', [{ start: 7, end: 13, text: '山西省大同市' }]),
        pair('请问云冈石窟开凿于哪个朝代，能告诉我吗我想知道答案谢谢你啦朋友们大家好？', '东汉', [{ start: 6, end: 19, text: 'wrong' }]),
        pair('   ', '', []),
      ]),
    ]);
    expect(issues).toEqual([
      { path: 'result[0].value.pairs', message: 'must hold at most 2 pairs (maxPairs of "qa"), got 3' },
      { path: 'result[0].value.pairs[0].question', message: 'must be at least 4 characters, got 2' },
      { path: 'result[0].value.pairs[0].question', message: 'must end with "？" or "?"' },
      { path: 'result[0].value.pairs[0].answer', message: 'must be a phrase, not a sentence ending with 。' },
      { path: 'result[0].value.pairs[0].answer', message: 'must be copied from the evidence (extractive QA): it does not occur in any of its evidence spans' },
      { path: 'result[0].value.pairs[1].question', message: 'must be at most 30 characters, got 36' },
      { path: 'result[0].value.pairs[1].question', message: 'must not contain the forbidden phrase "请问"' },
      { path: 'result[0].value.pairs[1].evidence[0].text', message: 'does not match the passage at 6..19: expected "于山西省大同市，开凿于北魏", got "wrong"' },
      { path: 'result[0].value.pairs[1].answer', message: 'must be copied from the evidence (extractive QA): it does not occur in any of its evidence spans' },
      { path: 'result[0].value.pairs[2].question', message: 'must not be empty; write the question or remove the pair' },
      { path: 'result[0].value.pairs[2].answer', message: 'must not be empty; write the answer or remove the pair' },
      { path: 'result[0].value.pairs[2].evidence', message: 'must cite at least one evidence span: select it in the passage and add it' },
    ]);
  });

  it('refuses evidence outside the passage, repeated questions, empty lists and a second item', () => {
    expect(issuesOf([qaItem([pair('云冈石窟位于哪里？', '山西', [{ start: 18, end: 40, text: '魏' }]), where])])).toEqual([
      { path: 'result[0].value.pairs[0].evidence[0].end', message: 'must be greater than start (18) and at most 20, got 40' },
      { path: 'result[0].value.pairs[0].answer', message: 'must be copied from the evidence (extractive QA): it does not occur in any of its evidence spans' },
      { path: 'result[0].value.pairs[1].question', message: 'repeats the question of pairs[0]; ask something else or merge the pairs' },
    ]);
    expect(issuesOf([qaItem([]), { ...qaItem([where]), id: 'q2' }]).map((i) => i.path)).toEqual(['result[0].value.pairs', 'result[1]']);
  });

  it('checks format: json and lets abstractive answers through without answerInEvidence', () => {
    const json = parseLabelConfig({ version: 1, fields: [{ name: 'passage', type: 'text' }], controls: [{ type: 'groundedqa', name: 'qa', toName: 'passage', requireEvidence: false, answer: { format: 'json' } }] });
    expect(issuesOf([qaItem([pair('地点?', '{"省": 山西}', [])])], json)).toEqual([{ path: 'result[0].value.pairs[0].answer', message: expect.stringMatching(/^must be valid JSON: /) as string }]);
    expect(validateResult(json, data, [qaItem([pair('地点?', '{"省": "山西"}', [])])])).toHaveLength(1);
  });
});

describe('grounded QA labels and exports', () => {
  const task = (label: AnnotationResult) => ({ id: 't1', data, label });
  const result = (pairs: ReturnType<typeof pair>[]): AnnotationResult => validateResult(config, data, [qaItem(pairs)]);

  it('finds answer_start in code points inside the evidence, else in the passage, else -1', () => {
    expect(answerStart(passage, where)).toBe(7);
    expect(answerStart(passage, pair('q', '北魏', []))).toBe(17);
    expect(answerStart(passage, pair('q', '公元460年', []))).toBe(-1);
    // Python's passage[7:13] is the answer: the offset counts the emoji as one.
    expect(Array.from(passage).slice(7, 13).join('')).toBe('山西省大同市');
  });

  it('exports SQuAD-shaped records, one per pair', () => {
    expect(qaRecords(config, task(result([where, when])))).toEqual([
      { id: 't1-0', context: passage, question: '云冈石窟位于哪里？', answers: { text: ['山西省大同市'], answer_start: [7] }, evidence: [{ start: 7, end: 13, text: '山西省大同市' }] },
      { id: 't1-1', context: passage, question: '云冈石窟开凿于哪个朝代？', answers: { text: ['北魏'], answer_start: [17] }, evidence: [{ start: 17, end: 19, text: '北魏' }] },
    ]);
    const lines = trainingLines('qa', config, task(result([where])));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ question: '云冈石窟位于哪里？' });
    const version = { version: 1, result: result([where]), leadTimeMs: 1, createdBy: 'u', createdAt: '2026-01-01' };
    expect(csvValues(config, { id: 't1', data, createdAt: '2026-01-01' }, [{ id: 'a', annotator: 'u', versions: [version] }])).toContain(JSON.stringify([where]));
  });

  it('delivers every distinct pair of several annotators and measures evidence overlap', () => {
    const a = result([where]);
    const b = result([{ ...where, evidence: [{ start: 5, end: 13, text: '位于山西省大同市' }] }, when]);
    const label = taskLabel(config, data, [
      { annotationId: 'a', version: 1, worker: 'u1', result: a },
      { annotationId: 'b', version: 1, worker: 'u2', result: b },
    ]);
    expect(label.result).toEqual([
      {
        id: 'qa-vote',
        from_name: 'qa',
        to_name: 'passage',
        type: 'groundedqa',
        value: { pairs: [{ ...where, evidence: [...where.evidence, { start: 5, end: 13, text: '位于山西省大同市' }] }, when] },
      },
    ]);
    // a cites 7..13 (6 points), b cites 5..13 and 17..19 (10 points): 6 shared of 10.
    expect(resultAgreement(config, a, b)).toBeCloseTo(0.6);
    expect(resultAgreement(config, a, [])).toBe(0);
    expect(resultAgreement(config, [], [])).toBe(1);
  });
});
