import { describe, expect, it } from 'vitest';
import { textRuleProblems } from './text-rules-check.js';

describe('textRuleProblems', () => {
  it('counts lengths in code points', () => {
    expect(textRuleProblems('😀😀', { minLength: 3 })).toEqual(['must be at least 3 characters, got 2']);
    expect(textRuleProblems('😀😀', { maxLength: 2 })).toEqual([]);
  });

  it('checks endings (trailing spaces ignored), patterns with their message, forbidden phrases case-insensitively and JSON', () => {
    expect(textRuleProblems('是什么？ ', { endsWith: ['？', '?'] })).toEqual([]);
    expect(textRuleProblems('是什么', { endsWith: ['？'] })).toEqual(['must end with "？"']);
    expect(textRuleProblems('abc', { pattern: '^\\d+$' })).toEqual(['must match the pattern "^\\\\d+$"']);
    expect(textRuleProblems('abc', { pattern: '^\\d+$', patternMessage: 'digits only' })).toEqual(['digits only']);
    expect(textRuleProblems('Well, AS AN AI I cannot', { forbidden: ['as an AI', '作为AI'] })).toEqual(['must not contain the forbidden phrase "as an AI"']);
    expect(textRuleProblems('{"a": 1}', { format: 'json' })).toEqual([]);
    expect(textRuleProblems('{a: 1}', { format: 'json' })[0]).toMatch(/^must be valid JSON: /);
    expect(textRuleProblems('{a: 1}', { format: 'text' })).toEqual([]);
  });
});
