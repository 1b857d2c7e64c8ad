/**
 * Checking written text against its `TextRules` (label-config/text-rules.ts). Each problem is one message
 * that says what to fix; the caller puts the path in front.
 */
import type { TextRules } from '../label-config/text-rules.js';
import { codePointLength } from '../text/code-points.js';

/** The problems of `text` under `rules`, empty when it keeps them all. Empty text is the caller's concern. */
export function textRuleProblems(text: string, rules: TextRules): string[] {
  const problems: string[] = [];
  const length = codePointLength(text);
  if (rules.minLength !== undefined && length < rules.minLength) problems.push(`must be at least ${rules.minLength} characters, got ${length}`);
  if (rules.maxLength !== undefined && length > rules.maxLength) problems.push(`must be at most ${rules.maxLength} characters, got ${length}`);
  if (rules.endsWith !== undefined && rules.endsWith.length > 0) {
    const trimmed = text.trimEnd();
    if (!rules.endsWith.some((end) => trimmed.endsWith(end))) problems.push(`must end with ${rules.endsWith.map((e) => JSON.stringify(e)).join(' or ')}`);
  }
  if (rules.pattern !== undefined && !new RegExp(rules.pattern, 'u').test(text)) {
    problems.push(rules.patternMessage ?? `must match the pattern ${JSON.stringify(rules.pattern)}`);
  }
  if (rules.forbidden !== undefined) {
    const lower = text.toLocaleLowerCase();
    for (const phrase of rules.forbidden) if (phrase.trim() !== '' && lower.includes(phrase.toLocaleLowerCase())) problems.push(`must not contain the forbidden phrase ${JSON.stringify(phrase)}`);
  }
  if (rules.format === 'json') {
    try {
      JSON.parse(text);
    } catch (error) {
      problems.push(`must be valid JSON: ${(error as Error).message}`);
    }
  }
  return problems;
}
