/**
 * End to end, in a real browser: a manager exports a project as a background job from the Export tab
 * (docs/jobs.md, "Exports"); the job list shows it finish with its task count, and its download link gives
 * the same CSV the streamed download gives.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { textClassificationTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('background export end to end', () => {
  const app = useE2eApp('export-job');

  it('starts a CSV export job, follows its progress and downloads its file', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `导出 ${Date.now()}`, labelConfig: textClassificationTemplate });
    const jsonl = Array.from({ length: 250 }, (_, i) => JSON.stringify({ text: `评论 ${i}，含逗号` })).join('\n');
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: jsonl });
    expect(imported.status(), await imported.text()).toBe(201);

    const { page, errors, context } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/export`);
    await page.getByTestId('export-background-format').selectOption({ label: 'CSV' });
    await page.getByTestId('export-background-start').click();
    const row = page.getByTestId('job-row').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    expect(await row.getByTestId('job-count').textContent()).toContain('250 / 250');
    await shot(page, 'export-job-done', true);

    const href = await row.getByTestId('job-download').getAttribute('href');
    expect(href).toBeTruthy();
    const file = await context.request.get(new URL(href!, url).toString());
    expect(file.status()).toBe(200);
    const csv = await file.text();
    const streamed = await context.request.get(`${url}/api/v1/projects/${project.body.id}/export?format=csv&org=${owner.orgId}`);
    expect(csv).toBe(await streamed.text());
    expect(csv.trim().split('\r\n')).toHaveLength(251);
    expect(errors).toEqual([]);
    await context.close();
  });
});
