import { describe, expect, it } from 'vitest';
import { en } from './messages.en.ts';
import { zhCN } from './messages.zh-CN.ts';
import { isLocale, isMessageKey, translate } from './translate.ts';

describe('i18n', () => {
  it('has the same keys in every language, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const value of [...Object.values(en), ...Object.values(zhCN)]) expect(value.trim()).not.toBe('');
  });

  it('uses the same placeholders in every language', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(translate('zh-CN', 'tasks.page', { page: 2 })).toBe('第 2 页');
    expect(translate('en', 'tasks.page', { page: 2 })).toBe('Page 2');
    expect(translate('en', 'tasks.page')).toBe('Page {page}');
  });

  it('recognises locales and keys', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isMessageKey('error.conflict')).toBe(true);
    expect(isMessageKey('error.nope')).toBe(false);
  });
});
