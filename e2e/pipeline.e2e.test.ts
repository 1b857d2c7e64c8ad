/**
 * End to end, in a real browser: a manager cleans a project's texts with a preprocessing pipeline. The
 * Preprocessing tab dry-runs the example pipeline on a sample (per-operator counts, before/after), then
 * runs it over every task as a background job; the job list shows it finish, and its output project holds
 * the cleaned texts (personal data masked, duplicates gone) while the source keeps the originals.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { textClassificationTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

const TEXTS = ['<b>请拨打 13812345678 联系张老师</b>', 'ＦＵＬＬ　ＷＩＤＴＨ text', '重复的评论', '重复的评论', '邮箱 someone@example.com', '身份证号 11010519491231002X', '正常的一句话'];

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('preprocessing pipeline end to end', () => {
  const app = useE2eApp('pipeline');

  it('dry-runs, runs as a job with progress, and opens the cleaned output project', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `待清洗 ${Date.now()}`, labelConfig: textClassificationTemplate });
    const jsonl = TEXTS.map((text) => JSON.stringify({ text })).join('\n');
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: jsonl });
    expect(imported.status(), await imported.text()).toBe(201);

    const { page, errors, context } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/pipeline`);
    await page.getByTestId('pipeline-dry-run').click();
    const result = page.getByTestId('pipeline-dry-result');
    await result.waitFor();
    await expect.poll(() => page.getByTestId('pipeline-operator-row').count()).toBe(6);
    // The HTML and phone of the first text, the full-width text, the duplicate, the e-mail and the ID number.
    await expect.poll(() => page.locator('[data-testid="pipeline-example"][data-status="dropped"]').count()).toBe(2);
    expect(await result.textContent()).toContain('[MOBILE]');
    await shot(page, 'pipeline-dry-run', true);

    await page.getByTestId('pipeline-run').click();
    const row = page.getByTestId('job-row').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    expect(await row.getByTestId('job-count').textContent()).toContain('7 / 7');
    await shot(page, 'pipeline-job-done', true);

    await row.getByTestId('job-output').click();
    await page.getByTestId('tasks-table').waitFor();
    const table = (await page.getByTestId('tasks-table').textContent()) ?? '';
    expect(table).toContain('[MOBILE]');
    expect(table).not.toContain('13812345678');
    expect(table).not.toContain('someone@example.com');
    expect(table).toContain('FULL WIDTH text');

    const source = await owner.call<{ items: { data: { text: string } }[] }>('GET', `/projects/${project.body.id}/tasks`);
    expect(source.body.items.map((t) => t.data.text).sort()).toEqual([...TEXTS].sort());

    // The same run split in two parts: two pipeline-part jobs, then the run itself, with the same output.
    await page.goto(`${url}/projects/${project.body.id}/pipeline`);
    await page.getByTestId('pipeline-shards').fill('2');
    await page.getByTestId('pipeline-run').click();
    const parts = page.locator('[data-testid="job-row"][data-kind="pipeline-shard"]');
    await expect.poll(() => parts.count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => page.locator('[data-testid="job-row"][data-kind="pipeline"][data-status="succeeded"]').count(), { timeout: 90_000 }).toBe(2);
    expect(await parts.first().textContent()).toMatch(/Pipeline part|流水线分片/);
    await shot(page, 'pipeline-shards-done', true);
    const runs = await owner.call<{ items: { kind: string; result: { outputTasks?: number } | null }[] }>('GET', `/jobs?projectId=${project.body.id}`);
    expect(runs.body.items.filter((j) => j.kind === 'pipeline').map((j) => j.result?.outputTasks)).toEqual([5, 5]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
