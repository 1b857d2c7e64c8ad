import { describe, expect, it } from 'vitest';
import { chineseNerTemplate, imageCaptionTemplate, transcriptionTemplate, type AnnotationResult, type LabelConfig } from '@yungang/core';
import { consistencyWarnings, resultIssues, submittableResult } from './result-check.ts';

const data = { text: '李明在北京大学读书。' };
const required = (name: string) => `need ${name}`;

describe('resultIssues', () => {
  it('accepts a valid result', () => {
    const result = [{ id: 'a', from_name: 'ner', to_name: 'text', type: 'labels' as const, value: { start: 0, end: 2, text: '李明', labels: ['PER'] } }];
    expect(resultIssues(chineseNerTemplate, data, result, required)).toEqual([]);
  });

  it('names missing required controls first', () => {
    const config: LabelConfig = { ...chineseNerTemplate, controls: chineseNerTemplate.controls.map((c) => ({ ...c, required: true, title: '实体' })) };
    expect(resultIssues(config, data, [], required)).toEqual([{ path: '', message: 'need 实体' }]);
  });

  it("reports core's issues, e.g. a span whose text does not match", () => {
    const result = [{ id: 'a', from_name: 'ner', to_name: 'text', type: 'labels' as const, value: { start: 0, end: 2, text: '王芳', labels: ['PER'] } }];
    expect(resultIssues(chineseNerTemplate, data, result, required).length).toBeGreaterThan(0);
  });
});

describe('results of image projects', () => {
  const image = { image: 'data:image/png;base64,iVBORw0KGgo=', caption: '一辆车停在石窟前。' };

  it('accepts boxes in percent and rejects one leaving the image', () => {
    const box = (x: number, width: number): AnnotationResult => [{ id: 'b', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x, y: 10, width, height: 20, rectanglelabels: ['vehicle'] } }];
    expect(resultIssues(imageCaptionTemplate, image, box(10, 30), required)).toEqual([]);
    expect(resultIssues(imageCaptionTemplate, image, box(90, 30), required)[0]?.path).toBe('result[0].value.width');
  });

  it('drops blank text areas before sending, so a required one is reported as missing', () => {
    const blank: AnnotationResult = [{ id: 't', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: [' \n '] } }];
    expect(submittableResult(blank)).toEqual([]);
    expect(resultIssues(transcriptionTemplate, { image: image.image }, submittableResult(blank), required)).toEqual([{ path: '', message: 'need 转写文本' }]);
    const written: AnnotationResult = [{ id: 't', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['云冈石窟'] } }];
    expect(submittableResult(written)).toBe(written);
    expect(resultIssues(transcriptionTemplate, { image: image.image }, written, required)).toEqual([]);
  });
});

describe('consistencyWarnings', () => {
  it('lists what the rules find missing, and nothing without rules', () => {
    const result: AnnotationResult = [{ id: 'e', from_name: 'entities', to_name: 'caption', type: 'labels', value: { start: 0, end: 1, text: 'x', labels: ['vehicle'] } }];
    expect(consistencyWarnings([{ kind: 'labels-covered', from: 'entities', to: 'objects' }], result)).toEqual(['label "vehicle": 1 in "entities", 0 "vehicle" in "objects"']);
    expect(consistencyWarnings([], result)).toEqual([]);
  });
});
