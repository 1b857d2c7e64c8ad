/**
 * End to end, in a real browser against the real server: the final inspection of a dataset version.
 * An annotator labels three tasks and the owner freezes a dataset version (API); the owner starts an
 * inspection of three records on the Datasets tab; a reviewer follows "Inspect now", judges the three
 * delivered labels on the inspection page (one wrong, with a comment; a hotkey for one of the others),
 * sees "inspection complete" with the final figure; the Datasets tab shows 2/3 with its 95% interval and
 * the quality report's label-accuracy table has the "Dataset inspection" row.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 * Screenshots go to /tmp/inspection-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, request as playwrightRequest, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { nerWithClassificationTemplate } from '@yungang/core';
import { startServer } from '@yungang/server';
import { apiAs, chromiumArgs, chromiumPath, cpSpan, DEMO, distDir, ensureWebBuild, haveBrowser, loginUi, type ApiCaller } from './e2e-support.js';

const TEXTS = ['李明在北京大学读书。', '华为公司总部位于深圳。', '王芳昨天去了上海。'];
const ENTITIES = ['李明', '华为公司', '王芳'];
const ANNOTATOR = { email: 'inspect-annotator@yungang.local', password: 'annotator-pass-1', name: '标注员小李' };
const INSPECTOR = { email: 'inspect-reviewer@yungang.local', password: 'reviewer-pass-1', name: '检验员老周' };
const COMMENT = '“华为公司”应标为机构名 ORG，不是人名。';

interface NextTask {
  assignment: { id: string } | null;
  task: { id: string; data: { text: string } } | null;
}
interface Inspection {
  id: string;
  sampleSize: number;
  inspected: number;
  correct: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}
interface Rate {
  correct: number;
  total: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** As the web app shows a rate: one decimal at most. */
const pct = (rate: number | null) => {
  if (rate === null) return '—';
  const p = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
};

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/inspection-${name}.png`, fullPage: true });
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('final inspection of a dataset version end to end', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  const requests: APIRequestContext[] = [];
  let owner: ApiCaller | undefined;
  let projectId = '';
  let versionId = '';
  let dataDir = '';

  async function apiLogin(who: { email: string; password: string }): Promise<ApiCaller> {
    if (!server) throw new Error('not started');
    const context = await playwrightRequest.newContext();
    requests.push(context);
    const login = await context.post(`${server.url}/api/v1/auth/login`, { data: who });
    expect(login.status()).toBe(200);
    return apiAs(context, server.url);
  }

  beforeAll(async () => {
    if (!haveBrowser) return; // the test itself fails, with the reason
    await ensureWebBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-inspection-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });

    // As the demo owner: a project of three tasks, an annotator and a reviewer (the inspector).
    owner = await apiLogin(DEMO);
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `终检 ${Date.now()}`, labelConfig: nerWithClassificationTemplate, overlap: 1 });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    projectId = project.body.id;
    const ownerContext = requests[0];
    if (!ownerContext) throw new Error('no owner context');
    const jsonl = TEXTS.map((text) => JSON.stringify({ text })).join('\n') + '\n';
    const imported = await ownerContext.post(`${server.url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    for (const [who, role] of [
      [ANNOTATOR, 'annotator'],
      [INSPECTOR, 'reviewer'],
    ] as const) {
      const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: who.email, role, name: who.name, password: who.password });
      expect(member.status, JSON.stringify(member.body)).toBe(201);
    }

    // The annotator labels every task: its entity as a person (wrong for 华为公司), sentiment positive.
    const annotator = await apiLogin(ANNOTATOR);
    for (let n = 0; n < TEXTS.length; n++) {
      const next = await annotator.call<NextTask>('POST', `/projects/${projectId}/next`);
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      const { assignment, task } = next.body;
      if (!assignment || !task) throw new Error(`no task for the annotator: ${JSON.stringify(next.body)}`);
      const text = task.data.text;
      const entity = ENTITIES.find((e) => text.includes(e)) ?? '';
      const result = [
        { id: 'e1', from_name: 'ner', to_name: 'text', type: 'labels', value: { ...cpSpan(text, entity), text: entity, labels: ['PER'] } },
        { id: 'c1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
      ];
      const submitted = await annotator.call('POST', `/assignments/${assignment.id}/annotations`, { result, leadTimeMs: 4000 });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    }

    // Freeze the delivery.
    const version = await owner.call<{ id: string; itemCount: number }>('POST', `/projects/${projectId}/dataset-versions`, { name: '终检交付 v1' });
    expect(version.status, JSON.stringify(version.body)).toBe(201);
    expect(version.body.itemCount).toBe(3);
    versionId = version.body.id;
  });

  afterAll(async () => {
    for (const r of requests) await r.dispose();
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh zh-CN page signed in as `who`, collecting page errors. */
  async function signedInPage(who: { email: string; password: string }) {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!browser || !server || !owner) throw new Error('not started');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginUi(page, server.url, who.email, who.password);
    return { base: server.url, page, context, errors, owner };
  }

  it('starts an inspection on the Datasets tab, judges the sample on the inspection page, and reports 2/3', async () => {
    // The owner: the version row says "not inspected"; the inspection panel proposes all three records.
    const ownerUi = await signedInPage(DEMO);
    const { base, owner } = ownerUi;
    let page = ownerUi.page;
    await page.goto(`${base}/projects/${projectId}/datasets`);
    const row = page.getByTestId('dataset-version-row').first();
    await row.waitFor();
    expect(await row.getByTestId('dataset-inspection').innerText()).toBe('未抽检');
    await row.getByTestId('dataset-inspect-toggle').click();
    const panel = page.getByTestId('inspection-panel');
    await panel.waitFor();
    expect(await page.getByTestId('inspection-sample-size').inputValue()).toBe('3');
    await page.getByTestId('inspection-sample-size').fill('4');
    expect(await page.getByTestId('inspection-create').isDisabled()).toBe(true); // more than the version holds
    await page.getByTestId('inspection-sample-size').fill('3');
    const created = page.waitForResponse((r) => r.url().endsWith(`/dataset-versions/${versionId}/inspections`) && r.request().method() === 'POST');
    await page.getByTestId('inspection-create').click();
    const answer = await created;
    expect(answer.status(), await answer.text()).toBe(201);
    const inspection = (await answer.json()) as Inspection;
    expect(inspection).toMatchObject({ sampleSize: 3, inspected: 0, correct: 0, estimate: null });
    expect(await page.getByTestId('inspection-created').innerText()).toBe('已抽取 3 条样本');
    const latest = row.getByTestId('inspection-latest');
    await expect.poll(() => latest.getAttribute('data-sample-size')).toBe('3');
    expect(await latest.getByTestId('inspection-progress').innerText()).toBe('已抽检 0/3');
    expect(await latest.getByTestId('inspection-accuracy').innerText()).toBe('—');
    expect(await panel.getByTestId('inspection-row').count()).toBe(1);
    await shot(page, '01-started');
    expect(ownerUi.errors).toEqual([]);

    // The reviewer (the inspector): no start form (project.write), but "Inspect now" on the row.
    const inspectorUi = await signedInPage(INSPECTOR);
    page = inspectorUi.page;
    await page.goto(`${base}/projects/${projectId}/datasets`);
    const reviewerRow = page.getByTestId('dataset-version-row').first();
    await reviewerRow.getByTestId('inspection-start-link').waitFor();
    expect(await reviewerRow.getByTestId('inspection-start-link').innerText()).toBe('开始抽检');
    await reviewerRow.getByTestId('dataset-inspect-toggle').click();
    await page.getByTestId('inspection-panel').waitFor();
    expect(await page.getByTestId('inspection-form').count()).toBe(0);
    await reviewerRow.getByTestId('inspection-start-link').click();
    await page.waitForURL(new RegExp(`/projects/${projectId}/dataset-versions/${versionId}/inspections/${inspection.id}$`));

    // The inspection page: item 1 of 3, the delivered label (single annotation) read-only.
    const item = page.getByTestId('inspection-item');
    await item.waitFor();
    await expect.poll(() => page.getByTestId('inspection-counter').textContent()).toBe('第 1 / 3 条');
    expect(await item.getAttribute('data-method')).toBe('single');
    expect(await page.getByTestId('inspection-method').innerText()).toBe('单人标注');
    expect(await page.getByTestId('inspection-estimate').innerText()).toBe('—');
    expect(await page.getByTestId('result-text').count()).toBe(1);
    await shot(page, '02-first-item');

    // Judge each record: the one with 华为公司 (labelled PER) wrong, the others correct — one by the C hotkey,
    // the other by the button. The wrong one first tries without a comment and is stopped.
    const judged: string[] = [];
    const itemIds: string[] = [];
    let usedHotkey = false;
    for (let n = 1; n <= 3; n++) {
      await expect.poll(() => page.getByTestId('inspection-counter').textContent()).toBe(`第 ${n} / 3 条`);
      const taskId = (await item.getAttribute('data-task-id')) ?? '';
      itemIds.push((await item.getAttribute('data-item-id')) ?? '');
      expect(judged).not.toContain(taskId);
      const text = (await page.getByTestId('result-text').textContent()) ?? '';
      const respond = page.waitForResponse((r) => r.url().includes('/inspection-items/') && r.request().method() === 'POST');
      if (text.includes('华为公司')) {
        await page.getByTestId('inspection-wrong').click();
        await page.getByTestId('inspection-comment-required').waitFor();
        await shot(page, '03-comment-required');
        await page.getByTestId('inspection-comment').fill(COMMENT);
        await blur(page);
        await page.keyboard.press('w');
      } else if (!usedHotkey) {
        usedHotkey = true;
        await blur(page);
        await page.keyboard.press('c');
      } else {
        await page.getByTestId('inspection-correct').click();
      }
      const response = await respond;
      expect(response.status(), await response.text()).toBe(200);
      const after = (await response.json()) as Inspection;
      expect(after.inspected).toBe(n);
      judged.push(taskId);
      const last = page.getByTestId('inspection-last');
      await expect.poll(() => last.textContent()).toContain(`任务 #${taskId}`);
      if (n === 2) await shot(page, '04-running');
    }
    expect(usedHotkey).toBe(true);

    // Complete: the final figure, as the API computes it (Wilson 95%).
    const listed = await owner.call<{ items: Inspection[] }>('GET', `/dataset-versions/${versionId}/inspections`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const done = listed.body.items.find((i) => i.id === inspection.id);
    if (!done) throw new Error('inspection not listed');
    expect(done).toMatchObject({ sampleSize: 3, inspected: 3, correct: 2 });
    expect(done.lower).not.toBeNull();
    await page.getByTestId('inspection-complete').waitFor();
    const finalText = await page.getByTestId('inspection-final').innerText();
    expect(finalText).toBe(`本版本标签准确率 ${pct(done.estimate)}，95% 置信区间 ${pct(done.lower)}–${pct(done.upper)}`);
    expect(pct(done.estimate)).toBe('66.7%');
    await shot(page, '05-complete');

    // The server holds the same rules: a "wrong" without a comment answers 400 (checked before anything else),
    // a record judged already 409, and there is nothing left to hand out.
    const reviewerApi = await apiLogin(INSPECTOR);
    const noComment = await reviewerApi.call<{ error: { code: string } }>('POST', `/inspection-items/${itemIds[0]}`, { correct: false });
    expect(noComment.status, JSON.stringify(noComment.body)).toBe(400);
    const again = await reviewerApi.call<{ error: { code: string } }>('POST', `/inspection-items/${itemIds[0]}`, { correct: true });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    const none = await reviewerApi.call('POST', `/inspections/${inspection.id}/next`);
    expect(none.body).toEqual({ item: null });

    // Back on the Datasets tab: the row shows 2/3 judged right of 3/3 inspected, with the interval.
    await page.getByTestId('inspection-back').first().click();
    await page.waitForURL(new RegExp(`/projects/${projectId}/datasets$`));
    const figures = page.getByTestId('dataset-version-row').first().getByTestId('inspection-latest');
    await expect.poll(() => figures.getAttribute('data-inspected')).toBe('3');
    expect(await figures.getAttribute('data-correct')).toBe('2');
    expect(await figures.getAttribute('data-complete')).toBe('true');
    expect(await figures.getByTestId('inspection-accuracy').innerText()).toBe(`${pct(done.estimate)}（95%：${pct(done.lower)}–${pct(done.upper)}）`);
    expect(await figures.getByTestId('inspection-progress').innerText()).toBe('已抽检 3/3');
    expect(await page.getByTestId('inspection-start-link').count()).toBe(0);
    await shot(page, '06-datasets');
    expect(inspectorUi.errors).toEqual([]);
    await inspectorUi.context.close();

    // The quality report: the label-accuracy table has the inspection row, 2 / 3 with its interval.
    page = ownerUi.page;
    const report = await owner.call<{ labelAccuracy: { inspection: Rate } }>('GET', `/projects/${projectId}/quality/report`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.labelAccuracy.inspection).toMatchObject({ correct: 2, total: 3 });
    await page.goto(`${base}/projects/${projectId}/quality/report`);
    await page.getByTestId('quality-report').waitFor();
    const inspectionRow = page.locator('[data-testid="report-accuracy-row"][data-source="inspection"]');
    expect(await inspectionRow.locator('td').first().innerText()).toBe('数据集抽检');
    expect(await inspectionRow.getByTestId('report-accuracy-counts').innerText()).toBe('2 / 3');
    expect(await inspectionRow.getByTestId('report-accuracy-estimate').innerText()).toBe(pct(done.estimate));
    expect(await inspectionRow.getByTestId('report-accuracy-interval').innerText()).toBe(`${pct(done.lower)}–${pct(done.upper)}`);
    await page.getByTestId('report-accuracy').scrollIntoViewIfNeeded();
    await shot(page, '07-report');
    await page.getByTestId('lang-switch').selectOption('en');
    expect(await inspectionRow.locator('td').first().innerText()).toBe('Dataset inspection');
    await page.getByTestId('report-accuracy').screenshot({ path: '/tmp/inspection-08-report-en.png' });

    // And the Datasets tab in English.
    await page.goto(`${base}/projects/${projectId}/datasets`);
    const enFigures = page.getByTestId('dataset-version-row').first().getByTestId('inspection-latest');
    await expect.poll(() => enFigures.getAttribute('data-inspected')).toBe('3');
    expect(await enFigures.getByTestId('inspection-progress').innerText()).toBe('3/3 inspected');
    expect(await enFigures.getByTestId('inspection-accuracy').innerText()).toBe(`${pct(done.estimate)} (95%: ${pct(done.lower)}–${pct(done.upper)})`);
    await page.getByTestId('dataset-inspect-toggle').first().click();
    await page.getByTestId('inspection-panel').waitFor();
    await shot(page, '09-datasets-en');
    expect(ownerUi.errors).toEqual([]);
    await ownerUi.context.close();
  });
});
