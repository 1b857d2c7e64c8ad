import { describe, expect, it } from 'vitest';
import type { AnnotationResult, GroundedQaControl } from '@yungang/core';
import { addQaEvidence, addQaPair, qaIssues, qaPairsIn, removeQaEvidence, removeQaPair, setQaPairs, updateQaPair } from './qa-edit.ts';

const control: GroundedQaControl = { type: 'groundedqa', name: 'qa', toName: 'passage', answerInEvidence: true, question: { endsWith: ['？', '?'] } };
const passage = '云冈石窟位于山西省大同市。';
const base = { id: 'new', fromName: 'qa', toName: 'passage' };

describe('grounded QA edits', () => {
  it('adds evidence to a new pair, writes the pair and stores it as one item', () => {
    let pairs = addQaEvidence([], 0, { start: 6, end: 12, text: '山西省大同市' });
    pairs = updateQaPair(pairs, 0, { question: '在哪里？', answer: '山西省大同市' });
    // The same span twice is one evidence.
    pairs = addQaEvidence(pairs, 0, { start: 6, end: 12, text: '山西省大同市' });
    pairs = addQaEvidence(pairs, 0, { start: 0, end: 4, text: '云冈石窟' });
    expect(pairs[0]!.evidence.map((e) => e.start)).toEqual([0, 6]);
    const result: AnnotationResult = setQaPairs([], { ...base, pairs });
    expect(result).toEqual([{ id: 'new', from_name: 'qa', to_name: 'passage', type: 'groundedqa', value: { pairs } }]);
    expect(qaPairsIn(result, 'qa')).toEqual(pairs);
    expect(qaIssues(control, passage, pairs).size).toBe(0);
    expect(setQaPairs(result, { ...base, pairs: removeQaPair(pairs, 0) })).toEqual([]);
  });

  it('reports the core rule messages by pair and field', () => {
    const pairs = removeQaEvidence(updateQaPair(addQaPair(addQaEvidence([], 0, { start: 6, end: 12, text: '山西省大同市' })), 0, { question: '在哪里', answer: '大同' }), 0, 0);
    const issues = qaIssues(control, passage, pairs);
    expect(issues.get('0.question')).toEqual(['must end with "？" or "?"']);
    expect(issues.get('0.evidence')).toEqual(['must cite at least one evidence span: select it in the passage and add it']);
    expect(issues.get('1.question')).toEqual(['must not be empty; write the question or remove the pair']);
  });
});
