/**
 * End to end, in a real browser: an image over 8,000 px on a side is uploaded through the media API and
 * annotated from its tile pyramid. The workbench never loads the image whole: it shows the thumbnail
 * under the tiles of the level that matches the zoom, zooming in switches to a finer level, and a box
 * drawn on it is stored in percent of the full image.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type LabelConfig } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

const W = 9000;
const H = 1500;
const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image', title: '长卷' }],
  controls: [{ type: 'rectanglelabels', name: 'objects', toName: 'image', labels: [{ value: 'statue', title: '造像', color: '#8e24aa', hotkey: '1' }] }],
};

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('huge image end to end', () => {
  const app = useE2eApp('huge');

  it('annotates a 9,000 px scroll from its tiles without loading it whole', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `长卷 ${Date.now()}`, labelConfig: config });
    expect(project.status).toBe(201);
    // A sandstone-coloured scroll with a dark figure a fifth of the way in.
    const figure = await sharp({ create: { width: 600, height: 900, channels: 3, background: { r: 90, g: 60, b: 50 } } }).png().toBuffer();
    const png = await sharp({ create: { width: W, height: H, channels: 3, background: { r: 214, g: 190, b: 150 } } })
      .composite([{ input: figure, left: 1500, top: 300 }])
      .png()
      .toBuffer();
    const uploaded = await request.post(`${url}/api/v1/projects/${project.body.id}/media`, {
      headers: owner.headers,
      multipart: { files: { name: 'scroll.png', mimeType: 'image/png', buffer: png } },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(200);

    const { page, context, errors } = await signedInPage();
    const wholeImage: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/v1\/media\/[0-9a-f]{64}$/.test(new URL(r.url()).pathname)) wholeImage.push(r.url());
    });
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const layer = page.getByTestId('deep-zoom');
    await layer.waitFor();
    expect(Number(await layer.getAttribute('data-tiles'))).toBeGreaterThan(0);
    const fittedLevel = Number(await layer.getAttribute('data-level'));
    await expect.poll(() => page.locator('.deep-zoom-tile').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBeGreaterThan(0);
    await shot(page, 'huge-01-fitted');

    // Draw a box over the figure: 1500..2100 of 9000 px wide, 300..1200 of 1500 px high.
    const stage = (await page.getByTestId('image-stage').boundingBox())!;
    const at = (px: number, py: number) => ({ x: stage.x + (stage.width * px) / 100, y: stage.y + (stage.height * py) / 100 });
    await page.keyboard.press('1');
    await page.mouse.move(at(16.67, 20).x, at(16.67, 20).y);
    await page.mouse.down();
    await page.mouse.move(at(23.33, 80).x, at(23.33, 80).y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
    await page.keyboard.press('Escape');

    // Zooming in over the figure loads a finer level.
    await page.mouse.move(at(20, 50).x, at(20, 50).y);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    await expect.poll(async () => Number(await layer.getAttribute('data-level'))).toBeGreaterThan(fittedLevel);
    await page.waitForTimeout(500);
    await shot(page, 'huge-02-zoomed');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(wholeImage).toEqual([]);
    expect(errors).toEqual([]);

    const exported = await request.get(`${url}/api/v1/projects/${project.body.id}/export?format=jsonl&org=${owner.orgId}`);
    const record = JSON.parse((await exported.text()).trim()) as { result: { type: string; value: { x: number; y: number; width: number; height: number } }[] };
    const box = record.result.find((r) => r.type === 'rectanglelabels')!.value;
    // Within half a percent of where the figure is (mouse positions are whole pixels on a 9,000 px image).
    expect(Math.abs(box.x - 16.67)).toBeLessThan(0.5);
    expect(Math.abs(box.width - 6.67)).toBeLessThan(0.5);
    expect(Math.abs(box.y - 20)).toBeLessThan(0.5);
    await context.close();
  });
});
