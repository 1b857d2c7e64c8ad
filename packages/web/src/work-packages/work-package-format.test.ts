import { describe, expect, it } from 'vitest';
import { allowedActions, checkWorkPackageForm, defaultDeadline, formatPercent, itemPreview, localDateTimeToIso, parsePercent, resultSummary, type WorkPackageForm } from './work-package-format.ts';

const form = (over: Partial<WorkPackageForm> = {}): WorkPackageForm => ({
  title: ' 路口情感 ',
  instructions: '按规范标注',
  limit: '',
  unitPrice: '1.50',
  currency: 'CNY',
  deadline: '2030-01-31T18:00',
  qualityFloorPercent: '90',
  vendorOrgIds: ['b', 'b', 'c'],
  ...over,
});

describe('work package format', () => {
  it('offers the acts core allows for the stage, side and role', () => {
    expect(allowedActions({ stage: 'draft', side: 'client' }, 'manager')).toEqual(['offer', 'cancel']);
    expect(allowedActions({ stage: 'awaiting_approval', side: 'client' }, 'manager')).toEqual(['cancel']);
    expect(allowedActions({ stage: 'awaiting_approval', side: 'client' }, 'owner')).toEqual(['approve', 'reject', 'cancel']);
    expect(allowedActions({ stage: 'offered', side: 'vendor' }, 'manager')).toEqual(['accept']);
    expect(allowedActions({ stage: 'offered', side: 'vendor' }, 'annotator')).toEqual([]);
    expect(allowedActions({ stage: 'accepted', side: 'vendor' }, 'owner')).toEqual(['assign', 'deliver']);
    expect(allowedActions({ stage: 'delivered', side: 'client' }, 'reviewer')).toEqual(['review']);
    expect(allowedActions({ stage: 'delivered', side: 'client' }, 'admin')).toEqual(['review', 'settle', 'cancel']);
    expect(allowedActions({ stage: 'settled', side: 'client' }, 'owner')).toEqual([]);
    expect(allowedActions({ stage: 'draft', side: 'client' }, null)).toEqual([]);
  });

  it('builds the create body: yuan to fen, percent to a share, local time to ISO, vendors once each', () => {
    const check = checkWorkPackageForm(form(), new Date('2026-01-01T00:00:00Z'));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.body).toEqual({
      title: '路口情感',
      instructions: '按规范标注',
      unitPriceMinor: 150,
      currency: 'CNY',
      deadline: new Date(2030, 0, 31, 18, 0).toISOString(),
      qualityFloor: 0.9,
      vendorOrgIds: ['b', 'c'],
    });
    const limited = checkWorkPackageForm(form({ limit: '25', instructions: '  ' }), new Date('2026-01-01T00:00:00Z'));
    expect(limited.ok && limited.body).toMatchObject({ limit: 25 });
    expect(limited.ok && 'instructions' in limited.body).toBe(false);
  });

  it('names every wrong field', () => {
    const check = checkWorkPackageForm(
      form({ title: ' ', limit: '0', unitPrice: '1.234', currency: 'JPY', deadline: '2020-01-01T00:00', qualityFloorPercent: '101', vendorOrgIds: [] }),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.issues.map((i) => i.field)).toEqual(['title', 'limit', 'unitPrice', 'currency', 'deadline', 'qualityFloorPercent', 'vendorOrgIds']);
    expect(check.issues.find((i) => i.field === 'deadline')?.key).toBe('workPackages.form.errDeadlinePast');
    const bad = checkWorkPackageForm(form({ deadline: '2030-02-31T10:00' }));
    expect(!bad.ok && bad.issues.map((i) => i.key)).toEqual(['workPackages.form.errDeadline']);
  });

  it('reads percents and local times strictly', () => {
    expect(parsePercent('92.5')).toBe(0.925);
    expect(parsePercent('0')).toBe(0);
    expect(parsePercent('100')).toBe(1);
    expect(parsePercent('100.5')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
    expect(localDateTimeToIso('2030-01-31T18:00')).toBe(new Date(2030, 0, 31, 18, 0).toISOString());
    expect(localDateTimeToIso('tomorrow')).toBeNull();
    expect(defaultDeadline(new Date(2026, 10, 30, 9, 15))).toBe('2026-12-07T18:00');
    expect(formatPercent(2 / 3)).toBe('66.7%');
    expect(formatPercent(0.9)).toBe('90%');
  });

  it('summarises a delivered result per control', () => {
    expect(resultSummary(null)).toBe('');
    expect(
      resultSummary([
        { id: '1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
        { id: '2', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, labels: ['地点'] } },
        { id: '3', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 5, labels: ['地点'] } },
        { id: '4', from_name: 'note', to_name: 'text', type: 'textarea', value: { text: ['拥堵', '严重'] } },
        { id: '5', from_name: 'odd', to_name: 'text', type: 'somethingnew', value: {} },
      ]),
    ).toBe('sentiment: positive · ner: 地点 · note: 拥堵\n严重 · odd: somethingnew');
    expect(itemPreview({ text: '路口拥堵 0', n: 1 })).toBe('路口拥堵 0');
    expect(itemPreview({ n: 1 })).toBe('{"n":1}');
    expect(itemPreview({ text: 'x'.repeat(100) }, 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
