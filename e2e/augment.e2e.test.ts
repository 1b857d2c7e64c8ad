/**
 * End to end, in a real browser: on an image project's Preprocessing tab, a manager dry-runs the example
 * image pipeline (before/after thumbnails and scores for each sampled image), then augments the labelled
 * image from the Synthesize / Augment panel; the job list shows the augmentation finish, and its output
 * project holds one marked copy per ticked augmentation with the box moved onto the red square.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageCaptionTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

/** A 200x100 white PNG with a red square at x 20..80, y 20..60 (box x 10 %, y 20 %, 30 % × 40 %). */
async function redSquarePng(): Promise<Buffer> {
  const red = await sharp({ create: { width: 60, height: 40, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
  return sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: red, left: 20, top: 20 }])
    .png()
    .toBuffer();
}

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('image operators and augmentation end to end', () => {
  const app = useE2eApp('augment');

  it('previews image operators and augments a labelled image into a new project', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `增强 ${Date.now()}`, labelConfig: imageCaptionTemplate });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const uploaded = await request.post(`${url}/api/v1/projects/${project.body.id}/media`, { headers: owner.headers, multipart: { files: { name: 'red.png', mimeType: 'image/png', buffer: await redSquarePng() } } });
    expect(uploaded.status(), await uploaded.text()).toBe(200);
    const next = await owner.call<{ assignment: { id: string } }>('POST', `/projects/${project.body.id}/next`);
    const box = { id: 'red', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['person'] } };
    expect((await owner.call('POST', `/assignments/${next.body.assignment.id}/annotations`, { result: [box] })).status).toBe(201);

    const { page, errors, context } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/pipeline`);
    expect(await page.getByTestId('pipeline-spec').inputValue()).toContain('image-validate');
    await page.getByTestId('pipeline-dry-run').click();
    await page.getByTestId('pipeline-dry-result').waitFor();
    await expect.poll(() => page.getByTestId('pipeline-operator-row').count()).toBe(7);
    const preview = page.getByTestId('pipeline-image-preview').first();
    await preview.waitFor();
    expect(await preview.locator('img').first().getAttribute('src')).toMatch(/^data:image\/webp;base64,/);
    await shot(page, 'augment-01-image-dry-run', true);

    // Three ticked by default: mirror left–right, turn by 15°, colour jitter.
    await page.getByTestId('augment-start').click();
    const row = page.getByTestId('job-row').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    await shot(page, 'augment-02-job-done', true);
    await row.getByTestId('job-output').click();
    await page.getByTestId('tasks-table').waitFor();

    const jobs = await owner.call<{ items: { kind: string; result: { targetProjectId: string; made: number } }[] }>('GET', `/jobs?projectId=${project.body.id}`);
    const done = jobs.body.items.find((j) => j.kind === 'augment')!;
    expect(done.result.made).toBe(3);
    const tasks = await owner.call<{ items: { id: string; data: { _synthetic: { generator: string } } }[] }>('GET', `/projects/${done.result.targetProjectId}/tasks`);
    expect(tasks.body.items.map((t) => t.data._synthetic.generator)).toEqual(['image-augment@1', 'image-augment@1', 'image-augment@1']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
