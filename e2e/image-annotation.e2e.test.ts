/**
 * End to end, in a real browser against the real server: image projects.
 *
 * 1. Image + caption (template `image-caption`): draw boxes with the mouse after picking labels by hotkey,
 *    resize one by its handle, relabel one, delete one, tag an entity in the caption, submit; the stored
 *    result holds the boxes in percent of the image with the right labels. A reviewer then sees the boxes
 *    drawn over the image on the review page.
 * 2. Transcription (template `transcription` plus a hotkeyed choice on the image): submitting empty is
 *    refused (required), typing digits into the text area does not fire the choice hotkeys, Escape leaves
 *    the text area so they work again; the stored result holds the text.
 *
 * The images are PNGs built here by hand (node:zlib) and imported as data: URLs.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { imageCaptionTemplate, transcriptionTemplate, type LabelConfig } from '@yungang/core';
import { cpSpan, DEMO, haveBrowser, mouseSelect, pngDataUrl } from './e2e-support.js';
import { useE2eApp } from './e2e-app.js';

const W = 320;
const H = 200;
const inside = (x: number, y: number, r: { x: number; y: number; w: number; h: number }) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
// Where the objects are, in pixels; the test draws boxes on them in percent (x / 3.2, y / 2).
const PERSON = { x: 32, y: 40, w: 32, h: 120 };
const VEHICLE = { x: 160, y: 100, w: 128, h: 60 };
// Colours unlike the labels' own, so the boxes stand out in the screenshots.
const SCENE = pngDataUrl(W, H, (x, y) => (inside(x, y, PERSON) ? [121, 85, 72] : inside(x, y, VEHICLE) ? [46, 125, 50] : y > 160 ? [154, 163, 168] : [207, 227, 243]));
// A stripe of dark "text" on paper, to transcribe.
const PAGE = pngDataUrl(W, 120, (x, y) => (y > 45 && y < 75 && x > 30 && x < 290 && (x >> 3) % 3 !== 0 ? [40, 40, 40] : [245, 240, 225]));

const CAPTION = '一位游客站在石窟前，旁边停着一辆车。';
const TRANSCRIPT = '云冈石窟第20窟\n露天大佛';
const REVIEWER = { email: 'image-reviewer@yungang.local', password: 'reviewer-pass-1', name: '审核员小赵' };

/** Transcription with a (not required) legibility choice on the image, so the text area has hotkeys to stay silent. */
const transcriptionWithChoice: LabelConfig = {
  ...structuredClone(transcriptionTemplate),
  controls: [
    ...structuredClone(transcriptionTemplate.controls),
    { type: 'choices', name: 'legibility', toName: 'image', title: '清晰度', choice: 'single', options: [{ value: 'clear', title: '清晰', hotkey: '1' }, { value: 'blurred', title: '模糊', hotkey: '2' }] },
  ],
};

interface ItemJson {
  type: string;
  from_name: string;
  to_name: string;
  value: Record<string, unknown>;
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  rectanglelabels: string[];
}

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('image annotation end to end', () => {
  const app = useE2eApp('image', async ({ owner }) => {
    const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: REVIEWER.email, role: 'reviewer', name: REVIEWER.name, password: REVIEWER.password });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
  });

  const shot = (page: Page, name: string) => app().shot(page, name, true);

  /** A project with one imported task, through the API as the demo owner. */
  async function projectWith(name: string, labelConfig: LabelConfig, task: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
    const { owner, request: ownerRequest, url } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `${name} ${Date.now()}`, labelConfig, ...extra });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const imported = await ownerRequest.post(`${url}/api/v1/projects/${project.body.id}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(JSON.stringify(task) + '\n', 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    return project.body.id;
  }

  /** The stored result of the project's only task, from the JSONL export. */
  async function storedResult(projectId: string): Promise<ItemJson[]> {
    const { owner, request: ownerRequest, url } = app();
    const response = await ownerRequest.get(`${url}/api/v1/projects/${projectId}/export?format=jsonl&org=${owner.orgId}`);
    expect(response.status()).toBe(200);
    const records = (await response.text())
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { result: ItemJson[] | null });
    expect(records).toHaveLength(1);
    return records[0]?.result ?? [];
  }

  const signedInPage = (who: { email: string; password: string }) => app().signedInPage(who);

  /** Waits for the workbench image to load and be fitted; returns a mapper from image percent to screen pixels. */
  async function imageOnScreen(page: Page) {
    await page.getByTestId('image-viewport').waitFor();
    await expect.poll(() => page.getByTestId('workbench-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByTestId('image-stage').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    const rect = await page.getByTestId('image-stage').boundingBox();
    if (!rect) throw new Error('image not shown');
    return { rect, at: (px: number, py: number) => ({ x: rect.x + (rect.width * px) / 100, y: rect.y + (rect.height * py) / 100 }) };
  }

  async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
  }

  it('draws, resizes, relabels and deletes boxes, tags the caption, and stores boxes in percent', async () => {
    const projectId = await projectWith('图像描述', imageCaptionTemplate, { image: SCENE, caption: CAPTION }, { qualityPolicy: { review: 'all' } });
    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${projectId}/annotate`);
    const { rect, at } = await imageOnScreen(page);
    // Fitted to the panel with the image's aspect ratio (320 × 200).
    expect(rect.width / rect.height).toBeCloseTo(W / H, 1);
    expect(rect.width).toBeGreaterThan(W);
    await shot(page, 'image-01-workbench');

    // Hotkey 1 picks "person"; drag over the red figure (10%,20% → 20%,80%).
    await page.keyboard.press('1');
    expect(await page.getByTestId('box-label-person').getAttribute('aria-pressed')).toBe('true');
    await drag(page, at(10, 20), at(20, 80));
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
    // Hotkey 2 picks "vehicle"; drag from the bottom-right corner up to the top-left (50,50 ↔ 90,80).
    await page.keyboard.press('2');
    await drag(page, at(90, 80), at(50, 50));
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(2);
    await shot(page, 'image-02-two-boxes');

    // A third box, then select it with a click and delete it with the Delete key.
    await page.keyboard.press('3');
    await drag(page, at(70, 5), at(95, 30));
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(3);
    await page.keyboard.press('Escape');
    await page.mouse.click(at(82, 17).x, at(82, 17).y);
    await expect.poll(() => page.locator('[data-testid="image-box"].selected').getAttribute('data-label')).toBe('statue');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(2);

    // Select the person box and pull its bottom-right handle from (20,80) to (25,85).
    await page.mouse.click(at(15, 50).x, at(15, 50).y);
    await expect.poll(() => page.locator('[data-testid="image-box"].selected').getAttribute('data-label')).toBe('person');
    await drag(page, at(20, 80), at(25, 85));
    // Relabel: with the vehicle box selected, hotkey 3 makes it a statue and 2 makes it a vehicle again.
    await page.mouse.click(at(70, 65).x, at(70, 65).y);
    await expect.poll(() => page.locator('[data-testid="image-box"].selected').getAttribute('data-label')).toBe('vehicle');
    await page.keyboard.press('3');
    await expect.poll(() => page.locator('[data-testid="image-box"].selected').getAttribute('data-label')).toBe('statue');
    await shot(page, 'image-03-relabelled');
    await page.keyboard.press('2');
    await expect.poll(() => page.locator('[data-testid="image-box"].selected').getAttribute('data-label')).toBe('vehicle');
    // Shift+→ nudges the selected box 2 % right; Ctrl+Z takes it back.
    const vehicleItem = page.locator('[data-testid="box-item"][data-label="vehicle"]');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => vehicleItem.innerText()).toContain('52.0, 50.0');
    await page.keyboard.press('Control+z');
    await expect.poll(() => vehicleItem.innerText()).toContain('50.0, 50.0');
    await page.keyboard.press('Escape');

    // Wheel over the image zooms it; "fit" restores the whole image.
    await page.mouse.move(at(50, 50).x, at(50, 50).y);
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => parseInt((await page.getByTestId('image-zoom').innerText()) || '0', 10)).toBeGreaterThan(100);
    await shot(page, 'image-04-zoomed');
    await page.getByTestId('image-fit').click();
    expect(await page.getByTestId('image-zoom').innerText()).toBe('100%');

    // The caption: drag across 游客, then hotkey q (person). The mouse only reaches what is on screen.
    await page.getByTestId('workbench-text').scrollIntoViewIfNeeded();
    await mouseSelect(page, '游客');
    await page.keyboard.press('q');
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    expect(await page.getByTestId('box-item').count()).toBe(2);
    await shot(page, 'image-05-before-submit');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const result = await storedResult(projectId);
    const boxes = result.filter((r) => r.type === 'rectanglelabels').map((r) => ({ from: r.from_name, to: r.to_name, ...(r.value as unknown as Box) }));
    expect(boxes).toHaveLength(2);
    const person = boxes.find((b) => b.rectanglelabels[0] === 'person');
    const vehicle = boxes.find((b) => b.rectanglelabels[0] === 'vehicle');
    expect(person).toMatchObject({ from: 'objects', to: 'image', rectanglelabels: ['person'] });
    expect(vehicle).toMatchObject({ from: 'objects', to: 'image', rectanglelabels: ['vehicle'] });
    // Percent of the image, independent of how large it was shown (±0.5 % for mouse rounding).
    const near = (actual: number | undefined, expected: number, tolerance = 0.5) => expect(Math.abs((actual ?? NaN) - expected)).toBeLessThan(tolerance);
    near(person?.x, 10);
    near(person?.y, 20);
    near(person?.width, 15);
    near(person?.height, 65);
    near(vehicle?.x, 50);
    near(vehicle?.y, 50);
    near(vehicle?.width, 40);
    near(vehicle?.height, 30);
    const spans = result.filter((r) => r.type === 'labels');
    expect(spans).toEqual([expect.objectContaining({ from_name: 'entities', to_name: 'caption', value: { ...cpSpan(CAPTION, '游客'), text: '游客', labels: ['person'] } })]);

    // A reviewer sees the boxes over the image, read-only.
    const reviewer = await signedInPage(REVIEWER);
    await reviewer.page.goto(`${base}/projects/${projectId}/review`);
    await reviewer.page.getByTestId('review-item').waitFor();
    const shown = reviewer.page.getByTestId('result-image');
    await shown.waitFor();
    await expect.poll(() => shown.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(W);
    expect(await shown.getByTestId('image-box').count()).toBe(2);
    expect(await shown.locator('[data-testid="image-box"][data-label="vehicle"]').count()).toBe(1);
    // The box sits where it was drawn: the vehicle box's screen rectangle, relative to the image.
    const imageBox = await shown.locator('img').boundingBox();
    const vehicleBox = await shown.locator('[data-testid="image-box"][data-label="vehicle"]').boundingBox();
    if (!imageBox || !vehicleBox) throw new Error('review image not laid out');
    // (The SVG box's screen rectangle includes its stroke, hence the wider tolerance.)
    near(((vehicleBox.x - imageBox.x) / imageBox.width) * 100, 50, 1.5);
    near((vehicleBox.width / imageBox.width) * 100, 40, 1.5);
    await shot(reviewer.page, 'image-06-review');
    expect(reviewer.errors).toEqual([]);
  });

  it('transcribes an image: required text, hotkeys silent while typing, text stored', async () => {
    const projectId = await projectWith('图像转写', transcriptionWithChoice, { image: PAGE });
    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${projectId}/annotate`);
    await imageOnScreen(page);

    // Nothing typed: submitting is refused, naming the required control.
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('result-issues').waitFor();
    expect(await page.getByTestId('result-issues').innerText()).toContain('转写文本');

    // Type into the text area; its digits and letters must not reach the choice hotkeys (1, 2).
    const input = page.getByTestId('textarea-transcript');
    await input.click();
    await page.keyboard.type('云冈石窟第20窟');
    await page.keyboard.press('Enter');
    await page.keyboard.type('露天大佛 12');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    expect(await input.inputValue()).toBe(TRANSCRIPT);
    expect(await page.locator('[data-testid="choice-clear"] input').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="choice-blurred"] input').isChecked()).toBe(false);
    expect(await page.getByTestId('textarea-count-transcript').innerText()).toContain(String([...TRANSCRIPT].length));

    // Escape leaves the text area; now hotkey 1 chooses "clear".
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');
    await expect.poll(() => page.locator('[data-testid="choice-clear"] input').isChecked()).toBe(true);
    await shot(page, 'image-07-transcription');

    // Ctrl+Enter submits even from inside the text area.
    await input.click();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const result = await storedResult(projectId);
    expect(result.find((r) => r.type === 'textarea')).toMatchObject({ from_name: 'transcript', to_name: 'image', value: { text: [TRANSCRIPT] } });
    expect(result.find((r) => r.type === 'choices')).toMatchObject({ from_name: 'legibility', to_name: 'image', value: { choices: ['clear'] } });
  });

  it('offers the image templates in the new-project wizard, with boxes and text areas in the live preview', async () => {
    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/new`);
    await page.getByTestId('project-name').fill(`向导图像项目 ${Date.now()}`);
    const templates = await page.getByTestId('template-select').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(templates).toEqual(expect.arrayContaining(['image-caption', 'transcription']));

    // image-caption: the preview shows the sample image; pick a box label, draw on it, and the preview result has the box.
    await page.getByTestId('template-select').selectOption('image-caption');
    const preview = page.getByTestId('config-preview');
    await preview.getByTestId('image-viewport').waitFor();
    await expect.poll(() => preview.getByTestId('workbench-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expect.poll(async () => (await preview.getByTestId('image-stage').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await preview.getByTestId('box-label-vehicle').click();
    const stage = await preview.getByTestId('image-stage').boundingBox();
    if (!stage) throw new Error('preview image not laid out');
    await drag(page, { x: stage.x + stage.width * 0.65, y: stage.y + stage.height * 0.68 }, { x: stage.x + stage.width * 0.9, y: stage.y + stage.height * 0.88 });
    await expect.poll(() => preview.getByTestId('box-item').count()).toBe(1);
    await preview.locator('.preview-json summary').click();
    expect(await preview.locator('.preview-json pre').innerText()).toContain('"rectanglelabels"');

    // Add a text area on the image: the form shows its settings, the preview its input.
    await page.getByTestId('config-add-textarea').click();
    await page.getByTestId('config-textarea-unit').selectOption('word');
    await page.getByTestId('config-valid').waitFor();
    await preview.getByTestId('textarea-textarea').waitFor();
    await shot(page, 'image-08-wizard-preview');

    // A field switched to image is checked against its controls: span labels cannot annotate an image.
    await page.getByTestId('config-field-type').nth(1).selectOption('image');
    await page.getByTestId('config-issues').waitFor();
    expect(await page.getByTestId('config-issues').innerText()).toContain('controls[1].toName');
    await page.getByTestId('config-field-type').nth(1).selectOption('text');
    await page.getByTestId('config-valid').waitFor();

    await page.getByTestId('project-save').click();
    await page.waitForURL(/\/projects\/[^/]+\/import$/);
    const projectId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const saved = await app().owner.call<{ labelConfig: LabelConfig }>('GET', `/projects/${projectId}`);
    expect(saved?.body.labelConfig.controls.map((c) => c.type)).toEqual(['rectanglelabels', 'labels', 'textarea']);
    expect(saved?.body.labelConfig.controls[2]).toMatchObject({ type: 'textarea', toName: 'image', unit: 'word' });
    expect(errors).toEqual([]);
  });
});
