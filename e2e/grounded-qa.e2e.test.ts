/**
 * End to end, in a real browser: grounded QA on a Chinese passage. The annotator selects the evidence in
 * the passage with the keyboard, adds it to a pair, types a Chinese question that breaks a rule (the rule
 * message shows inline), fixes it, types the answer and submits; the stored result is read back through
 * the API with the evidence in code points. Then prompt–response writing: the prompt and the answer are
 * typed on a task with only a system message, a forbidden phrase is flagged inline, and both are stored.
 */
import { describe, expect, it } from 'vitest';
import { groundedQaTemplate, promptWritingTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

// The emoji is one code point (two UTF-16 units): the stored offsets must still count it once.
const passage = '😀云冈石窟位于山西省大同市，开凿于北魏。';

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('grounded QA end to end', () => {
  const app = useE2eApp('grounded-qa');

  it('selects evidence, writes a Chinese question and answer, and stores them', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `文档问答 ${Date.now()}`, labelConfig: groundedQaTemplate });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: JSON.stringify({ passage }) });
    expect(imported.status(), await imported.text()).toBe(201);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const text = page.getByTestId('workbench-text');
    await text.waitFor();

    // Caret to the start, over "😀云冈石窟位于" (7 code points), then Shift+→ across "山西省大同市".
    await text.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.getByTestId('qa-add-evidence').click();
    await expect.poll(() => page.getByTestId('qa-evidence-0-0').textContent()).toContain('山西省大同市');

    // A question without a question mark breaks the rule; the message shows beside the box.
    await page.getByTestId('qa-question-0').fill('云冈石窟位于哪里');
    await expect.poll(() => page.getByTestId('qa-issue-0.question').first().textContent()).toContain('？');
    await page.getByTestId('qa-question-0').fill('云冈石窟位于哪里？');
    await page.getByTestId('qa-answer-0').fill('山西省大同市');
    await expect.poll(() => page.getByTestId('qa-issue-0.question').count()).toBe(0);
    await expect.poll(() => page.getByTestId('qa-issue-0.answer').count()).toBe(0);
    await shot(page, 'grounded-qa-01-pair');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const tasks = await owner.call<{ items: { id: string }[] }>('GET', `/projects/${project.body.id}/tasks`);
    const full = await owner.call<{ annotations: { result: { type: string; value: Record<string, unknown> }[] }[] }>('GET', `/tasks/${tasks.body.items[0]!.id}`);
    expect(full.body.annotations[0]!.result.find((r) => r.type === 'groundedqa')?.value).toEqual({
      pairs: [{ question: '云冈石窟位于哪里？', answer: '山西省大同市', evidence: [{ start: 7, end: 13, text: '山西省大同市' }] }],
    });
    await context.close();
  });

  it('writes a prompt and an answer, flagging a forbidden phrase before submit', async () => {
    const { owner, request, url, signedInPage } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `指令撰写 ${Date.now()}`, labelConfig: promptWritingTemplate });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: JSON.stringify({ dialogue: [{ role: 'system', content: '你是旅游助手' }] }) });
    expect(imported.status(), await imported.text()).toBe(201);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const prompt = page.getByTestId('prompt-text');
    await prompt.waitFor();
    await prompt.fill('云冈石窟几点开门？');
    await page.getByTestId('answer-text').fill('作为一个AI，我不知道。');
    await expect.poll(() => page.getByTestId('answer-issue').first().textContent()).toContain('作为一个AI');
    await page.getByTestId('answer-text').fill('云冈石窟每天八点半开门，下午五点停止入园。');
    await expect.poll(() => page.getByTestId('answer-issue').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const tasks = await owner.call<{ items: { id: string }[] }>('GET', `/projects/${project.body.id}/tasks`);
    const full = await owner.call<{ annotations: { result: { type: string; value: Record<string, unknown> }[] }[] }>('GET', `/tasks/${tasks.body.items[0]!.id}`);
    expect(full.body.annotations[0]!.result.find((r) => r.type === 'responseedit')?.value).toMatchObject({ response: 0, original: '', prompt: '云冈石窟几点开门？', text: '云冈石窟每天八点半开门，下午五点停止入园。' });
    await context.close();
  });
});
