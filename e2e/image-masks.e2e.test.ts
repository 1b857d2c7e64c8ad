/**
 * End to end, in a real browser against the real server: the brush tool of a `brushlabels` control.
 *
 * Pick the brush label (hotkey), set the radius, paint a horizontal stroke across the image; Ctrl+Z takes
 * the stroke back and Ctrl+Shift+Z brings it again; E switches to the eraser, a vertical stroke rubs out a
 * piece of the band; the mask is listed with the shapes (hidden, shown and relabelled from the list); submit. The stored item is COCO RLE (compressed counts) of the image's natural size
 * (the task states it, so validation checks it) whose area is the band minus the erased piece; a reviewer
 * sees the mask drawn over the image.
 *
 * A second test selects masks by clicking them on the image: the topmost mask at a pixel wins, a box drawn
 * over a mask wins over it, and a mask so selected is relabelled, locked, hidden and deleted.
 *
 * The image is a PNG built here by hand (node:zlib) and imported as a data: URL.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeRle, rleArea, type CocoRle, type LabelConfig } from '@yungang/core';
import { DEMO, haveBrowser, pngDataUrl } from './e2e-support.js';
import { useE2eApp } from './e2e-app.js';

const W = 320;
const H = 200;
// Sky above, a road band across the middle: something to paint over.
const SCENE = pngDataUrl(W, H, (_x, y) => (y >= 90 && y < 110 ? [96, 96, 96] : y < 90 ? [207, 227, 243] : [139, 195, 74]));
const REVIEWER = { email: 'masks-reviewer@yungang.local', password: 'reviewer-pass-1', name: '审核员小孙' };

const masksConfig: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image', title: '街景' }],
  controls: [{ type: 'brushlabels', name: 'masks', toName: 'image', title: '掩码', labels: [{ value: 'road', title: '道路', color: '#e53935', hotkey: '1' }, { value: 'sky', title: '天空', color: '#1e88e5', hotkey: '2' }] }],
};

interface ItemJson {
  type: string;
  from_name: string;
  to_name: string;
  value: Record<string, unknown>;
}

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('brush masks end to end', () => {
  const app = useE2eApp('masks', async ({ owner }) => {
    const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: REVIEWER.email, role: 'reviewer', name: REVIEWER.name, password: REVIEWER.password });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
  });

  const shot = (page: Page, name: string) => app().shot(page, name, true);

  const signedInPage = (who: { email: string; password: string }) => app().signedInPage(who);

  async function stroke(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
  }

  it('paints and erases a mask, undoes a stroke, and stores COCO RLE of the image size', async () => {
    const { owner, request: ownerRequest, url } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `掩码 ${Date.now()}`, labelConfig: masksConfig, qualityPolicy: { review: 'all' } });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const projectId = project.body.id;
    // The task states the image's size, so the server checks the mask's size against it.
    const task = JSON.stringify({ image: SCENE, width: W, height: H });
    const imported = await ownerRequest.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(task + '\n', 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);

    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${projectId}/annotate`);
    await page.getByTestId('image-viewport').waitFor();
    await expect.poll(() => page.getByTestId('workbench-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(W);
    await expect.poll(async () => (await page.getByTestId('image-stage').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    const rect = await page.getByTestId('image-stage').boundingBox();
    if (!rect) throw new Error('image not shown');
    const at = (px: number, py: number) => ({ x: rect.x + (rect.width * px) / 100, y: rect.y + (rect.height * py) / 100 });

    // Hotkey 1 picks "road" and with it the brush; radius 8 natural pixels.
    await page.keyboard.press('1');
    expect(await page.getByTestId('brush-label-road').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('brush-radius').fill('8');
    // A band along y = 50 % from x = 10 % to 90 %: 256 px long, 16 px thick, round ends.
    await stroke(page, at(10, 50), at(90, 50));
    const overlay = page.getByTestId('mask-overlay').first();
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('1');
    await shot(page, 'masks-01-painted');

    // Undo takes the whole stroke back, redo brings it again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('0');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('1');

    // E: the eraser; a vertical stroke through the middle of the band.
    await page.keyboard.press('e');
    expect(await page.getByTestId('brush-eraser').getAttribute('aria-pressed')).toBe('true');
    await stroke(page, at(50, 20), at(50, 80));
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('1');
    await shot(page, 'masks-02-erased');

    // The mask is listed with the shapes: hidden and shown from the list, relabelled while selected there.
    const maskItem = page.getByTestId('mask-item');
    await expect.poll(() => maskItem.getAttribute('data-label')).toBe('road');
    await maskItem.getByTestId('region-hide').click();
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('0');
    await maskItem.getByTestId('region-hide').click();
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('1');
    await maskItem.locator('.span-item-main').click();
    await page.keyboard.press('2');
    await expect.poll(() => maskItem.getAttribute('data-label')).toBe('sky');
    await page.keyboard.press('1');
    await expect.poll(() => maskItem.getAttribute('data-label')).toBe('road');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const response = await ownerRequest.get(`${url}/api/v1/projects/${projectId}/export?format=jsonl&org=${owner.orgId}`);
    expect(response.status()).toBe(200);
    const records = (await response.text())
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { result: ItemJson[] | null });
    const items = records[0]?.result ?? [];
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toMatchObject({ type: 'brushlabels', from_name: 'masks', to_name: 'image', value: { format: 'coco-rle', brushlabels: ['road'] } });
    const rle = item.value.rle as CocoRle;
    expect(rle.size).toEqual([H, W]);
    expect(typeof rle.counts).toBe('string');
    // Band ≈ 256 × 16 + π · 8² ≈ 4300 px; the eraser takes a 16 × 16 piece out of its middle.
    const area = rleArea(rle);
    expect(area).toBeGreaterThan(3700);
    expect(area).toBeLessThan(4300);
    const { data } = decodeRle(rle);
    const pixel = (x: number, y: number) => data[x * H + y];
    expect(pixel(Math.round(W * 0.3), H / 2)).toBe(1);
    expect(pixel(W / 2, H / 2)).toBe(0);
    expect(pixel(Math.round(W * 0.3), Math.round(H * 0.2))).toBe(0);

    // A reviewer sees the mask over the image.
    const reviewer = await signedInPage(REVIEWER);
    await reviewer.page.goto(`${base}/projects/${projectId}/review`);
    await reviewer.page.getByTestId('review-item').waitFor();
    const shown = reviewer.page.getByTestId('result-image');
    await expect.poll(() => shown.getByTestId('mask-overlay').getAttribute('data-masks')).toBe('1');
    await shot(reviewer.page, 'masks-03-review');
    expect(reviewer.errors).toEqual([]);
  });

  it('selects a mask by clicking its painted pixels, the topmost winning, and edits it', async () => {
    const { owner, request: ownerRequest, url } = app();
    const config: LabelConfig = {
      version: 1,
      fields: [{ name: 'image', type: 'image', title: '街景' }],
      controls: [
        {
          type: 'brushlabels',
          name: 'masks',
          toName: 'image',
          labels: [
            { value: 'road', title: '道路', color: '#e53935', hotkey: '1' },
            { value: 'sky', title: '天空', color: '#1e88e5', hotkey: '2' },
            { value: 'building', title: '建筑', color: '#8e24aa', hotkey: '4' },
          ],
        },
        { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'car', title: '汽车', color: '#fdd835', hotkey: '3' }] },
      ],
    };
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `掩码选择 ${Date.now()}`, labelConfig: config });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const projectId = project.body.id;
    const imported = await ownerRequest.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(JSON.stringify({ image: SCENE, width: W, height: H }) + '\n', 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);

    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${projectId}/annotate`);
    await page.getByTestId('image-viewport').waitFor();
    await expect.poll(() => page.getByTestId('workbench-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(W);
    await expect.poll(async () => (await page.getByTestId('image-stage').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    const rect = await page.getByTestId('image-stage').boundingBox();
    if (!rect) throw new Error('image not shown');
    const at = (px: number, py: number) => ({ x: rect.x + (rect.width * px) / 100, y: rect.y + (rect.height * py) / 100 });
    const click = (px: number, py: number) => page.mouse.click(at(px, py).x, at(px, py).y);
    const overlay = page.getByTestId('mask-overlay').first();
    const maskItem = (label: string) => page.locator(`[data-testid="mask-item"][data-label="${label}"]`);
    const isSelected = (item: ReturnType<typeof maskItem>) => item.locator('.span-item-main').getAttribute('aria-pressed');

    // Road: a horizontal band at y = 50 %; sky, painted later and so on top: a vertical band at x = 30 %.
    await page.keyboard.press('1');
    await page.getByTestId('brush-radius').fill('8');
    await stroke(page, at(10, 50), at(90, 50));
    await page.keyboard.press('2');
    await stroke(page, at(30, 15), at(30, 85));
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('2');
    // A box drawn over the road's right end: shapes lie over masks.
    await page.keyboard.press('3');
    await page.mouse.move(at(60, 35).x, at(60, 35).y);
    await page.mouse.down();
    await page.mouse.move(at(80, 65).x, at(80, 65).y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
    // Escape puts the label down and clears the selection: a click now selects.
    await page.keyboard.press('Escape');
    expect(await overlay.getAttribute('data-selected')).toBeNull();

    // Where road and sky cross, the sky (on top) is selected; on the road alone, the road; in the box, the box.
    await click(30, 50);
    await expect.poll(() => isSelected(maskItem('sky'))).toBe('true');
    expect(await isSelected(maskItem('road'))).toBe('false');
    expect(await overlay.getAttribute('data-selected')).not.toBeNull();
    await shot(page, 'masks-04-selected-by-click');
    await click(15, 50);
    await expect.poll(() => isSelected(maskItem('road'))).toBe('true');
    expect(await isSelected(maskItem('sky'))).toBe('false');
    await click(70, 50);
    await expect.poll(() => page.getByTestId('box-item').locator('.span-item-main').getAttribute('aria-pressed')).toBe('true');
    expect(await isSelected(maskItem('road'))).toBe('false');
    // Nothing painted there: the selection is cleared.
    await click(50, 10);
    await expect.poll(() => page.getByTestId('box-item').locator('.span-item-main').getAttribute('aria-pressed')).toBe('false');
    expect(await overlay.getAttribute('data-selected')).toBeNull();

    // The road, selected by a click, is relabelled by a brush label's hotkey.
    await click(15, 50);
    await expect.poll(() => isSelected(maskItem('road'))).toBe('true');
    await page.keyboard.press('4');
    await expect.poll(() => maskItem('building').count()).toBe(1);
    expect(await maskItem('road').count()).toBe(0);

    // The sky, selected by a click, is locked (Delete then does nothing), unlocked, hidden (no longer
    // clickable), shown again from the list, and deleted.
    await click(30, 25);
    await expect.poll(() => isSelected(maskItem('sky'))).toBe('true');
    await page.keyboard.press('Alt+l');
    await expect.poll(() => maskItem('sky').getAttribute('data-locked')).toBe('true');
    await page.keyboard.press('Delete');
    expect(await page.getByTestId('mask-item').count()).toBe(2);
    await page.keyboard.press('Alt+l');
    await expect.poll(() => maskItem('sky').getAttribute('data-locked')).toBe('false');
    await page.keyboard.press('Alt+h');
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('1');
    await click(50, 10);
    await click(30, 25);
    expect(await isSelected(maskItem('sky'))).toBe('false');
    await maskItem('sky').getByTestId('region-hide').click();
    await expect.poll(() => overlay.getAttribute('data-masks')).toBe('2');
    await click(30, 25);
    await expect.poll(() => isSelected(maskItem('sky'))).toBe('true');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('mask-item').count()).toBe(1);
    await shot(page, 'masks-05-after-delete');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);
    const response = await ownerRequest.get(`${url}/api/v1/projects/${projectId}/export?format=jsonl&org=${owner.orgId}`);
    expect(response.status()).toBe(200);
    const record = JSON.parse((await response.text()).split('\n').find((line) => line.trim() !== '') ?? 'null') as { result: ItemJson[] | null };
    const items = record.result ?? [];
    expect(items.map((i) => i.type).sort()).toEqual(['brushlabels', 'rectanglelabels']);
    expect(items.find((i) => i.type === 'brushlabels')?.value.brushlabels).toEqual(['building']);
  });
});
