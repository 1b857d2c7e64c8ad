/**
 * End to end, in a real browser: AI-assisted annotation (docs/models.md). A dictionary pre-labeller is the
 * project's model; in the workbench the annotator asks for a suggestion (Alt+M), sees it as a pending
 * proposal that changes nothing yet, accepts it with one key (Tab), and submits. The stored annotation
 * holds the suggested spans at the right code points.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { chineseNerTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser, pngDataUrl } from './e2e-support.js';
import { FakeLsBackend } from '../packages/server/src/test-support/fake-ls-backend.js';

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('model suggestions end to end', () => {
  const app = useE2eApp('model-suggest');

  it('asks the model for a suggestion and accepts it with one key', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `模型建议 ${Date.now()}`, labelConfig: chineseNerTemplate });
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: JSON.stringify({ text: '😀张三在北京大学读书' }) });
    expect(imported.status(), await imported.text()).toBe(201);
    const backend = await owner.call<{ id: string }>('POST', '/model-backends', { name: `词典 ${Date.now()}`, kind: 'rules', rules: { gazetteer: [{ label: 'PER', terms: ['张三'] }, { label: 'ORG', terms: ['北京大学'] }, { label: 'LOC', terms: ['北京'] }] } });
    expect(backend.status).toBe(201);
    expect((await owner.call('PUT', `/projects/${project.body.id}/model-settings`, { backendId: backend.body.id })).status).toBe(200);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    await page.getByTestId('suggest').waitFor();
    expect(await page.getByTestId('span-item').count()).toBe(0);
    await page.keyboard.press('Alt+m');
    const banner = page.getByTestId('suggestion-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('2');
    // Pending: nothing is in the result until it is accepted.
    expect(await page.getByTestId('span-item').count()).toBe(0);
    await shot(page, 'model-suggest-01-pending');

    await page.keyboard.press('Tab');
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(2);
    const spans = await page.getByTestId('span-item').evaluateAll((items) => items.map((i) => [i.getAttribute('data-label'), i.getAttribute('data-start'), i.getAttribute('data-end')]));
    expect(spans).toEqual([
      ['PER', '1', '3'],
      ['ORG', '4', '8'],
    ]);
    await shot(page, 'model-suggest-02-accepted');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    const tasks = await owner.call<{ items: { id: string }[] }>('GET', `/projects/${project.body.id}/tasks`);
    const task = await owner.call<{ annotations: { result: { value: { start: number; end: number; labels: string[] } }[] }[] }>('GET', `/tasks/${tasks.body.items[0]!.id}`);
    expect(task.body.annotations[0]!.result.map((r) => [r.value.labels[0], r.value.start, r.value.end]).sort()).toEqual([
      ['ORG', 4, 8],
      ['PER', 1, 3],
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks about the selected text only: Shift+arrows select a span, Alt+M sends it as the context', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `选区建议 ${Date.now()}`, labelConfig: chineseNerTemplate });
    const text = '李四在清华大学，王五在北京大学';
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: JSON.stringify({ text }) });
    expect(imported.status(), await imported.text()).toBe(201);
    const backend = await owner.call<{ id: string }>('POST', '/model-backends', { name: `选区词典 ${Date.now()}`, kind: 'rules', rules: { gazetteer: [{ label: 'ORG', terms: ['清华大学', '北京大学'] }] } });
    expect((await owner.call('PUT', `/projects/${project.body.id}/model-settings`, { backendId: backend.body.id })).status).toBe(200);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    await page.getByTestId('suggest').waitFor();
    // The last four characters (北京大学) selected from the keyboard.
    await page.getByTestId('workbench-text').focus();
    await page.keyboard.press('End');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => page.getByTestId('suggest-about').innerText()).toContain('11–15');
    await page.keyboard.press('Alt+m');
    const banner = page.getByTestId('suggestion-banner');
    await banner.waitFor();
    await shot(page, 'model-suggest-03-selection');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    const spans = await page.getByTestId('span-item').evaluateAll((items) => items.map((i) => [i.getAttribute('data-label'), i.getAttribute('data-start'), i.getAttribute('data-end')]));
    expect(spans).toEqual([['ORG', '11', '15']]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Alt+click marks an assist point on an image; a Label Studio backend gets it as context and proposes a box around it', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    // The backend answers a 20 % box centred on the point it was asked about, as an interactive model would.
    const fake = await new FakeLsBackend((_task, context) => {
      const point = (context as { result: { value: { x: number; y: number } }[] } | null)?.result[0]?.value;
      if (!point) return { result: [] };
      return { result: [{ id: 'p1', from_name: 'region', to_name: 'image', type: 'rectanglelabels', value: { x: point.x - 10, y: point.y - 10, width: 20, height: 20, rotation: 0, rectanglelabels: ['物体'] } }], score: 0.8 };
    }).start();
    try {
      const labelConfig = { version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'rectanglelabels', name: 'region', toName: 'image', labels: [{ value: '物体', color: '#e53935' }] }] };
      const project = await owner.call<{ id: string }>('POST', '/projects', { name: `辅助点 ${Date.now()}`, labelConfig });
      const image = pngDataUrl(200, 100, (x) => (x < 100 ? [200, 220, 240] : [60, 120, 60]));
      const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...owner.headers, 'content-type': 'application/x-ndjson' }, data: JSON.stringify({ image }) });
      expect(imported.status(), await imported.text()).toBe(201);
      const backend = await owner.call<{ id: string }>('POST', '/model-backends', { name: `交互模型 ${Date.now()}`, kind: 'label-studio', url: fake.url, timeoutMs: 5000 });
      expect((await owner.call('PUT', `/projects/${project.body.id}/model-settings`, { backendId: backend.body.id })).status).toBe(200);

      const { page, context, errors } = await signedInPage();
      await page.goto(`${url}/projects/${project.body.id}/annotate`);
      await expect.poll(() => page.getByTestId('workbench-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      const rect = (await page.getByTestId('image-stage').boundingBox())!;
      await page.keyboard.down('Alt');
      await page.mouse.click(rect.x + rect.width * 0.75, rect.y + rect.height * 0.5);
      await page.keyboard.up('Alt');
      await page.getByTestId('assist-point').waitFor();
      expect(await page.getByTestId('box-item').count()).toBe(0); // marking a point draws nothing
      await page.keyboard.press('Alt+m');
      await page.getByTestId('suggestion-banner').waitFor();
      const sent = fake.callsTo('/predict').at(-1)!.body as { params: { context: { result: { type: string; value: { x: number; y: number } }[] } } };
      expect(sent.params.context.result[0]!.type).toBe('keypointlabels');
      expect(sent.params.context.result[0]!.value.x).toBeCloseTo(75, 0);
      expect(sent.params.context.result[0]!.value.y).toBeCloseTo(50, 0);
      await shot(page, 'model-suggest-04-assist-point');
      await page.keyboard.press('Tab');
      await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await fake.close();
    }
  });
});
