/**
 * End to end, in a real browser: a manager makes the Preprocessing tab's rules the project's import pipeline,
 * then imports a JSONL file in the Import tab; the answer says how many records the pipeline dropped and
 * changed, and the tasks hold the cleaned texts (docs/pipelines.md, "On import").
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { textClassificationTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

const LINES = ['<b>请拨打 13812345678</b>', '身份证号 11010519491231002X', '重复的评论', '重复的评论', '正常的一句话'];

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('import pipeline end to end', () => {
  const app = useE2eApp('import-pipeline');

  it('sets the import pipeline and an import through the UI is cleaned', async () => {
    const { owner, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `入库清洗 ${Date.now()}`, labelConfig: textClassificationTemplate });
    const { page, errors, context } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/pipeline`);
    await page.getByTestId('import-pipeline-none').waitFor();
    await page.getByTestId('import-pipeline-set').click();
    await page.getByTestId('import-pipeline-active').waitFor();
    await shot(page, 'import-pipeline-set', true);

    await page.goto(`${url}/projects/${project.body.id}/import`);
    await page.getByTestId('import-file').setInputFiles({ name: 'comments.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(LINES.map((text) => JSON.stringify({ text })).join('\n')) });
    await page.getByTestId('import-submit').click();
    const done = page.locator('[data-testid="import-result"] [data-status="ok"]');
    await done.waitFor();
    expect(await done.getAttribute('data-count')).toBe('3');
    expect(await page.getByTestId('import-pipeline-result').textContent()).toContain('2');
    await shot(page, 'import-pipeline-imported', true);

    const tasks = await owner.call<{ items: { data: { text: string } }[] }>('GET', `/projects/${project.body.id}/tasks`);
    const texts = tasks.body.items.map((t) => t.data.text);
    expect(texts).toHaveLength(3);
    expect(texts.join(' ')).not.toContain('13812345678');
    expect(texts).toContain('请拨打 [MOBILE]');
    expect(errors).toEqual([]);
    await context.close();
  });
});
