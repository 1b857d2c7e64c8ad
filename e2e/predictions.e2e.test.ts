/**
 * End to end, in a real browser: another tool's annotations come in as model predictions and an annotator
 * corrects them. A COCO file is imported from the project's Import tab as predictions; the workbench
 * starts from them (saying so), the annotator deletes the wrong box and submits; the export holds the one
 * that is left, and the COCO export gives it back in pixels.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image', title: '图像' }],
  controls: [
    {
      type: 'rectanglelabels',
      name: 'objects',
      toName: 'image',
      labels: [
        { value: 'person', title: '人物', color: '#e53935', hotkey: '1' },
        { value: 'vehicle', title: '车辆', color: '#1e88e5', hotkey: '2' },
      ],
    },
  ],
};

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('predictions end to end', () => {
  const app = useE2eApp('predictions');

  it('imports COCO as predictions, starts the annotator from them, and keeps what they accept', async () => {
    const { owner, request, url, dataDir, signedInPage, shot } = app();
    // The image lives in the organisation's media store (uploaded to a scratch project); the COCO file names it by its URL.
    const scratch = await owner.call<{ id: string }>('POST', '/projects', { name: `素材 ${Date.now()}`, labelConfig: config });
    const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 207, g: 227, b: 243 } } }).png().toBuffer();
    const uploaded = await request.post(`${url}/api/v1/projects/${scratch.body.id}/media`, { headers: owner.headers, multipart: { files: { name: 'street.png', mimeType: 'image/png', buffer: png } } });
    expect(uploaded.ok(), await uploaded.text()).toBe(true);
    const imageUrl = ((await uploaded.json()) as { files: { url: string }[] }).files[0]!.url;
    const coco = {
      images: [{ id: 1, file_name: imageUrl, width: 400, height: 200 }],
      categories: [
        { id: 1, name: 'person' },
        { id: 2, name: 'vehicle' },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [40, 20, 40, 120], area: 4800, iscrowd: 0, segmentation: [], score: 0.9 },
        { id: 2, image_id: 1, category_id: 2, bbox: [200, 100, 160, 80], area: 12800, iscrowd: 0, segmentation: [], score: 0.4 },
      ],
    };
    const cocoFile = join(dataDir, 'model-output.json');
    writeFileSync(cocoFile, JSON.stringify(coco));

    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `预标注 ${Date.now()}`, labelConfig: config });
    const { page, context, errors } = await signedInPage();

    // The Import tab offers other tools' formats for an image project.
    await page.goto(`${url}/projects/${project.body.id}/import`);
    await page.getByTestId('import-format').selectOption('coco');
    await page.getByTestId('import-as').selectOption('predictions');
    await page.getByTestId('import-model-version').fill('detector-v2');
    await page.getByTestId('import-file').setInputFiles(cocoFile);
    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid="import-result"] [data-status="ok"]').waitFor();
    await shot(page, 'predictions-01-imported');

    // The workbench starts from the prediction and says so.
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const banner = page.getByTestId('prediction-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('detector-v2');
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(2);
    await shot(page, 'predictions-02-workbench');
    // "Reject all" empties it; "start again" brings it back; then the wrong vehicle box goes.
    await page.getByTestId('prediction-reject').click();
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(0);
    await page.getByTestId('prediction-restore').click();
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(2);
    // Untouched predicted shapes are drawn dashed with an "AI" tag and listed with the score; Enter on the
    // selected one accepts it (drawn as one's own), the list's Accept button does the same.
    expect(await page.locator('[data-testid="image-box"][data-predicted="true"]').count()).toBe(2);
    expect(await page.locator('[data-testid="box-item"][data-predicted="true"]').count()).toBe(2);
    await page.locator('[data-testid="box-item"][data-label="person"] .span-item-main').click();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="box-item"][data-label="person"]').getAttribute('data-predicted')).toBe('false');
    expect(await page.locator('[data-testid="image-box"][data-label="person"]').getAttribute('data-predicted')).toBe('false');
    expect(await page.locator('[data-testid="box-item"][data-label="vehicle"]').getByTestId('region-predicted').count()).toBe(1);
    await shot(page, 'predictions-03-accepted-one');
    // "Accept all" in the list accepts the rest: nothing is drawn as a prediction any more.
    await page.getByTestId('region-accept-all').click();
    await expect.poll(() => page.locator('[data-testid="box-item"][data-predicted="true"]').count()).toBe(0);
    expect(await page.getByTestId('region-accept-all').count()).toBe(0);
    await page.locator('[data-testid="box-item"][data-label="vehicle"] .span-item-main').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const exported = await request.get(`${url}/api/v1/projects/${project.body.id}/export?format=coco&org=${owner.orgId}`);
    expect(exported.status()).toBe(200);
    const back = (await exported.json()) as { annotations: { bbox: number[]; category_id: number }[]; categories: { id: number; name: string }[] };
    expect(back.annotations).toHaveLength(1);
    expect(back.categories.find((c) => c.id === back.annotations[0]!.category_id)?.name).toBe('person');
    back.annotations[0]!.bbox.forEach((v, i) => expect(Math.abs(v - [40, 20, 40, 120][i]!)).toBeLessThan(1e-6));
    await context.close();
  });
});
