import { describe, expect, it } from 'vitest';
import type { ModelBackendDto } from '@yungang/core';
import { backendBody, backendPatch, formOf } from './backend-form.ts';

describe('backendBody', () => {
  const empty = { name: ' ocr ', kind: 'tesseract' as const, url: 'http://x', model: 'm', apiKey: 'k', rules: '' };
  it('keeps only the settings of the chosen kind', () => {
    expect(backendBody(empty)).toEqual({ name: 'ocr', kind: 'tesseract' });
    expect(backendBody({ ...empty, kind: 'openai' })).toEqual({ name: 'ocr', kind: 'openai', url: 'http://x', model: 'm', apiKey: 'k' });
    expect(backendBody({ ...empty, kind: 'rules', rules: '{"keywords": []}' })).toEqual({ name: 'ocr', kind: 'rules', rules: { keywords: [] } });
  });
  it('says where broken rules are and what to write', () => {
    expect(() => backendBody({ ...empty, kind: 'rules', rules: '{' })).toThrow(/^rules: not JSON/);
  });
});

describe('backendPatch (editing a registered backend)', () => {
  const before: ModelBackendDto = { id: 'b', name: '词典', kind: 'rules', url: null, model: null, languages: null, rules: { keywords: [{ choice: '教育', keywords: ['大学'] }] }, speech: null, hasApiKey: false, timeoutMs: 30000, retries: 2, ratePerMinute: 600, createdAt: '', updatedAt: '' };
  it('sends only what changed, and never an empty key', () => {
    const form = formOf(before);
    expect(form.rules).toContain('"教育"');
    expect(backendPatch(form, before)).toEqual({});
    expect(backendPatch({ ...form, name: '词典 v2', rules: '{"keywords": []}' }, before)).toEqual({ name: '词典 v2', rules: { keywords: [] } });
    const openai: ModelBackendDto = { ...before, kind: 'openai', url: 'http://gpu/v1', model: 'qwen', rules: null, hasApiKey: true };
    expect(backendPatch(formOf(openai), openai)).toEqual({});
    expect(backendPatch({ ...formOf(openai), apiKey: 'sk-new', model: 'qwen2' }, openai)).toEqual({ model: 'qwen2', apiKey: 'sk-new' });
  });
});
