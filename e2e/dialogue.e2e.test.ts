/**
 * End to end, in a real browser: a dialogue project comparing three responses. The annotator ranks them
 * with the keyboard only (a digit picks a response, Alt+↑ / Alt+↓ moves it), edits one into a gold answer
 * (the diff shows while typing), and submits; the saved annotation is then read back through the API,
 * its diff made by the server. Markdown in messages renders, and a script in it does not run.
 */
import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'dialogue', type: 'dialogue', title: '对话' }],
  controls: [
    { type: 'ranker', name: 'ranking', toName: 'dialogue', title: '回答排序', required: true },
    { type: 'responseedit', name: 'gold', toName: 'dialogue', title: '标准答案' },
  ],
};
const task = {
  dialogue: {
    messages: [{ role: 'user', content: '云冈石窟在哪里？请用 **一句话** 回答。<img src=x onerror="window.__pwned=1">' }],
    responses: ['河南洛阳。', '山西大同。', '```text\n不知道\n```'],
  },
};

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('dialogue ranking and gold edit end to end', () => {
  const app = useE2eApp('dialogue');

  it('ranks three responses with the keyboard and edits one into a gold answer', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `对话排序 ${Date.now()}`, labelConfig: config });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: JSON.stringify(task) });
    expect(imported.status(), await imported.text()).toBe(201);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const ranker = page.getByTestId('ranker-ranking');
    await ranker.waitFor();
    // Markdown renders (bold, a code block); the injected handler was stripped.
    await expect.poll(() => page.getByTestId('turn-0').locator('strong').textContent()).toBe('一句话');
    await expect.poll(() => page.getByTestId('candidate-2').locator('pre code').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // B (2) is best: pick it and move it to the top; A (1) is worst: pick it and move it to the bottom.
    await page.keyboard.press('2');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => ranker.getAttribute('data-value')).toBe('1,0,2');
    await page.keyboard.press('1');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => ranker.getAttribute('data-value')).toBe('1,2,0');

    // Edit A into the gold answer: the editor opens on the picked response with Alt+E.
    await page.keyboard.press('Alt+e');
    const editor = page.getByTestId('gold-text-0');
    await editor.waitFor();
    await editor.fill('位于山西大同。');
    await expect.poll(() => page.getByTestId('gold-diff').locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('位于')]));
    await page.keyboard.press('Escape');
    await shot(page, 'dialogue-01-ranked-and-edited');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const tasks = await owner.call<{ items: { id: string }[] }>('GET', `/projects/${project.body.id}/tasks`);
    const full = await owner.call<{ annotations: { result: { type: string; value: Record<string, unknown> }[] }[] }>('GET', `/tasks/${tasks.body.items[0]!.id}`);
    const result = full.body.annotations[0]!.result;
    expect(result.find((r) => r.type === 'ranker')?.value).toEqual({ ranking: [1, 2, 0] });
    const gold = result.find((r) => r.type === 'responseedit')?.value;
    expect(gold).toMatchObject({ response: 0, text: '位于山西大同。', original: '河南洛阳。' });
    expect(String(gold?.['patch'])).toContain('+位于山西大同。');
    await context.close();
  });
});
