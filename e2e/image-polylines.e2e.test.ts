/**
 * End to end, in a real browser against the real server: the polyline tool of a `polylinelabels` control.
 *
 * Pick the label (hotkey), click three points and finish with Enter; a second line ends with a
 * double-click; a third, in progress, is dropped with Escape; select the first line and nudge it down with
 * the arrow key and bring it to the front (Alt+]); submit. The stored items are open paths in percent; a reviewer sees both lines.
 * A second project of two images: draw a line on the first, submit; on the second, Alt+C copies the
 * previous image's shapes (fetched from the server), which are submitted as this task's own.
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
// Sky above, a road band across the middle: something to paint over.
const SCENE = pngDataUrl(W, H, (_x, y) => (y >= 90 && y < 110 ? [96, 96, 96] : y < 90 ? [207, 227, 243] : [139, 195, 74]));
const REVIEWER = { email: 'lines-reviewer@yungang.local', password: 'reviewer-pass-1', name: '审核员小周' };

const linesConfig: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image', title: '街景' }],
  controls: [{ type: 'polylinelabels', name: 'lanes', toName: 'image', title: '车道线', labels: [{ value: 'lane', title: '车道线', color: '#fdd835', hotkey: '1' }, { value: 'edge', title: '路沿', color: '#8e24aa', hotkey: '2' }] }],
};

interface ItemJson {
  type: string;
  from_name: string;
  to_name: string;
  value: Record<string, unknown>;
}

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('polylines end to end', () => {
  const app = useE2eApp('lines', async ({ owner }) => {
    const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: REVIEWER.email, role: 'reviewer', name: REVIEWER.name, password: REVIEWER.password });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
  });

  const shot = (page: Page, name: string) => app().shot(page, name, true);

  const signedInPage = (who: { email: string; password: string }) => app().signedInPage(who);

  const near = (actual: unknown, expected: number, tolerance = 0.6) => expect(Math.abs((typeof actual === 'number' ? actual : NaN) - expected), `${String(actual)} ≈ ${expected}`).toBeLessThan(tolerance);

  it('draws open paths ended by Enter and by a double-click, and stores them in percent', async () => {
    const { owner, request: ownerRequest, url } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `折线 ${Date.now()}`, labelConfig: linesConfig, qualityPolicy: { review: 'all' } });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const projectId = project.body.id;
    const imported = await ownerRequest.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(JSON.stringify({ image: SCENE }) + '\n', 'utf8') } },
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
    const click = async (px: number, py: number) => {
      const p = at(px, py);
      await page.mouse.click(p.x, p.y);
    };

    // Hotkey 1 ("lane"): three points, back to near the start (a polygon would close there, a line does not), Enter ends it.
    await page.keyboard.press('1');
    expect(await page.getByTestId('polyline-label-lane').getAttribute('aria-pressed')).toBe('true');
    await click(10, 40);
    await click(50, 45);
    await click(90, 40);
    await click(10.5, 40.5);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('polyline-item').count()).toBe(1);
    // Hotkey 2 ("edge"): two points, the second a double-click that ends it.
    await page.keyboard.press('2');
    await click(10, 80);
    const end = at(90, 80);
    await page.mouse.dblclick(end.x, end.y);
    await expect.poll(() => page.getByTestId('polyline-item').count()).toBe(2);
    // Escape drops a line in progress.
    await click(20, 20);
    await click(30, 20);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('polyline-item').count()).toBe(2);
    expect(await page.getByTestId('image-stage').getByTestId('image-polyline').count()).toBe(2);
    await shot(page, 'lines-01-drawn');

    // Put the tool down, select the lane in the list, nudge it down by Shift+ArrowDown (2 %).
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="polyline-item"][data-label="lane"]').click();
    await page.keyboard.press('Shift+ArrowDown');
    // Alt+] brings the lane, drawn first, to the front: the result's order is the drawing order.
    await page.keyboard.press('Alt+BracketRight');
    await expect.poll(() => page.getByTestId('image-stage').getByTestId('image-polyline').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-label')))).toEqual(['edge', 'lane']);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const response = await ownerRequest.get(`${url}/api/v1/projects/${projectId}/export?format=jsonl&org=${owner.orgId}`);
    expect(response.status()).toBe(200);
    const items = ((await response.text()).split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as { result: ItemJson[] | null })[0]?.result ?? []).filter((r) => r.type === 'polylinelabels');
    expect(items.map((i) => (i.value.polylinelabels as string[])[0])).toEqual(['edge', 'lane']);
    const lane = items.find((i) => (i.value.polylinelabels as string[])[0] === 'lane');
    const edge = items.find((i) => (i.value.polylinelabels as string[])[0] === 'edge');
    const lanePoints = lane?.value.points as [number, number][];
    expect(lanePoints).toHaveLength(4);
    [[10, 42], [50, 47], [90, 42], [10.5, 42.5]].forEach(([x, y], i) => {
      near(lanePoints[i]?.[0], x!);
      near(lanePoints[i]?.[1], y!);
    });
    const edgePoints = edge?.value.points as [number, number][];
    expect(edgePoints).toHaveLength(2);
    near(edgePoints[1]?.[0], 90);
    near(edgePoints[1]?.[1], 80);

    const reviewer = await signedInPage(REVIEWER);
    await reviewer.page.goto(`${base}/projects/${projectId}/review`);
    await reviewer.page.getByTestId('review-item').waitFor();
    await expect.poll(() => reviewer.page.getByTestId('result-image').getByTestId('image-polyline').count()).toBe(2);
    await shot(reviewer.page, 'lines-02-review');
    expect(reviewer.errors).toEqual([]);
  });

  it('copies the previous image\'s shapes into the next task (Alt+C)', async () => {
    const { owner, request: ownerRequest, url } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `复制上一张 ${Date.now()}`, labelConfig: linesConfig });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const projectId = project.body.id;
    const tasks = [SCENE, SCENE].map((image) => JSON.stringify({ image })).join('\n') + '\n';
    const imported = await ownerRequest.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(tasks, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);

    const { base, page, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${projectId}/annotate`);
    await page.getByTestId('image-viewport').waitFor();
    await expect.poll(async () => (await page.getByTestId('image-stage').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    // Nothing submitted yet in this project: nothing to copy.
    expect(await page.getByTestId('copy-previous').isDisabled()).toBe(true);
    const rect = await page.getByTestId('image-stage').boundingBox();
    if (!rect) throw new Error('image not shown');
    const at = (px: number, py: number) => ({ x: rect.x + (rect.width * px) / 100, y: rect.y + (rect.height * py) / 100 });
    await page.keyboard.press('1');
    await page.mouse.click(at(10, 30).x, at(10, 30).y);
    await page.mouse.dblclick(at(90, 30).x, at(90, 30).y);
    await expect.poll(() => page.getByTestId('polyline-item').count()).toBe(1);
    await page.keyboard.press('Control+Enter');

    // The second image starts empty; Alt+C brings the line over, and it is submitted as this task's own.
    await expect.poll(() => page.getByTestId('polyline-item').count()).toBe(0);
    await expect.poll(() => page.getByTestId('copy-previous').isDisabled()).toBe(false);
    await page.keyboard.press('Alt+c');
    await expect.poll(() => page.getByTestId('polyline-item').count()).toBe(1);
    await shot(page, 'lines-03-copied');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const response = await ownerRequest.get(`${url}/api/v1/projects/${projectId}/export?format=jsonl&org=${owner.orgId}`);
    const results = (await response.text()).split('\n').filter((line) => line.trim() !== '').map((line) => (JSON.parse(line) as { result: ItemJson[] | null }).result ?? []);
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({ type: 'polylinelabels', value: { polylinelabels: ['lane'] } });
    }
    expect(results[0]![0]!.value.points).toEqual(results[1]![0]!.value.points);
  });
});
