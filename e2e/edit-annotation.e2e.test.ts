/**
 * End to end, in a real browser against the real server: submit an annotation, open it from the task
 * table, edit it in the workbench's editor and save; the JSONL export then holds both versions. A save
 * on top of a version someone else replaced is refused with a conflict message and overwrites nothing.
 * An annotator (who may not browse tasks) fixes their own submission from the workbench's list.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, request as playwrightRequest, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { chineseNerTemplate } from '@yungang/core';
import { startServer } from '@yungang/server';
import { apiAs, chromiumArgs, chromiumPath, cpSpan, DEMO, distDir, ensureWebBuild, haveBrowser, keyboardSelect, loginUi, mouseSelect, shotDir, type ApiCaller } from './e2e-support.js';

/** Each text: a first entity labelled on submit (keyboard), a second one added when editing (mouse). */
const TASKS = [
  { text: '📚李明在北京大学读书。', first: { entity: '李明', label: 'PER', hotkey: '1' }, second: { entity: '北京大学', label: 'ORG' } },
  { text: '🏢华为公司总部位于深圳。', first: { entity: '华为公司', label: 'ORG', hotkey: '3' }, second: { entity: '深圳', label: 'LOC' } },
  { text: '😀王芳昨天去了上海。', first: { entity: '王芳', label: 'PER', hotkey: '1' }, second: { entity: '上海', label: 'LOC' } },
  { text: '🚄张伟乘高铁去了广州。', first: { entity: '张伟', label: 'PER', hotkey: '1' }, second: { entity: '广州', label: 'LOC' } },
];
type TaskCase = (typeof TASKS)[number];

const ANNOTATOR = { email: 'annotator-e2e@yungang.local', password: 'annotator-pass-1', name: '标注员小李' };

interface SpanJson {
  id: string;
  type: string;
  from_name: string;
  to_name: string;
  value: { start: number; end: number; text: string; labels: string[] };
}
interface ExportedAnnotation {
  id: string;
  annotator: string;
  versions: { version: number; result: SpanJson[] }[];
  result: SpanJson[] | null;
}

const spanOf = (task: TaskCase, e: { entity: string; label: string }) => ({ ...cpSpan(task.text, e.entity), text: e.entity, labels: [e.label] });
const spansIn = (result: readonly SpanJson[] | null | undefined) =>
  (result ?? [])
    .filter((r) => r.type === 'labels')
    .map((r) => ({ start: r.value.start, end: r.value.end, text: r.value.text, labels: r.value.labels }))
    .sort((a, b) => a.start - b.start);

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('editing a submitted annotation end to end', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let ownerRequest: APIRequestContext | undefined;
  let owner: ApiCaller | undefined;
  let dataDir = '';
  let projectId = '';

  beforeAll(async () => {
    if (!haveBrowser) return; // the test itself fails, with the reason
    await ensureWebBuild();
    mkdirSync(shotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-edit-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });

    // Set up through the API as the demo owner: a Chinese NER project, its tasks, and an annotator.
    ownerRequest = await playwrightRequest.newContext();
    const login = await ownerRequest.post(`${server.url}/api/v1/auth/login`, { data: DEMO });
    expect(login.status()).toBe(200);
    owner = await apiAs(ownerRequest, server.url);
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `编辑标注 ${Date.now()}`, labelConfig: chineseNerTemplate });
    expect(project.status).toBe(201);
    projectId = project.body.id;
    const jsonl = TASKS.map((t) => JSON.stringify({ text: t.text })).join('\n') + '\n';
    const imported = await ownerRequest.post(`${server.url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: ANNOTATOR.email, role: 'annotator', name: ANNOTATOR.name, password: ANNOTATOR.password });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
  });

  afterAll(async () => {
    await ownerRequest?.dispose();
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });

  /** Opens the workbench, labels the first entity of the task it gets with the keyboard, and submits. */
  async function annotateOne(page: Page, base: string): Promise<{ task: TaskCase; taskId: string; annotationId: string }> {
    await page.goto(`${base}/projects/${projectId}/annotate`);
    const text = page.getByTestId('workbench-text');
    await text.waitFor();
    const shown = (await text.textContent()) ?? '';
    const task = TASKS.find((t) => t.text === shown);
    if (!task) throw new Error(`unexpected task text "${shown}"`);
    const before = await page.getByTestId('recent-item').count();
    await keyboardSelect(page, cpSpan(task.text, task.first.entity).start, [...task.first.entity].length);
    await page.keyboard.press(task.first.hotkey);
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('recent-item').count()).toBe(before + 1);
    const item = page.getByTestId('recent-item').first();
    return { task, taskId: (await item.getAttribute('data-task-id')) ?? '', annotationId: (await item.getAttribute('data-annotation-id')) ?? '' };
  }

  async function exported(page: Page, base: string, text: string): Promise<ExportedAnnotation[]> {
    const response = await page.request.get(`${base}/api/v1/projects/${projectId}/export?format=jsonl&org=${owner?.orgId ?? ''}`);
    expect(response.status()).toBe(200);
    const records = (await response.text())
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { data: { text: string }; annotations: ExportedAnnotation[] });
    return records.find((r) => r.data.text === text)?.annotations ?? [];
  }

  /** A fresh zh-CN page signed in as `who`, collecting page errors. */
  async function signedInPage(who: { email: string; password: string }) {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!browser || !server || !owner) throw new Error('not started');
    const base = server.url;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginUi(page, base, who.email, who.password);
    return { base, page, context, errors, owner };
  }

  it('edits from the task table, exports both versions, and refuses a stale save', async () => {
    const { base, page, context, errors, owner } = await signedInPage(DEMO);

    // Submit one span; the workbench lists the submission with an edit link.
    const { task, taskId, annotationId } = await annotateOne(page, base);
    expect(taskId).not.toBe('');
    expect(annotationId).not.toBe('');
    await shot(page, 'edit-01-workbench-recent');

    // Open the task in the task table: version, annotator, history and an edit link.
    await page.goto(`${base}/projects/${projectId}/tasks`);
    const row = page.getByTestId('task-row').filter({ has: page.locator('td.col-id', { hasText: new RegExp(`^${taskId}$`) }) });
    await row.click();
    const summary = page.locator(`[data-testid="annotation-summary"][data-annotation-id="${annotationId}"]`);
    await summary.waitFor();
    expect(await summary.getAttribute('data-version')).toBe('1');
    expect(await summary.innerText()).toContain(DEMO.email);
    await shot(page, 'edit-02-task-detail');

    // Edit: the editor opens with the submitted span; add a second one with the mouse and save (Ctrl+Enter).
    await summary.getByTestId('annotation-edit').click();
    await page.waitForURL(new RegExp(`/projects/${projectId}/tasks/${taskId}/annotations/${annotationId}/edit$`));
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    expect(await page.getByTestId('edit-base-version').getAttribute('data-version')).toBe('1');
    expect(await page.getByTestId('edit-save').isDisabled()).toBe(true); // nothing changed yet
    await mouseSelect(page, task.second.entity);
    await page.getByTestId(`label-${task.second.label}`).click();
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(2);
    await shot(page, 'edit-03-editing');
    await page.keyboard.press('Control+Enter');
    const saved = page.getByTestId('edit-saved');
    await saved.waitFor();
    expect(await saved.getAttribute('data-version')).toBe('2');
    expect(await saved.innerText()).toContain('第 2 版');
    await shot(page, 'edit-04-saved');

    // Back in the task table: version 2, and the history lists both versions.
    await page.getByTestId('edit-back').click();
    await row.click();
    await summary.waitFor();
    expect(await summary.getAttribute('data-version')).toBe('2');
    await summary.getByTestId('annotation-history-toggle').click();
    await expect.poll(() => summary.getByTestId('version-item').count()).toBe(2);
    expect(await summary.getByTestId('version-item').first().getAttribute('data-version')).toBe('2');
    await shot(page, 'edit-05-history');

    // The export holds both versions, the latest being the edited result.
    const first = spanOf(task, task.first);
    const second = spanOf(task, task.second);
    let annotations = await exported(page, base, task.text);
    let annotation = annotations.find((a) => a.id === annotationId);
    expect(annotation?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(spansIn(annotation?.versions[0]?.result)).toEqual([first]);
    expect(spansIn(annotation?.result)).toEqual([first, second].sort((a, b) => a.start - b.start));

    // A stale save: open the editor (on version 2), change something, and meanwhile someone saves version 3.
    await summary.getByTestId('annotation-edit').click();
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(2);
    await page.getByTestId('span-item').first().getByRole('button', { name: '删除实体' }).click();
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    const theirs = annotation?.versions[0]?.result ?? [];
    const put = await owner.call<{ version: number }>('PUT', `/annotations/${annotationId}`, { result: theirs, leadTimeMs: 1234, baseVersion: 2 });
    expect(put.status).toBe(200);
    expect(put.body.version).toBe(3);
    await page.keyboard.press('Control+Enter');
    const conflict = page.getByTestId('edit-conflict');
    await conflict.waitFor();
    expect(await conflict.getAttribute('data-current-version')).toBe('3');
    const message = await conflict.innerText();
    expect(message).toContain('第 3 版');
    expect(message).toContain('没有覆盖');
    expect(await page.getByTestId('edit-save').isDisabled()).toBe(true);
    await shot(page, 'edit-06-conflict');

    // Nothing was overwritten: version 3 is still the latest, and there is no version 4.
    const versions = await owner.call<{ version: number; result: SpanJson[] }[]>('GET', `/annotations/${annotationId}/versions`);
    expect(versions.body.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(spansIn(versions.body[2]?.result)).toEqual([first]);

    // Reload shows version 3 and leaves nothing of the discarded edit.
    await page.getByTestId('edit-reload').click();
    await expect.poll(() => page.getByTestId('edit-base-version').getAttribute('data-version')).toBe('3');
    expect(await page.getByTestId('edit-conflict').count()).toBe(0);
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    expect(await page.getByTestId('span-item').first().getAttribute('data-start')).toBe(String(first.start));
    await shot(page, 'edit-07-reloaded');
    annotations = await exported(page, base, task.text);
    annotation = annotations.find((a) => a.id === annotationId);
    expect(annotation?.versions).toHaveLength(3);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an annotator, who cannot browse tasks, fix their submission from the workbench list', async () => {
    const { base, page, context, errors, owner } = await signedInPage(ANNOTATOR);

    const { task, taskId, annotationId } = await annotateOne(page, base);
    await shot(page, 'edit-08-annotator-recent');

    // The task tab says why there is no table and offers the same list.
    await page.goto(`${base}/projects/${projectId}/tasks`);
    await page.getByTestId('tasks-no-access').waitFor();
    expect(await page.getByTestId('tasks-table').count()).toBe(0);
    await page.locator(`[data-testid="recent-item"][data-annotation-id="${annotationId}"]`).waitFor();
    await shot(page, 'edit-09-annotator-tasks-tab');

    // Edit from the list: the editor has the task's text and the submitted span; add one and save.
    await page.locator(`[data-testid="recent-item"][data-annotation-id="${annotationId}"]`).getByTestId('recent-edit').click();
    await page.waitForURL(new RegExp(`/tasks/${taskId}/annotations/${annotationId}/edit$`));
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    expect(await page.getByTestId('workbench-text').textContent()).toBe(task.text);
    await mouseSelect(page, task.second.entity);
    await page.getByTestId(`label-${task.second.label}`).click();
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(2);
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-saved').waitFor();
    expect(await page.getByTestId('edit-saved').getAttribute('data-version')).toBe('2');
    await shot(page, 'edit-10-annotator-saved');

    // Back to annotating: the list shows the new version.
    await page.getByTestId('edit-back').click();
    await page.waitForURL(new RegExp(`/projects/${projectId}/annotate$`));
    await expect.poll(() => page.locator(`[data-testid="recent-item"][data-annotation-id="${annotationId}"]`).innerText()).toContain('v2');

    const versions = await owner.call<{ version: number; result: SpanJson[] }[]>('GET', `/annotations/${annotationId}/versions`);
    expect(versions.body.map((v) => v.version)).toEqual([1, 2]);
    expect(spansIn(versions.body[1]?.result)).toEqual([spanOf(task, task.first), spanOf(task, task.second)].sort((a, b) => a.start - b.start));

    expect(errors).toEqual([]);
    await context.close();
  });
});
