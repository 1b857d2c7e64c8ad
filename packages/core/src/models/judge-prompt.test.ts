import { describe, expect, it } from 'vitest';
import { ValidationError } from '../validation/validation-error.js';
import { judgeSchema, readVerdict, renderJudgePrompt } from './judge-prompt.js';

describe('LLM-as-judge prompt and verdict', () => {
  it('fills the placeholders once, and appends the ones the rubric leaves out', () => {
    const prompt = renderJudgePrompt('评分标准：情感是否正确。\n任务：{{task}}\n标注：{{annotation}}', { text: '很好 {{annotation}}' }, [{ value: { choices: ['positive'] } }]);
    expect(prompt).toContain('"text": "很好 {{annotation}}"');
    expect(prompt).toContain('"choices": [\n');
    expect(renderJudgePrompt('Be strict.', { text: 'a' }, [], ['Paris', 'Lyon'])).toMatch(/^Be strict\.\n\nTask:\n\{\n {2}"text": "a"\n\}\n\nAnnotation:\n\[\]\n\nCandidate responses \(judge each one by its index\):\n\[0\] Paris\n\n\[1\] Lyon$/);
  });

  it('asks for {score, reasons} and, for candidates, one verdict each; checks answers with paths', () => {
    expect(judgeSchema(0)).toMatchObject({ required: ['score', 'reasons'], additionalProperties: false });
    expect(judgeSchema(2)).toMatchObject({ required: ['score', 'reasons', 'candidates'], properties: { candidates: { minItems: 2, maxItems: 2 } } });
    expect(readVerdict({ score: 0.5, reasons: ['漏标了地名'] }, 0)).toEqual({ score: 0.5, reasons: ['漏标了地名'] });
    expect(readVerdict({ score: 1, reasons: [], candidates: [{ index: 1, score: 0.2, reasons: ['wrong'] }, { index: 0, score: 0.9, reasons: [] }] }, 2).candidates).toEqual([
      { index: 0, score: 0.9, reasons: [] },
      { index: 1, score: 0.2, reasons: ['wrong'] },
    ]);
    try {
      readVerdict({ score: 7, reasons: 'no', candidates: [{ index: 0, score: 1, reasons: [] }, { index: 0, score: 1, reasons: [] }] }, 2);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['score', 'reasons', 'candidates[1].index']);
    }
    expect(() => readVerdict('5/5', 0)).toThrow(ValidationError);
  });
});
