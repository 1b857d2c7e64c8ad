import { describe, expect, it } from 'vitest';
import { matchRoute } from '../router/match-route.ts';
import {
  defaultSampleSize,
  INSPECTION_ROUTE,
  inspectionFigures,
  inspectionHotkey,
  inspectionPath,
  inspectionRate,
  itemNumber,
  judgementBody,
  judgementProblem,
  latestInspection,
  newerInspection,
  parseSampleSize,
} from './inspection-format.ts';

const key = (k: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: null,
  ...extra,
});

const inspection = (over: Partial<{ id: string; createdAt: string; sampleSize: number; inspected: number; correct: number; estimate: number | null; lower: number | null; upper: number | null }> = {}) => ({
  id: 'i1',
  createdAt: '2025-01-01T00:00:00.000Z',
  sampleSize: 50,
  inspected: 0,
  correct: 0,
  estimate: null,
  lower: null,
  upper: null,
  ...over,
});

describe('inspection helpers', () => {
  it('builds the page path and matches it with the route', () => {
    const path = inspectionPath('p 1', 'v1', 'i/1');
    expect(path).toBe('/projects/p%201/dataset-versions/v1/inspections/i%2F1');
    expect(matchRoute(INSPECTION_ROUTE, path)).toEqual({ projectId: 'p 1', versionId: 'v1', inspectionId: 'i/1' });
    expect(matchRoute(INSPECTION_ROUTE, '/projects/p/dataset-versions/v1')).toBeNull();
  });

  it('proposes 50 records, or all of a smaller version, and accepts whole sizes up to the record count', () => {
    expect(defaultSampleSize(1000)).toBe(50);
    expect(defaultSampleSize(3)).toBe(3);
    expect(defaultSampleSize(0)).toBe(1);
    expect(parseSampleSize(' 20 ', 100)).toBe(20);
    expect(parseSampleSize('100', 100)).toBe(100);
    expect(parseSampleSize('101', 100)).toBeNull();
    expect(parseSampleSize('0', 100)).toBeNull();
    expect(parseSampleSize('2.5', 100)).toBeNull();
    expect(parseSampleSize('-3', 100)).toBeNull();
    expect(parseSampleSize('', 100)).toBeNull();
    expect(parseSampleSize('1', 0)).toBeNull();
    expect(parseSampleSize('100001', 1_000_000)).toBeNull();
  });

  it('picks the newest inspection', () => {
    expect(latestInspection([])).toBeNull();
    const older = inspection({ id: 'a', createdAt: '2025-01-01T00:00:00.000Z' });
    const newer = inspection({ id: 'b', createdAt: '2025-02-01T00:00:00.000Z' });
    expect(latestInspection([older, newer])).toBe(newer);
    expect(latestInspection([newer, older])).toBe(newer);
    const twin = inspection({ id: 'c', createdAt: newer.createdAt });
    expect(latestInspection([twin, newer])).toBe(twin);
  });

  it('shows the accuracy with its 95% interval and the progress', () => {
    const done = inspection({ sampleSize: 50, inspected: 50, correct: 49, estimate: 0.98, lower: 0.8950, upper: 0.9966 });
    expect(inspectionRate(done)).toEqual({ correct: 49, total: 50, estimate: 0.98, lower: 0.895, upper: 0.9966 });
    expect(inspectionFigures(done)).toEqual({ estimate: '98%', interval: '89.5%–99.7%', inspected: 50, sampleSize: 50, remaining: 0, complete: true, progress: 1 });
    const started = inspectionFigures(inspection({ sampleSize: 3, inspected: 2, correct: 1, estimate: 0.5, lower: 0.0946, upper: 0.9054 }));
    expect(started).toMatchObject({ estimate: '50%', interval: '9.5%–90.5%', remaining: 1, complete: false });
    expect(started.progress).toBeCloseTo(2 / 3);
    expect(inspectionFigures(inspection({ sampleSize: 3 }))).toEqual({ estimate: '—', interval: null, inspected: 0, sampleSize: 3, remaining: 3, complete: false, progress: 0 });
  });

  it('maps C/A to correct and W/R to wrong, but not while typing or with modifiers', () => {
    expect(inspectionHotkey(key('c'))).toBe('correct');
    expect(inspectionHotkey(key('A'))).toBe('correct');
    expect(inspectionHotkey(key('w'))).toBe('wrong');
    expect(inspectionHotkey(key('R'))).toBe('wrong');
    expect(inspectionHotkey(key('x'))).toBeNull();
    expect(inspectionHotkey(key('c', { ctrlKey: true }))).toBeNull();
    expect(inspectionHotkey(key('w', { altKey: true }))).toBeNull();
    const textarea = { tagName: 'TEXTAREA' } as unknown as EventTarget;
    expect(inspectionHotkey(key('c', { target: textarea }))).toBeNull();
    const button = { tagName: 'BUTTON' } as unknown as EventTarget;
    expect(inspectionHotkey(key('w', { target: button }))).toBe('wrong');
  });

  it('requires a comment for a wrong label, and trims it', () => {
    expect(judgementProblem('wrong', '  ')).toBe('commentRequired');
    expect(judgementProblem('wrong', '类别错了')).toBeNull();
    expect(judgementProblem('correct', '')).toBeNull();
    expect(judgementBody('correct', ' ')).toEqual({ correct: true });
    expect(judgementBody('wrong', ' 类别错了 ')).toEqual({ correct: false, comment: '类别错了' });
    expect(judgementBody('correct', 'fine')).toEqual({ correct: true, comment: 'fine' });
  });

  it('keeps the reading that has seen more judgements, and numbers the item being judged', () => {
    const before = inspection({ inspected: 1 });
    const after = inspection({ inspected: 2 });
    expect(newerInspection(before, after)).toBe(after);
    expect(newerInspection(after, before)).toBe(after);
    expect(newerInspection(null, before)).toBe(before);
    expect(newerInspection(before, null)).toBe(before);
    expect(newerInspection(null, null)).toBeNull();
    expect(itemNumber({ inspected: 0, sampleSize: 3 })).toBe(1);
    expect(itemNumber({ inspected: 2, sampleSize: 3 })).toBe(3);
    expect(itemNumber({ inspected: 3, sampleSize: 3 })).toBe(3);
  });
});
