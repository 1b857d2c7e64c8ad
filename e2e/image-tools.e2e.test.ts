/**
 * End to end, in a real browser against the real server: the polygon and keypoint tools.
 *
 * 1. Polygons, keypoints and a skeleton: draw a polygon with the mouse (four clicks, then a click on its first
 *    corner), another closed with Enter after Backspace took back a stray corner, drop one with Escape;
 *    place two keypoints whose labels form a skeleton pair (a line joins them); drag a polygon corner and a
 *    keypoint; undo and redo; hide one region and lock another (Delete and drags leave it alone); brighten
 *    the image; submit. The stored result holds the polygons' corners and the keypoints in percent with the
 *    right labels, hidden regions included (hiding is a view). A reviewer sees them drawn read-only.
 * 2. Region attributes and rotation: a box of a `rotation: true` control with choice, number and text
 *    attributes set in the side panel, turned by its rotation handle and by Alt+R / Shift+Alt+R; the stored
 *    box keeps its centre and carries the attributes, and the reviewer sees them listed.
 * 3. The config editor: a keypoint control with labels and a skeleton pair, shown in the live preview.
 * 4. The config editor: rotation and region attributes (a choice with options, a number) set on a box
 *    control in the form, invalid input shown under its field with the field named; saved, a box drawn and
 *    its attributes set in the workbench, and the stored result carries them.
 *
 * The image is a PNG built here by hand (node:zlib) and imported as a data: URL.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabelConfig } from '@yungang/core';
import { DEMO, haveBrowser, pngDataUrl } from './e2e-support.js';
import { useE2eApp } from './e2e-app.js';

const W = 320;
const H = 200;
// A field (left), a house (right) and sky: something to outline, in colours unlike the labels'.
const SCENE = pngDataUrl(W, H, (x, y) => (x >= 32 && x < 128 && y >= 20 && y < 80 ? [121, 85, 72] : x >= 192 && y >= 120 ? [176, 190, 197] : y > 100 ? [139, 195, 74] : [207, 227, 243]));
const REVIEWER = { email: 'tools-reviewer@yungang.local', password: 'reviewer-pass-1', name: '审核员小钱' };

const toolsConfig: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image', title: '场景' }],
  controls: [
    { type: 'polygonlabels', name: 'areas', toName: 'image', title: '区域', labels: [{ value: 'field', title: '田地', color: '#43a047', hotkey: '1' }, { value: 'house', title: '房屋', color: '#fb8c00', hotkey: '2' }] },
    {
      type: 'keypointlabels',
      name: 'pose',
      toName: 'image',
      title: '关键点',
      labels: [{ value: 'head', title: '头', color: '#8e24aa', hotkey: '3' }, { value: 'neck', title: '颈', color: '#1e88e5', hotkey: '4' }],
      skeleton: [['head', 'neck']],
    },
  ],
};

interface ItemJson {
  type: string;
  from_name: string;
  to_name: string;
  value: Record<string, unknown>;
}

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('image tools end to end', () => {
  const app = useE2eApp('tools', async ({ owner }) => {
    const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: REVIEWER.email, role: 'reviewer', name: REVIEWER.name, password: REVIEWER.password });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
  });

  const shot = (page: Page, name: string) => app().shot(page, name, true);

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
    return (px: number, py: number) => ({ x: rect.x + (rect.width * px) / 100, y: rect.y + (rect.height * py) / 100 });
  }

  async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
  }

  const near = (actual: unknown, expected: number, tolerance = 0.5) => expect(Math.abs((typeof actual === 'number' ? actual : NaN) - expected), `${String(actual)} ≈ ${expected}`).toBeLessThan(tolerance);

  it('draws polygons and keypoints with a skeleton, hides and locks regions, and stores them in percent', async () => {
    const projectId = await projectWith('多边形与关键点', toolsConfig, { image: SCENE }, { qualityPolicy: { review: 'all' } });
    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${projectId}/annotate`);
    const at = await imageOnScreen(page);
    const click = async (px: number, py: number) => {
      const p = at(px, py);
      await page.mouse.click(p.x, p.y);
    };
    const stage = page.getByTestId('image-stage');

    // Hotkey 1 picks the polygon label "field": four corners around the brown field, then its first corner closes it.
    await page.keyboard.press('1');
    expect(await page.getByTestId('polygon-label-field').getAttribute('aria-pressed')).toBe('true');
    await click(10, 10);
    await click(40, 10);
    await click(40, 40);
    await click(10, 40);
    await shot(page, 'tools-01-polygon-open');
    expect(await page.getByTestId('polygon-item').count()).toBe(0);
    await click(10, 10);
    await expect.poll(() => page.getByTestId('polygon-item').count()).toBe(1);

    // Hotkey 2 ("house"): three corners and a stray fourth that Backspace takes back; Enter closes it.
    await page.keyboard.press('2');
    await click(60, 60);
    await click(95, 60);
    await click(95, 95);
    await click(70, 98);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('polygon-item').count()).toBe(2);
    // Escape drops a polygon in progress.
    await click(50, 50);
    await click(55, 50);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('polygon-item').count()).toBe(2);

    // Keypoints: hotkey 3 (head) and a click, hotkey 4 (neck) and a click; the skeleton joins them.
    await page.keyboard.press('3');
    expect(await page.getByTestId('keypoint-label-head').getAttribute('aria-pressed')).toBe('true');
    await click(50, 20);
    await page.keyboard.press('4');
    await click(50, 35);
    await expect.poll(() => page.getByTestId('keypoint-item').count()).toBe(2);
    expect(await stage.getByTestId('skeleton-line').count()).toBe(1);
    await shot(page, 'tools-02-polygons-keypoints');

    // Put the tool down (Escape), select the field polygon by its body, drag its corner (40,40) to (45,45).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await click(25, 25);
    await expect.poll(() => page.locator('[data-testid="image-polygon"].selected').getAttribute('data-label')).toBe('field');
    expect(await stage.getByTestId('polygon-vertex').count()).toBe(4);
    await drag(page, at(40, 40), at(45, 45));
    // Drag the neck keypoint down to (50,40); Ctrl+Z puts it back, Ctrl+Shift+Z moves it again.
    await drag(page, at(50, 35), at(50, 40));
    const neckItem = page.locator('[data-testid="keypoint-item"][data-label="neck"]');
    await expect.poll(() => neckItem.innerText()).toContain('50.0, 40.0');
    await page.keyboard.press('Control+z');
    await expect.poll(() => neckItem.innerText()).toContain('50.0, 35.0');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => neckItem.innerText()).toContain('50.0, 40.0');

    // Hide the house polygon (eye in the list): it leaves the image, not the list.
    const houseItem = page.locator('[data-testid="polygon-item"][data-label="house"]');
    await houseItem.getByTestId('region-hide').click();
    await expect.poll(() => stage.getByTestId('image-polygon').count()).toBe(1);
    expect(await houseItem.getAttribute('data-hidden')).toBe('true');
    // Lock the field polygon: selected, it shows no corner handles, Delete and a body drag leave it be.
    const fieldItem = page.locator('[data-testid="polygon-item"][data-label="field"]');
    await fieldItem.getByTestId('region-lock').click();
    expect(await fieldItem.getAttribute('data-locked')).toBe('true');
    await click(20, 20);
    await expect.poll(() => page.locator('[data-testid="image-polygon"].selected').getAttribute('data-label')).toBe('field');
    expect(await stage.getByTestId('polygon-vertex').count()).toBe(0);
    await page.keyboard.press('Delete');
    await drag(page, at(20, 20), at(30, 30));
    expect(await page.getByTestId('polygon-item').count()).toBe(2);

    // Brightness is a view filter on the image only.
    await page.getByTestId('image-brightness').fill('150');
    await expect.poll(() => page.getByTestId('workbench-image').evaluate((img) => (img as HTMLImageElement).style.filter)).toContain('brightness(1.5)');
    await shot(page, 'tools-03-hidden-locked-bright');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const result = await storedResult(projectId);
    const polygons = result.filter((r) => r.type === 'polygonlabels');
    expect(polygons).toHaveLength(2);
    const field = polygons.find((p) => (p.value.polygonlabels as string[])[0] === 'field');
    const house = polygons.find((p) => (p.value.polygonlabels as string[])[0] === 'house');
    expect(field).toMatchObject({ from_name: 'areas', to_name: 'image', value: { polygonlabels: ['field'] } });
    const fieldPoints = field?.value.points as [number, number][];
    const expectedField = [[10, 10], [40, 10], [45, 45], [10, 40]];
    expect(fieldPoints).toHaveLength(4);
    fieldPoints.forEach(([x, y], i) => {
      near(x, expectedField[i]?.[0] ?? NaN);
      near(y, expectedField[i]?.[1] ?? NaN);
    });
    // The hidden polygon is stored all the same (hiding is a view), without the corner Backspace took back.
    const housePoints = house?.value.points as [number, number][];
    expect(housePoints).toHaveLength(3);
    near(housePoints[2]?.[0], 95);
    near(housePoints[2]?.[1], 95);
    const keypoints = result.filter((r) => r.type === 'keypointlabels');
    expect(keypoints).toHaveLength(2);
    const head = keypoints.find((k) => (k.value.keypointlabels as string[])[0] === 'head');
    const neck = keypoints.find((k) => (k.value.keypointlabels as string[])[0] === 'neck');
    expect(head).toMatchObject({ from_name: 'pose', to_name: 'image' });
    near(head?.value.x, 50);
    near(head?.value.y, 20);
    near(neck?.value.x, 50);
    near(neck?.value.y, 40);

    // A reviewer sees both polygons, both keypoints and the skeleton line over the image, read-only.
    const reviewer = await signedInPage(REVIEWER);
    await reviewer.page.goto(`${base}/projects/${projectId}/review`);
    await reviewer.page.getByTestId('review-item').waitFor();
    const shown = reviewer.page.getByTestId('result-image');
    await shown.waitFor();
    await expect.poll(() => shown.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(W);
    expect(await shown.getByTestId('image-polygon').count()).toBe(2);
    expect(await shown.getByTestId('image-keypoint').count()).toBe(2);
    expect(await shown.getByTestId('skeleton-line').count()).toBe(1);
    // The head keypoint sits where it was placed, relative to the image.
    const imageBox = await shown.locator('img').boundingBox();
    const headBox = await shown.locator('[data-testid="image-keypoint"][data-label="head"]').boundingBox();
    if (!imageBox || !headBox) throw new Error('review image not laid out');
    near(((headBox.x + headBox.width / 2 - imageBox.x) / imageBox.width) * 100, 50, 1.5);
    near(((headBox.y + headBox.height / 2 - imageBox.y) / imageBox.height) * 100, 20, 1.5);
    await shot(reviewer.page, 'tools-04-review');
    expect(reviewer.errors).toEqual([]);
  });

  it('sets attributes on a box and turns it by its handle and Alt+R, stored about its centre', async () => {
    const boxConfig: LabelConfig = {
      version: 1,
      fields: [{ name: 'image', type: 'image', title: '场景' }],
      controls: [
        {
          type: 'rectanglelabels',
          name: 'vehicles',
          toName: 'image',
          rotation: true,
          labels: [{ value: 'car', title: '汽车', color: '#e53935', hotkey: '1' }],
          attributes: [
            { name: 'colour', type: 'choice', options: ['red', 'blue'], required: true },
            { name: 'doors', type: 'number' },
            { name: 'plate', type: 'text' },
          ],
        },
      ],
    };
    const projectId = await projectWith('属性与旋转', boxConfig, { image: SCENE }, { qualityPolicy: { review: 'all' } });
    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${projectId}/annotate`);
    const at = await imageOnScreen(page);

    // Draw a car box (20,20)-(50,50), put the tool down, select the box by its body.
    await page.keyboard.press('1');
    await drag(page, at(20, 20), at(50, 50));
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
    await page.keyboard.press('Escape');
    const body = at(35, 35);
    await page.mouse.click(body.x, body.y);
    const panel = page.getByTestId('region-attributes');
    await panel.waitFor();

    await panel.getByTestId('region-attribute-colour').selectOption('red');
    await panel.getByTestId('region-attribute-doors').fill('4');
    await panel.getByTestId('region-attribute-doors').press('Enter');
    await panel.getByTestId('region-attribute-plate').fill('京A·12345');
    await panel.getByTestId('region-attribute-plate').press('Enter');

    // The rotation handle hangs above the top edge; dragged to the right of the centre it turns the box to 90°.
    const handle = await page.getByTestId('rotate-handle').boundingBox();
    if (!handle) throw new Error('no rotation handle');
    await drag(page, { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 }, at(90, 35));
    const boxItem = page.getByTestId('box-item');
    await expect.poll(() => boxItem.innerText()).toContain('⟳90.0°');
    // Alt+R turns 15° further, Shift+Alt+R twice turns back 30°: 75°.
    await page.keyboard.press('Alt+r');
    await expect.poll(() => boxItem.innerText()).toContain('⟳105.0°');
    await page.keyboard.press('Shift+Alt+r');
    await page.keyboard.press('Shift+Alt+r');
    await expect.poll(() => boxItem.innerText()).toContain('⟳75.0°');
    await shot(page, 'tools-06-attributes-rotated');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const [stored, ...rest] = await storedResult(projectId);
    expect(rest).toEqual([]);
    expect(stored).toMatchObject({ type: 'rectanglelabels', value: { rectanglelabels: ['car'], rotation: 75, attributes: { colour: 'red', doors: 4, plate: '京A·12345' } } });
    // The turn was about the centre (35,35): the stored corner is where a 75° turn about that centre puts it,
    // in pixels (the image is 320×200, so percent across and down differ).
    const v = stored?.value as { x: number; y: number; width: number; height: number };
    const r = (75 * Math.PI) / 180;
    const [hx, hy] = [(v.width / 100) * W * 0.5, (v.height / 100) * H * 0.5];
    near(((v.x / 100) * W + hx * Math.cos(r) - hy * Math.sin(r)) / W * 100, 35, 0.8);
    near(((v.y / 100) * H + hx * Math.sin(r) + hy * Math.cos(r)) / H * 100, 35, 0.8);

    // The reviewer sees the attributes listed under the image.
    const reviewer = await signedInPage(REVIEWER);
    await reviewer.page.goto(`${base}/projects/${projectId}/review`);
    await reviewer.page.getByTestId('review-item').waitFor();
    await expect.poll(() => reviewer.page.getByTestId('result-attributes').innerText()).toContain('doors: 4');
    expect(reviewer.errors).toEqual([]);
  });

  it('edits keypoint labels and a skeleton in the config editor, with the live preview', async () => {
    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/new`);
    await page.getByTestId('project-name').fill(`向导关键点项目 ${Date.now()}`);
    await page.getByTestId('template-select').selectOption('image-caption');
    await page.getByTestId('config-add-polygonlabels').click();
    await page.getByTestId('config-add-keypointlabels').click();
    const card = page.locator('.control-card[data-control-type="keypointlabels"]');
    // A single label has nothing to join; a second one makes a pair possible.
    expect(await card.getByTestId('config-add-skeleton-pair').isDisabled()).toBe(true);
    await card.getByRole('button', { name: /添加标签|Add label/ }).click();
    await card.getByTestId('config-add-skeleton-pair').click();
    expect(await card.getByTestId('config-skeleton-pair').count()).toBe(1);
    await page.getByTestId('config-valid').waitFor();
    const preview = page.getByTestId('config-preview');
    await preview.getByTestId('keypoint-label-LABEL').waitFor();
    await preview.getByTestId('polygon-label-LABEL').waitFor();
    await shot(page, 'tools-05-config-keypoints');

    await page.getByTestId('project-save').click();
    await page.waitForURL(/\/projects\/[^/]+\/import$/);
    const projectId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const saved = await app().owner.call<{ labelConfig: LabelConfig }>('GET', `/projects/${projectId}`);
    const keypoints = saved?.body.labelConfig.controls.find((c) => c.type === 'keypointlabels');
    expect(keypoints).toMatchObject({ type: 'keypointlabels', toName: 'image', skeleton: [['LABEL', 'LABEL2']] });
    expect(saved?.body.labelConfig.controls.map((c) => c.type)).toContain('polygonlabels');
    expect(errors).toEqual([]);
  });

  it('configures box rotation and region attributes in the form editor, then annotates with them', async () => {
    const { owner, request: ownerRequest, url } = app();
    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/new`);
    await page.getByTestId('project-name').fill(`表单属性项目 ${Date.now()}`);
    await page.getByTestId('template-select').selectOption('image-caption');
    const card = page.locator('.control-card[data-control-type="rectanglelabels"]');
    await card.getByTestId('config-rotation').check();
    await card.getByTestId('config-add-attribute').click();
    await card.getByTestId('config-add-attribute').click();
    const [first, second] = [card.getByTestId('config-attribute').nth(0), card.getByTestId('config-attribute').nth(1)];

    // A choice without options: the error names the options, and the project cannot be saved.
    await first.getByTestId('config-attribute-name').fill('colour');
    await first.getByTestId('config-attribute-type').selectOption('choice');
    await expect.poll(() => first.getByTestId('config-attribute-error').innerText()).toMatch(/^(可选值|Options): /);
    expect(await page.getByTestId('project-save').isDisabled()).toBe(true);
    await first.getByTestId('config-attribute-add-option').click();
    // An empty option is named by its number.
    await expect.poll(() => first.getByTestId('config-attribute-error').innerText()).toMatch(/^(可选值 1|Option 1): /);
    await first.getByTestId('config-attribute-option').nth(0).fill('red');
    await first.getByTestId('config-attribute-add-option').click();
    await first.getByTestId('config-attribute-option').nth(1).fill('blue');
    await expect.poll(() => first.getByTestId('config-attribute-error').count()).toBe(0);

    // A duplicate name is shown under the name, naming it.
    await second.getByTestId('config-attribute-name').fill('colour');
    await expect.poll(() => second.getByTestId('config-attribute-error').innerText()).toMatch(/^(属性名|Attribute name): .*colour/);
    await shot(page, 'tools-07-config-attribute-error');
    await second.getByTestId('config-attribute-name').fill('doors');
    await second.getByTestId('config-attribute-type').selectOption('number');
    await page.getByTestId('config-valid').waitFor();
    await shot(page, 'tools-08-config-attributes');

    await page.getByTestId('project-save').click();
    await page.waitForURL(/\/projects\/[^/]+\/import$/);
    const projectId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const saved = await owner.call<{ labelConfig: LabelConfig }>('GET', `/projects/${projectId}`);
    expect(saved.body.labelConfig.controls.find((c) => c.type === 'rectanglelabels')).toMatchObject({
      rotation: true,
      attributes: [
        { name: 'colour', type: 'choice', options: ['red', 'blue'] },
        { name: 'doors', type: 'number' },
      ],
    });
    const imported = await ownerRequest.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(JSON.stringify({ image: SCENE, caption: '田边有一座房子。' }) + '\n', 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);

    // Draw a person box, select it: the rotation handle is there and the attributes are asked for.
    await page.goto(`${base}/projects/${projectId}/annotate`);
    const at = await imageOnScreen(page);
    await page.keyboard.press('1');
    await drag(page, at(20, 20), at(50, 50));
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.mouse.click(at(35, 35).x, at(35, 35).y);
    await page.getByTestId('rotate-handle').waitFor();
    const panel = page.getByTestId('region-attributes');
    await panel.getByTestId('region-attribute-colour').selectOption('blue');
    await panel.getByTestId('region-attribute-doors').fill('2');
    await panel.getByTestId('region-attribute-doors').press('Enter');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const [stored, ...rest] = await storedResult(projectId);
    expect(rest).toEqual([]);
    expect(stored).toMatchObject({ type: 'rectanglelabels', from_name: 'objects', value: { rectanglelabels: ['person'], attributes: { colour: 'blue', doors: 2 } } });
  });
});
