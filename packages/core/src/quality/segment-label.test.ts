import { describe, expect, it } from 'vitest';
import { speechSegmentsTemplate } from '../label-config/templates.js';
import { taskLabel } from './task-label.js';
import { resultAgreement } from './result-agreement.js';
import { validateResult } from '../annotation/validate-result.js';
import type { AnnotationResult } from '../annotation/result.types.js';

const data = { audio: '/api/v1/media/ab12', duration: 10 };

/** One annotator's result: segments [start, end, label, transcript?, speaker?]. */
function annotation(segments: [number, number, string, string?, string?][]): AnnotationResult {
  return segments.flatMap(([start, end, label, text, who], n): AnnotationResult => {
    const id = `s${n}`;
    return [
      { id, from_name: 'segments', to_name: 'audio', type: 'labels', value: { start, end, labels: [label] } },
      ...(text !== undefined ? [{ id, from_name: 'transcript', to_name: 'audio', type: 'textarea' as const, value: { start, end, text: [text] } }] : []),
      ...(who !== undefined ? [{ id, from_name: 'speaker', to_name: 'audio', type: 'choices' as const, value: { start, end, choices: [who] } }] : []),
    ];
  });
}

describe('taskLabel: time segments', () => {
  it('fuses segments by temporal IoU with their transcripts and speakers, under shared ids', () => {
    const inputs = [
      annotation([[0, 2, 'speech', '你好', 'A'], [3, 5, 'speech', '再见', 'B']]),
      annotation([[0.1, 2, 'speech', '你好', 'A'], [3, 5.2, 'speech', '在见', 'B'], [7, 8, 'noise']]),
      annotation([[0, 2.1, 'speech', '你号', 'A'], [6, 7, 'music']]),
    ].map((result, n) => ({ annotationId: `a${n}`, version: 1, worker: `w${n}`, result }));
    const label = taskLabel(speechSegmentsTemplate, data, inputs);
    expect(label.method).toBe('majority');
    expect(label.result).toEqual([
      { id: 'segments-vote-0', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 0, end: 2, labels: ['speech'] } },
      { id: 'segments-vote-0', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { start: 0, end: 2, text: ['你好'] } },
      { id: 'segments-vote-0', from_name: 'speaker', to_name: 'audio', type: 'choices', value: { start: 0, end: 2, choices: ['A'] } },
      { id: 'segments-vote-1', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 3, end: 5.1, labels: ['speech'] } },
      { id: 'segments-vote-1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { start: 3, end: 5.1, text: ['再见'] } },
      { id: 'segments-vote-1', from_name: 'speaker', to_name: 'audio', type: 'choices', value: { start: 3, end: 5.1, choices: ['B'] } },
    ]);
    // The delivered label is itself a valid result.
    expect(validateResult(speechSegmentsTemplate, data, label.result)).toEqual(label.result);
  });
});

describe('resultAgreement: time segments', () => {
  it('averages segment F1, per-segment transcript agreement (1 − CER) and speaker agreement', () => {
    const a = annotation([[0, 2, 'speech', '今天天气', 'A'], [3, 5, 'speech', '好', 'B']]);
    expect(resultAgreement(speechSegmentsTemplate, a, a)).toBe(1);
    const b = annotation([[0, 2, 'speech', '今天天汽', 'B'], [3, 5, 'music', '好', 'B']]);
    // segments: 1 of 2 match by label → F1 0.5; transcripts: matched by time, 0.75 + 1 over 2 → 0.875;
    // speakers: 0 + 1 over 2 → 0.5.
    expect(resultAgreement(speechSegmentsTemplate, a, b)).toBeCloseTo((0.5 + 0.875 + 0.5) / 3);
    expect(resultAgreement(speechSegmentsTemplate, a, [])).toBe(0);
  });
});
