/**
 * End to end, in a real browser against the real server: log in, create a Chinese NER project from the
 * template, import JSONL through the import page, label one entity with the mouse and one with the
 * keyboard, submit with Ctrl+Enter, and check the JSONL export holds both spans in code-point offsets.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '@yungang/server';
import { chromiumArgs, chromiumPath, cpSpan, distDir, ensureWebBuild, haveBrowser, mouseSelect, shotDir } from './e2e-support.js';
import { BACKENDS } from '../packages/server/src/test-support/backends.js';

if (!haveBrowser && process.env.CI !== 'true') {
  console.warn(`[e2e] skipped: no Chromium at ${chromiumPath}. Install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM_PATH.`);
}

/** Each text starts with an emoji (two UTF-16 units, one code point) so offsets prove to be code points. */
const TASKS = [
  { text: '📚李明在北京大学读书。', keyboard: { entity: '李明', label: 'PER', hotkey: '1' }, mouse: { entity: '北京大学', label: 'ORG' } },
  { text: '🏢华为公司总部位于深圳。', keyboard: { entity: '华为公司', label: 'ORG', hotkey: '3' }, mouse: { entity: '深圳', label: 'LOC' } },
  { text: '😀王芳昨天去了上海。', keyboard: { entity: '王芳', label: 'PER', hotkey: '1' }, mouse: { entity: '上海', label: 'LOC' } },
];

interface SpanJson {
  type: string;
  from_name: string;
  to_name: string;
  value: { start: number; end: number; text: string; labels: string[] };
}

// On both databases: on PostgreSQL a claim and a submit go through their batches (services/claim-batch.ts,
// services/submit-batch.ts), even alone, so the workbench is checked against those too.
describe.skipIf(!haveBrowser && process.env.CI !== 'true').each(BACKENDS)('annotation workbench end to end on $name', (backend) => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let dataDir = '';
  let database: Awaited<ReturnType<typeof backend.create>> | undefined;

  beforeAll(async () => {
    if (!haveBrowser) return; // the test itself fails, with the reason
    await ensureWebBuild();
    mkdirSync(shotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-'));
    database = await backend.create();
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn', databaseUrl: database.databaseUrl });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(shotDir, `${backend.name}-${name}.png`), fullPage: true });

  it('labels spans with mouse and keyboard, submits, and exports code-point offsets', async () => {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!browser || !server) throw new Error('not started');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const base = server.url;

    // Log in with the demo account.
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill('demo@yungang.local');
    await page.getByTestId('login-password').fill('yungang-demo');
    await shot(page, '01-login');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-projects').waitFor();
    await page.getByTestId('project-card').first().waitFor();
    await shot(page, '02-projects');

    // Create a project from the Chinese NER template.
    const projectName = `端到端 NER ${Date.now()}`;
    await page.getByTestId('project-new').click();
    await page.getByTestId('project-name').fill(projectName);
    await page.getByTestId('template-select').selectOption('chinese-ner');
    await page.getByTestId('label-PER').first().waitFor();
    await shot(page, '03-new-project');
    await page.getByTestId('project-save').click();
    await page.waitForURL(/\/projects\/[^/]+\/import$/);
    const projectId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(projectId).not.toBe('');

    // A bad file is rejected with its line number, and nothing is imported.
    await page.getByTestId('tab-import').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from('{"text": "好"}\nnot json\n', 'utf8') });
    await page.getByTestId('import-submit').click();
    const failure = page.getByTestId('import-result').locator('[data-status="error"]');
    await failure.waitFor();
    expect(await failure.innerText()).toMatch(/2/);
    await shot(page, '04a-import-error');

    // Import three texts as JSONL through the import page.
    const jsonl = TASKS.map((t) => JSON.stringify({ text: t.text })).join('\n') + '\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl, 'utf8') });
    await page.getByTestId('import-submit').click();
    const result = page.getByTestId('import-result').locator('[data-status]');
    await result.waitFor();
    expect(await result.getAttribute('data-status'), await result.innerText()).toBe('ok');
    expect(await result.getAttribute('data-count')).toBe('3');
    await shot(page, '04-imported');

    // Annotate the first task we are given.
    await page.getByTestId('annotate-start').click();
    const text = page.getByTestId('workbench-text');
    await text.waitFor();
    const shown = (await text.textContent()) ?? '';
    const task = TASKS.find((t) => t.text === shown);
    if (!task) throw new Error(`unexpected task text "${shown}"`);

    // (a) Mouse: drag across the entity, then click the label button.
    await mouseSelect(page, task.mouse.entity);
    await page.getByTestId(`label-${task.mouse.label}`).click();
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);

    // (b) Keyboard: caret to the start, one step over the emoji, Shift+Arrow across the entity, hotkey.
    await text.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    for (let i = 0; i < [...task.keyboard.entity].length; i++) await page.keyboard.press('Shift+ArrowRight');
    await shot(page, '05-keyboard-selection');
    await page.keyboard.press(task.keyboard.hotkey);
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(2);
    await shot(page, '06-two-spans');

    const taskTitle = await page.locator('.workbench-title strong').innerText();
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await page.getByTestId('no-more-tasks').count()) > 0 || (await page.locator('.workbench-title strong').innerText()) !== taskTitle).toBe(true);
    await shot(page, '07-after-submit');

    // The export (a cookie-authenticated GET, as the download link does) holds both spans.
    await page.goto(`${base}/projects/${projectId}/export`);
    await page.getByTestId('export-jsonl').waitFor();
    await shot(page, '08-export');
    const href = await page.getByTestId('export-jsonl').getAttribute('href');
    expect(href).toBeTruthy();
    const response = await page.request.get(new URL(href ?? '', base).toString());
    expect(response.status()).toBe(200);
    const records = (await response.text())
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { data: { text: string }; result: SpanJson[] | null });
    const record = records.find((r) => r.data.text === task.text);
    expect(record?.result).toBeTruthy();
    const spans = (record?.result ?? []).filter((r) => r.type === 'labels').map((r) => ({ ...r.value, from_name: r.from_name, to_name: r.to_name }));
    const expected = [task.keyboard, task.mouse].map((e) => ({ ...cpSpan(task.text, e.entity), text: e.entity, labels: [e.label], from_name: 'ner', to_name: 'text' }));
    expect(spans.sort((a, b) => a.start - b.start)).toEqual(expected.sort((a, b) => a.start - b.start));

    // The task table shows the submitted task as completed.
    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('task-row').first().waitFor();
    await shot(page, '09-tasks');
    await page.goto(`${base}/org/members`);
    await page.getByTestId('members-table').waitFor();
    await shot(page, '10-members');
    await page.goto(`${base}/account/tokens`);
    await page.getByTestId('tokens-table').waitFor();
    await shot(page, '11-tokens');

    // Smoke-check the English UI switch.
    await page.getByTestId('lang-switch').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-projects').innerText()).toBe('Projects');
    await page.getByTestId('lang-switch').selectOption('zh-CN');

    expect(errors).toEqual([]);
    await context.close();
  });
});
