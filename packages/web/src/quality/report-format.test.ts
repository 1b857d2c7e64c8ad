import { describe, expect, it } from 'vitest';
import type { QualityReportDto } from '@yungang/core';
import { translate } from '../i18n/translate.ts';
import { matchRoute } from '../router/match-route.ts';
import {
  alphaReading,
  alphaTone,
  classBars,
  formatCount,
  formatNumber,
  formatRatio,
  labelMethodKey,
  labelMethodRows,
  processCheckKey,
  processTone,
  QUALITY_REPORT_ROUTE,
  qualityReportPath,
  reportFileName,
  reportJson,
} from './report-format.ts';

describe('quality report formatting', () => {
  it('formats numbers, ratios and counts, with a dash for what is missing', () => {
    expect(formatNumber(0.81234)).toBe('0.812');
    expect(formatNumber(1)).toBe('1.000');
    expect(formatNumber(-0.125)).toBe('-0.125');
    expect(formatNumber(-0.0001)).toBe('0.000');
    expect(formatNumber(0.5, 2)).toBe('0.50');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatRatio(3)).toBe('3 : 1');
    expect(formatRatio(4.1666)).toBe('4.2 : 1');
    expect(formatRatio(1)).toBe('1 : 1');
    expect(formatRatio(null)).toBe('—');
    expect(formatCount(5, 6)).toBe('5 / 6');
  });

  it("reads Krippendorff's α: ≥ 0.8 good, 0.667–0.8 tentative, below poor, undefined none", () => {
    expect(alphaReading(1)).toBe('good');
    expect(alphaReading(0.8)).toBe('good');
    expect(alphaReading(0.7999)).toBe('tentative');
    expect(alphaReading(0.667)).toBe('tentative');
    expect(alphaReading(0.6669)).toBe('poor');
    expect(alphaReading(-0.2)).toBe('poor');
    expect(alphaReading(null)).toBe('none');
    expect(alphaReading(Number.NaN)).toBe('none');
    expect(['good', 'tentative', 'poor', 'none'].map((r) => alphaTone(r as Parameters<typeof alphaTone>[0]))).toEqual(['ok', 'pending', 'bad', 'neutral']);
  });

  it('gives process checks a tone and a name, and falls back to the id for an unknown check', () => {
    expect(processTone('pass')).toBe('ok');
    expect(processTone('fail')).toBe('bad');
    expect(processTone('not-evaluated')).toBe('neutral');
    const key = processCheckKey('reviewer-is-not-annotator');
    expect(key).toBe('report.check.reviewer-is-not-annotator');
    if (key) expect(translate('zh-CN', key)).toBe('审核人不审核自己的标注');
    expect(processCheckKey('brand-new-check')).toBeNull();
    expect(labelMethodKey('majority')).toBe('report.method.majority');
    expect(labelMethodKey('oracle')).toBeNull();
  });

  it('lists every label method in a fixed order with its share, unknown ones last', () => {
    expect(labelMethodRows({ single: 3, gold: 1 })).toEqual([
      { method: 'gold', count: 1, share: 0.25 },
      { method: 'adjudication', count: 0, share: 0 },
      { method: 'majority', count: 0, share: 0 },
      { method: 'single', count: 3, share: 0.75 },
      { method: 'none', count: 0, share: 0 },
    ]);
    const rows = labelMethodRows({ zeta: 1, alpha: 1, none: 2 });
    expect(rows.map((r) => r.method)).toEqual(['gold', 'adjudication', 'majority', 'single', 'none', 'alpha', 'zeta']);
    expect(rows.find((r) => r.method === 'none')?.share).toBe(0.5);
    expect(labelMethodRows({}).every((r) => r.count === 0 && r.share === null)).toBe(true);
  });

  it('turns class counts into bars, largest first, ties by label', () => {
    expect(classBars({ negative: 1, positive: 3, neutral: 1 })).toEqual([
      { label: 'positive', count: 3, share: 0.6, width: 1 },
      { label: 'negative', count: 1, share: 0.2, width: 1 / 3 },
      { label: 'neutral', count: 1, share: 0.2, width: 1 / 3 },
    ]);
    expect(classBars({})).toEqual([]);
    expect(classBars({ a: 0 })).toEqual([{ label: 'a', count: 0, share: 0, width: 0 }]);
  });

  it('names the download after the project and the UTC day, safe for a file system', () => {
    const at = '2025-03-07T23:59:00.000Z';
    expect(reportFileName({ projectId: 'p-1', projectName: 'NER 新闻 2025', generatedAt: at })).toBe('quality-report-NER-新闻-2025-2025-03-07.json');
    expect(reportFileName({ projectId: 'p-1', projectName: ' a/b:c*?"<>|\td ', generatedAt: at })).toBe('quality-report-a-b-c-d-2025-03-07.json');
    expect(reportFileName({ projectId: 'p-1', projectName: '..//..', generatedAt: at })).toBe('quality-report-p-1-2025-03-07.json');
    expect(reportFileName({ projectId: 'p-1', projectName: '', generatedAt: 'soon' })).toBe('quality-report-p-1-undated.json');
    const long = reportFileName({ projectId: 'p', projectName: '长'.repeat(100), generatedAt: at });
    expect(long).toBe(`quality-report-${'长'.repeat(60)}-2025-03-07.json`);
  });

  it('downloads the report exactly as fetched, indented', () => {
    const report = { identity: { projectName: '项目' }, gbt36344: [], lots: [] } as unknown as QualityReportDto;
    const text = reportJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(report);
    expect(text).toContain('\n  "identity": {');
  });

  it('routes to the report page of a project', () => {
    expect(qualityReportPath('p 1')).toBe('/projects/p%201/quality/report');
    expect(matchRoute(QUALITY_REPORT_ROUTE, qualityReportPath('p 1'))).toEqual({ id: 'p 1' });
    expect(matchRoute(QUALITY_REPORT_ROUTE, '/projects/p/quality')).toBeNull();
  });
});
