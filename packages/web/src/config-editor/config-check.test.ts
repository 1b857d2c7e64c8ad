import { describe, expect, it } from 'vitest';
import { chineseNerTemplate } from '@yungang/core';
import { checkLabelConfig, issuesAt } from './config-check.ts';

describe('checkLabelConfig', () => {
  it('accepts a template', () => {
    expect(checkLabelConfig(structuredClone(chineseNerTemplate)).ok).toBe(true);
  });

  it('lists issues with their paths', () => {
    const draft = structuredClone(chineseNerTemplate) as unknown as { controls: { labels: { hotkey?: string; color: string }[] }[] };
    const labels = draft.controls[0]?.labels ?? [];
    if (labels[1]) labels[1].hotkey = '1';
    if (labels[2]) labels[2].color = 'red';
    const check = checkLabelConfig(draft);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(issuesAt(check.issues, 'controls[0].labels[1].hotkey')).toHaveLength(1);
    expect(issuesAt(check.issues, 'controls[0].labels[2].color')).toHaveLength(1);
  });
});
