import { describe, expect, it } from 'vitest';
import { backendBody } from './backend-form.ts';

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
