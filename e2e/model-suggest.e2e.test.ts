/**
 * End to end, in a real browser: AI-assisted annotation (docs/models.md). A dictionary pre-labeller is the
 * project's model; in the workbench the annotator asks for a suggestion (Alt+M), sees it as a pending
 * proposal that changes nothing yet, accepts it with one key (Tab), and submits. The stored annotation
 * holds the suggested spans at the right code points.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { chineseNerTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('model suggestions end to end', () => {
  const app = useE2eApp('model-suggest');

  it('asks the model for a suggestion and accepts it with one key', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `模型建议 ${Date.now()}`, labelConfig: chineseNerTemplate });
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: JSON.stringify({ text: '😀张三在北京大学读书' }) });
    expect(imported.status(), await imported.text()).toBe(201);
    const backend = await owner.call<{ id: string }>('POST', '/model-backends', { name: `词典 ${Date.now()}`, kind: 'rules', rules: { gazetteer: [{ label: 'PER', terms: ['张三'] }, { label: 'ORG', terms: ['北京大学'] }, { label: 'LOC', terms: ['北京'] }] } });
    expect(backend.status).toBe(201);
    expect((await owner.call('PUT', `/projects/${project.body.id}/model-settings`, { backendId: backend.body.id })).status).toBe(200);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    await page.getByTestId('suggest').waitFor();
    expect(await page.getByTestId('span-item').count()).toBe(0);
    await page.keyboard.press('Alt+m');
    const banner = page.getByTestId('suggestion-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('2');
    // Pending: nothing is in the result until it is accepted.
    expect(await page.getByTestId('span-item').count()).toBe(0);
    await shot(page, 'model-suggest-01-pending');

    await page.keyboard.press('Tab');
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(2);
    const spans = await page.getByTestId('span-item').evaluateAll((items) => items.map((i) => [i.getAttribute('data-label'), i.getAttribute('data-start'), i.getAttribute('data-end')]));
    expect(spans).toEqual([
      ['PER', '1', '3'],
      ['ORG', '4', '8'],
    ]);
    await shot(page, 'model-suggest-02-accepted');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    const tasks = await owner.call<{ items: { id: string }[] }>('GET', `/projects/${project.body.id}/tasks`);
    const task = await owner.call<{ annotations: { result: { value: { start: number; end: number; labels: string[] } }[] }[] }>('GET', `/tasks/${tasks.body.items[0]!.id}`);
    expect(task.body.annotations[0]!.result.map((r) => [r.value.labels[0], r.value.start, r.value.end]).sort()).toEqual([
      ['ORG', 4, 8],
      ['PER', 1, 3],
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
