import { describe, expect, it } from 'vitest';
import type { AnnotationResult } from '@yungang/core';
import { ApiError } from '../api/api-error.ts';
import { matchRoute } from '../router/match-route.ts';
import { canEditAnnotation, EDIT_ANNOTATION_ROUTE, editAnnotationPath, sameResult, summarizeResult, versionConflict } from './annotation-edit.ts';

const mine = { userId: 'u1' };
const theirs = { userId: 'u2' };

describe('canEditAnnotation', () => {
  it('lets an annotator edit only their own annotation', () => {
    expect(canEditAnnotation('annotator', 'u1', mine)).toBe(true);
    expect(canEditAnnotation('annotator', 'u1', theirs)).toBe(false);
  });

  it('lets roles with task.review edit anyone', () => {
    for (const role of ['reviewer', 'manager', 'admin', 'owner'] as const) expect(canEditAnnotation(role, 'u1', theirs), role).toBe(true);
  });

  it('never lets a viewer, or nobody, edit', () => {
    expect(canEditAnnotation('viewer', 'u1', mine)).toBe(false);
    expect(canEditAnnotation(null, 'u1', mine)).toBe(false);
    expect(canEditAnnotation('annotator', null, mine)).toBe(false);
  });
});

describe('editAnnotationPath', () => {
  it('builds a path the edit route matches, ids round-tripping', () => {
    const path = editAnnotationPath('p 1', '42', 'a/b');
    expect(path).toBe('/projects/p%201/tasks/42/annotations/a%2Fb/edit');
    expect(matchRoute(EDIT_ANNOTATION_ROUTE, path)).toEqual({ projectId: 'p 1', taskId: '42', annotationId: 'a/b' });
    expect(matchRoute('/projects/:id/:tab?', path)).toBeNull();
  });
});

describe('versionConflict', () => {
  it('reads the versions of a stale-version 409', () => {
    const error = new ApiError(409, 'conflict', 'stale', { currentVersion: 3, baseVersion: 2 });
    expect(versionConflict(error, 9)).toEqual({ currentVersion: 3, baseVersion: 2 });
  });

  it('fills in missing details', () => {
    expect(versionConflict(new ApiError(409, 'conflict', 'stale'), 4)).toEqual({ currentVersion: 5, baseVersion: 4 });
    expect(versionConflict(new ApiError(409, 'conflict', 'stale', { currentVersion: 'x' }), 1)).toEqual({ currentVersion: 2, baseVersion: 1 });
  });

  it('is null for anything else', () => {
    expect(versionConflict(new ApiError(404, 'not_found', 'gone'), 1)).toBeNull();
    expect(versionConflict(new Error('boom'), 1)).toBeNull();
    expect(versionConflict(null, 1)).toBeNull();
  });
});

const span = (id: string, start: number, end: number, text: string, label: string, toName = 'text'): AnnotationResult[number] => ({
  id,
  from_name: 'ner',
  to_name: toName,
  type: 'labels',
  value: { start, end, text, labels: [label] },
});
const choice = (id: string, choices: string[]): AnnotationResult[number] => ({ id, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices } });
const box = (id: string, x: number, y: number, label: string): AnnotationResult[number] => ({
  id,
  from_name: 'objects',
  to_name: 'image',
  type: 'rectanglelabels',
  value: { x, y, width: 10, height: 10, rectanglelabels: [label] },
});
const polygon = (id: string, points: [number, number][], label: string): AnnotationResult[number] => ({ id, from_name: 'areas', to_name: 'image', type: 'polygonlabels', value: { points, polygonlabels: [label] } });
const keypoint = (id: string, x: number, y: number, label: string): AnnotationResult[number] => ({ id, from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x, y, keypointlabels: [label] } });
const text = (id: string, lines: string[]): AnnotationResult[number] => ({ id, from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: lines } });

describe('summarizeResult', () => {
  it('lists spans in text order and chosen options', () => {
    const result = [span('b', 5, 7, '深圳', 'LOC'), choice('c', ['正面']), span('a', 1, 5, '华为公司', 'ORG')];
    expect(summarizeResult(result)).toEqual({
      spans: [
        { field: 'text', text: '华为公司', labels: ['ORG'], start: 1 },
        { field: 'text', text: '深圳', labels: ['LOC'], start: 5 },
      ],
      choices: [{ control: 'sentiment', choices: ['正面'] }],
      boxes: [],
      polygons: [],
      keypoints: [],
      texts: [],
    });
    expect(summarizeResult([])).toEqual({ spans: [], choices: [], boxes: [], polygons: [], keypoints: [], texts: [] });
  });

  it('lists boxes top to bottom and text-area texts', () => {
    const summary = summarizeResult([box('b', 50, 60, 'vehicle'), text('t', ['云冈', '石窟']), box('a', 10, 5, 'person')]);
    expect(summary.boxes).toEqual([
      { field: 'image', labels: ['person'], x: 10, y: 5, width: 10, height: 10 },
      { field: 'image', labels: ['vehicle'], x: 50, y: 60, width: 10, height: 10 },
    ]);
    expect(summary.texts).toEqual([{ control: 'transcript', text: '云冈\n石窟' }]);
  });

  it('lists polygons as drawn and keypoints top to bottom', () => {
    const summary = summarizeResult([keypoint('k2', 5, 50, 'hip'), polygon('p', [[0, 0], [10, 0], [0, 10]], 'road'), keypoint('k1', 5, 10, 'head')]);
    expect(summary.polygons).toEqual([{ field: 'image', labels: ['road'], points: [[0, 0], [10, 0], [0, 10]] }]);
    expect(summary.keypoints.map((k) => k.labels[0])).toEqual(['head', 'hip']);
  });
});

describe('sameResult', () => {
  it('ignores ids and order', () => {
    expect(sameResult([span('a', 1, 3, '李明', 'PER'), choice('c', ['x', 'y'])], [choice('z', ['y', 'x']), span('b', 1, 3, '李明', 'PER')])).toBe(true);
  });

  it('sees added, removed and relabelled items', () => {
    const base = [span('a', 1, 3, '李明', 'PER')];
    expect(sameResult(base, [])).toBe(false);
    expect(sameResult(base, [...base, span('b', 4, 8, '北京大学', 'ORG')])).toBe(false);
    expect(sameResult(base, [span('a', 1, 3, '李明', 'ORG')])).toBe(false);
    expect(sameResult([choice('c', ['x'])], [choice('c', ['y'])])).toBe(false);
  });

  it('compares boxes by geometry and label, and texts by their text', () => {
    expect(sameResult([box('a', 1, 2, 'person'), text('t', ['云冈'])], [text('u', ['云冈']), box('b', 1, 2, 'person')])).toBe(true);
    expect(sameResult([box('a', 1, 2, 'person')], [box('a', 1, 3, 'person')])).toBe(false);
    expect(sameResult([box('a', 1, 2, 'person')], [box('a', 1, 2, 'vehicle')])).toBe(false);
    expect(sameResult([text('t', ['云冈'])], [text('t', ['云岗'])])).toBe(false);
  });

  it('compares polygons by their corners and keypoints by their place', () => {
    expect(sameResult([polygon('a', [[0, 0], [10, 0], [0, 10]], 'road'), keypoint('k', 1, 2, 'head')], [keypoint('x', 1, 2, 'head'), polygon('b', [[0, 0], [10, 0], [0, 10]], 'road')])).toBe(true);
    expect(sameResult([polygon('a', [[0, 0], [10, 0], [0, 10]], 'road')], [polygon('a', [[0, 0], [10, 0], [0, 11]], 'road')])).toBe(false);
    expect(sameResult([keypoint('k', 1, 2, 'head')], [keypoint('k', 1, 2, 'hip')])).toBe(false);
  });
});
