/**
 * End to end, in a real browser: the project's Models tab (docs/models.md). A manager registers a rules
 * backend, checks it, edits it, makes it the project's model with the diversity queue order, and deletes
 * it; the server holds what the page showed at each step.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { chineseNerTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('the Models tab end to end', () => {
  const app = useE2eApp('models-tab');

  it('registers, checks, edits, uses and deletes a model backend', async () => {
    const { owner, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `模型页 ${Date.now()}`, labelConfig: chineseNerTemplate });
    const name = `词典 ${Date.now()}`;
    const { page, context, errors } = await signedInPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${url}/projects/${project.body.id}/models`);
    const form = page.getByTestId('models-new-backend');
    await form.waitFor();
    await form.getByRole('textbox').first().fill(name);
    await form.locator('select').selectOption('rules');
    await form.locator('textarea').fill('{"gazetteer": [{"label": "ORG", "terms": ["北京大学"]}]}');
    await form.getByRole('button').click();
    const row = page.locator(`[data-testid="models-backend-row"][data-name="${name}"]`);
    await row.waitFor();

    await row.getByTestId('models-check').click();
    await expect.poll(() => row.getByTestId('models-health').innerText()).toContain('1 rules');
    await shot(page, 'models-tab-01-checked');

    await row.getByTestId('models-edit').click();
    const edit = page.getByTestId('models-edit-form');
    await edit.getByTestId('models-edit-name').fill(`${name} v2`);
    await edit.getByTestId('models-edit-rules').fill('{"gazetteer": [{"label": "ORG", "terms": ["北京大学", "清华大学"]}], "regex": [{"label": "PER", "pattern": "张三"}]}');
    await edit.getByTestId('models-edit-save').click();
    const edited = page.locator(`[data-testid="models-backend-row"][data-name="${name} v2"]`);
    await edited.waitFor();
    const stored = (await owner.call<{ id: string; name: string; rules: { gazetteer: { terms: string[] }[] } }[]>('GET', '/model-backends')).body.find((b) => b.name === `${name} v2`)!;
    expect(stored.rules.gazetteer[0]!.terms).toEqual(['北京大学', '清华大学']);

    await page.getByTestId('models-backend-select').selectOption(stored.id);
    await expect.poll(async () => (await owner.call<{ backendId: string | null }>('GET', `/projects/${project.body.id}/model-settings`)).body.backendId).toBe(stored.id);
    await page.getByTestId('models-queue-order').selectOption('diversity');
    await expect.poll(async () => (await owner.call<{ queueOrder: string }>('GET', `/projects/${project.body.id}/model-settings`)).body.queueOrder).toBe('diversity');
    await shot(page, 'models-tab-02-in-use');

    await edited.getByTestId('models-delete').click();
    await edited.waitFor({ state: 'detached' });
    expect((await owner.call<{ name: string }[]>('GET', '/model-backends')).body.map((b) => b.name)).not.toContain(`${name} v2`);
    // The project's choice went with it; the queue order stays.
    await expect.poll(async () => (await owner.call<{ backendId: string | null; queueOrder: string }>('GET', `/projects/${project.body.id}/model-settings`)).body).toMatchObject({ backendId: null, queueOrder: 'diversity' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
