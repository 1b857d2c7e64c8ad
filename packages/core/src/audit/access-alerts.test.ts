import { describe, expect, it } from 'vitest';
import { accessAlerts, AUDIT_LIST_ACTIONS, AUDIT_VIEW_ACTIONS, AUDIT_WORK_ACTIONS, DEFAULT_ACCESS_ALERT_RULE } from './access-alerts.js';

describe('accessAlerts', () => {
  it('flags a heavy reader whose work does not explain the views, and not a normal worker', () => {
    const alerts = accessAlerts([
      { userId: 'harvester', views: 120, work: 2 },
      { userId: 'worker', views: 100, work: 40 },
      { userId: 'newcomer', views: 12, work: 0 },
    ]);
    expect(alerts).toEqual([{ userId: 'harvester', views: 120, work: 2, expected: 16, factor: 7.5, severity: 'high' }]);
  });

  it('applies the documented thresholds at their edges', () => {
    const { minViews, allowance, viewsPerWork } = DEFAULT_ACCESS_ALERT_RULE;
    expect([minViews, allowance, viewsPerWork]).toEqual([30, 10, 3]);
    // Below minViews nobody is flagged, even with no work at all.
    expect(accessAlerts([{ userId: 'a', views: 29, work: 0 }])).toEqual([]);
    expect(accessAlerts([{ userId: 'a', views: 30, work: 0 }])).toHaveLength(1);
    // Exactly what the work explains is fine; one more is not.
    expect(accessAlerts([{ userId: 'b', views: 40, work: 10 }])).toEqual([]);
    expect(accessAlerts([{ userId: 'b', views: 41, work: 10 }])).toEqual([expect.objectContaining({ userId: 'b', expected: 40, severity: 'warning' })]);
    // Three times the expectation is high.
    expect(accessAlerts([{ userId: 'c', views: 120, work: 10 }])[0]?.severity).toBe('high');
    expect(accessAlerts([{ userId: 'c', views: 119, work: 10 }])[0]?.severity).toBe('warning');
  });

  it('sorts worst first and accepts a custom rule', () => {
    const volumes = [
      { userId: 'x', views: 50, work: 5 },
      { userId: 'y', views: 90, work: 0 },
      { userId: 'z', views: 60, work: 0 },
    ];
    expect(accessAlerts(volumes).map((a) => a.userId)).toEqual(['y', 'z', 'x']);
    expect(accessAlerts(volumes, { minViews: 70 }).map((a) => a.userId)).toEqual(['y']);
    expect(accessAlerts(volumes, { viewsPerWork: 10, minViews: undefined }).map((a) => a.userId)).toEqual(['y', 'z']);
    // A zero allowance and no work: the factor stays finite.
    expect(accessAlerts([{ userId: 'w', views: 40, work: 0 }], { allowance: 0 })[0]?.factor).toBe(40);
  });

  it('rejects a nonsensical rule', () => {
    expect(() => accessAlerts([], { viewsPerWork: -1 })).toThrow(/viewsPerWork/);
    expect(() => accessAlerts([], { minViews: Number.NaN })).toThrow(/minViews/);
  });

  it('keeps the action lists disjoint', () => {
    const all = [...AUDIT_VIEW_ACTIONS, ...AUDIT_LIST_ACTIONS, ...AUDIT_WORK_ACTIONS];
    expect(new Set(all).size).toBe(all.length);
  });
});
