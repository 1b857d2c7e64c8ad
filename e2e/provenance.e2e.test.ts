/**
 * End to end, in a real browser against the real server: the transparency log in the UI. Freeze a
 * dataset version on the Datasets tab, see it get its log position, open its history and inclusion
 * proof, check the offline-verification help names the instance's key, download the signed bundle;
 * a task's detail shows its annotation events (submitted and edited through the API), and the project's
 * History tab shows everything.
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
import { apiAs, chromiumArgs, chromiumPath, cpSpan, DEMO, distDir, ensureWebBuild, haveBrowser, loginUi, shotDir, type ApiCaller } from './e2e-support.js';

const TEXTS = ['李明在北京大学读书。', '华为公司总部位于深圳。', '王芳昨天去了上海。'];
const VERSION_NAME = '第一批交付';

interface NextTask {
  assignment: { id: string } | null;
  task: { id: string; data: { text: string } } | null;
}

const span = (text: string, entity: string, label: string) => ({
  id: `s-${entity}`,
  from_name: 'ner',
  to_name: 'text',
  type: 'labels',
  value: { ...cpSpan(text, entity), text: entity, labels: [label] },
});

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('provenance in the web app end to end', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let ownerRequest: APIRequestContext | undefined;
  let owner: ApiCaller | undefined;
  let dataDir = '';
  let projectId = '';
  let annotatedTaskId = '';

  beforeAll(async () => {
    if (!haveBrowser) return; // the test itself fails, with the reason
    await ensureWebBuild();
    mkdirSync(shotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-provenance-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });

    // Through the API as the demo owner: a project, its tasks, and one annotation submitted then edited.
    ownerRequest = await playwrightRequest.newContext();
    const login = await ownerRequest.post(`${server.url}/api/v1/auth/login`, { data: DEMO });
    expect(login.status()).toBe(200);
    owner = await apiAs(ownerRequest, server.url);
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `溯源 ${Date.now()}`, labelConfig: chineseNerTemplate });
    expect(project.status).toBe(201);
    projectId = project.body.id;
    const jsonl = TEXTS.map((text) => JSON.stringify({ text })).join('\n') + '\n';
    const imported = await ownerRequest.post(`${server.url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);

    const next = await owner.call<NextTask>('POST', `/projects/${projectId}/next`);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    const { assignment, task } = next.body;
    if (!assignment || !task) throw new Error('no task to annotate');
    annotatedTaskId = task.id;
    const first = span(task.data.text, [...task.data.text].slice(0, 2).join(''), 'PER');
    const submitted = await owner.call<{ id: string; version: number }>('POST', `/assignments/${assignment.id}/annotations`, { result: [first], leadTimeMs: 4200 });
    expect([200, 201], JSON.stringify(submitted.body)).toContain(submitted.status);
    const edited = await owner.call<{ version: number }>('PUT', `/annotations/${submitted.body.id}`, { result: [], leadTimeMs: 800, baseVersion: submitted.body.version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  });

  afterAll(async () => {
    await ownerRequest?.dispose();
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/provenance-${name}.png`, fullPage: true });

  it('freezes a dataset version, shows its log position, history, proof and verification help, and task and project histories', async () => {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!browser || !server || !owner) throw new Error('not started');
    const base = server.url;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginUi(page, base, DEMO.email, DEMO.password);
    const keys = (await owner.call<{ origin: string; trusted: string[] }>('GET', '/log/keys')).body;
    expect(keys.trusted.length).toBeGreaterThan(0);

    // The Datasets tab: nothing frozen yet; the help already names the instance's verifier key.
    await page.goto(`${base}/projects/${projectId}/datasets`);
    await page.getByTestId('datasets-tab').waitFor();
    await page.getByTestId('dataset-versions-empty').waitFor();
    await expect.poll(() => page.getByTestId('verifier-key').textContent()).toBe(keys.trusted.at(-1));

    // Freeze a version in the UI.
    await page.getByTestId('dataset-name').fill(VERSION_NAME);
    await page.getByTestId('dataset-description').fill('三条任务，一条标注');
    await page.getByTestId('dataset-freeze').click();
    await page.getByTestId('dataset-frozen').waitFor();
    expect(await page.getByTestId('dataset-frozen').innerText()).toContain('第 1 版');
    const row = page.getByTestId('dataset-version-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('data-version')).toBe('1');
    expect(await row.innerText()).toContain(VERSION_NAME);

    // The sequencer places it in the log within a second; the list asks again until it has a position.
    await row.getByTestId('dataset-log-index').waitFor({ timeout: 15_000 });
    const logIndex = (await row.getAttribute('data-log-index')) ?? '';
    expect(logIndex).toMatch(/^\d+$/);
    expect(await row.getByTestId('dataset-log-index').innerText()).toBe(`#${logIndex}`);

    // The help's command names the bundle and the key, ready to copy.
    const command = (await page.getByTestId('verify-command').textContent()) ?? '';
    expect(command).toBe(`npx yungang verify ${VERSION_NAME}-v1.zip --key '${keys.trusted.at(-1) ?? ''}'`);

    // The version's history: the "dataset version" entry at that log position, with its inclusion proof.
    await row.getByTestId('dataset-history-toggle').click();
    const entry = page.locator('[data-testid="history-entry"][data-kind="dataset.version"]');
    await entry.waitFor();
    await expect.poll(() => entry.getAttribute('data-index')).toBe(logIndex);
    const entryText = await entry.innerText();
    expect(entryText).toContain('冻结数据集版本');
    expect(entryText).toContain(DEMO.email);
    expect(entryText).toContain('v1');
    expect(entryText).toContain(`#${logIndex}`);
    await entry.getByTestId('history-proof-toggle').click();
    const proof = entry.getByTestId('history-proof');
    await proof.waitFor();
    expect(Number(await proof.getAttribute('data-tree-size'))).toBeGreaterThan(Number(logIndex));
    expect(await proof.getByTestId('history-checkpoint').innerText()).toContain(keys.origin);
    await shot(page, '01-datasets');

    // The signed bundle link downloads a zip; the download itself is logged in the version's history.
    const href = (await row.getByTestId('dataset-download').getAttribute('href')) ?? '';
    expect(href).toContain(`/bundle?org=${owner.orgId}`);
    const bundle = await page.request.get(`${base}${href}`);
    expect(bundle.status(), await bundle.text().catch(() => '')).toBe(200);
    expect(bundle.headers()['content-type']).toContain('application/zip');
    expect((await bundle.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    await row.getByTestId('dataset-history-toggle').click();
    await row.getByTestId('dataset-history-toggle').click();
    await page.locator('[data-testid="history-entry"][data-kind="dataset.download"]').waitFor();

    // The task's detail: its annotation submitted (v1) and edited (v2), in order, each placed in the log.
    await page.getByTestId('tab-tasks').click();
    const taskRow = page.getByTestId('task-row').filter({ has: page.locator('td.col-id', { hasText: new RegExp(`^${annotatedTaskId}$`) }) });
    await taskRow.click();
    const taskHistory = page.getByTestId('task-history');
    await taskHistory.waitFor();
    const taskEntries = taskHistory.getByTestId('history-entry');
    await expect.poll(() => taskEntries.count()).toBe(2);
    expect(await taskEntries.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['annotation.submit', 'annotation.edit']);
    await expect.poll(() => taskHistory.getByTestId('history-position').count(), { timeout: 15_000 }).toBe(2);
    expect(await taskEntries.first().innerText()).toContain('提交标注');
    expect(await taskEntries.nth(1).innerText()).toContain('v2');
    const resultHash = taskEntries.first().locator('[data-field="resultSha256"] code');
    expect((await resultHash.innerText()).length).toBe(12);
    expect((await resultHash.getAttribute('title'))?.length).toBe(64);
    await taskHistory.scrollIntoViewIfNeeded();
    await shot(page, '02-task-history');

    // The project's History tab: creation, import, annotations, the version and its download.
    await page.getByTestId('tab-history').click();
    const projectEntries = page.getByTestId('project-history').getByTestId('history-entry');
    await expect.poll(() => projectEntries.count()).toBeGreaterThanOrEqual(6);
    const kinds = await projectEntries.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    for (const kind of ['project.create', 'import', 'annotation.submit', 'annotation.edit', 'dataset.version', 'dataset.download']) expect(kinds).toContain(kind);
    await shot(page, '03-project-history');

    // The same tab in English.
    await page.evaluate(() => window.localStorage.setItem('yungang.locale', 'en'));
    await page.goto(`${base}/projects/${projectId}/datasets`);
    await page.getByTestId('dataset-download').waitFor();
    expect(await page.getByTestId('dataset-download').innerText()).toBe('Download signed bundle');
    expect(await page.getByTestId('tab-datasets').innerText()).toBe('Datasets');
    await shot(page, '04-datasets-en');

    expect(errors).toEqual([]);
    await context.close();
  });
});
