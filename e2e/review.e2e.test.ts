/**
 * End to end, in a real browser against the real server: the quality workflow. A project reviews every
 * submission; an annotator submits (API); a reviewer rejects it with a comment on the review page; the
 * annotator finds it under "returned to me" with the comment, fixes it in the editor, and it drops off the
 * list; the reviewer accepts the rework; the quality tab counts one acceptance and one rejection.
 * Then the policy is edited in the settings tab, a task is made gold from the task detail, the workbench
 * shows the gold feedback after submitting it, and a lot is formed from the quality tab. Last, a task two
 * annotators disagree on is adjudicated on the adjudication page. Finally the first project's quality report is
 * opened from the quality tab and read as a buyer would: accuracy rows, a process check, the download and print.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 * Screenshots go to /tmp/review-*.png and /tmp/quality-report*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, request as playwrightRequest, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { nerWithClassificationTemplate } from '@yungang/core';
import { startServer } from '@yungang/server';
import { apiAs, chromiumArgs, chromiumPath, cpSpan, DEMO, distDir, ensureWebBuild, haveBrowser, keyboardSelect, loginUi, mouseSelect, type ApiCaller } from './e2e-support.js';

const TEXTS = ['李明在北京大学读书，他很喜欢这里。', '华为公司总部位于深圳，员工很多。'];
const ANNOTATOR = { email: 'review-annotator@yungang.local', password: 'annotator-pass-1', name: '标注员小王' };
const REVIEWER = { email: 'review-reviewer@yungang.local', password: 'reviewer-pass-1', name: '审核员老陈' };
const COMMENT = '“北京大学”是机构名，请补标 ORG。';

interface NextTask {
  assignment: { id: string } | null;
  task: { id: string; data: { text: string } } | null;
}
interface ReportRate {
  correct: number;
  total: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}
interface QualityReport {
  identity: { projectId: string; projectName: string; generatedAt: string; datasetVersion: { name: string; logIndex: number | null } | null };
  gbt36344: { name: string }[];
  labelAccuracy: { review: ReportRate; gold: ReportRate };
  process: { check: string; status: string; detail: string }[];
  lots: { status: string }[];
}
/** As the web app shows a rate: one decimal at most. */
const pct = (rate: number) => {
  const p = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
};
interface QualitySummary {
  review: { pending: number; accepted: number; rejected: number };
  annotators: { email: string; review: { correct: number; total: number } }[];
}

const shotPath = (name: string) => `/tmp/review-${name}.png`;
const shot = (page: Page, name: string) => page.screenshot({ path: shotPath(name), fullPage: true });
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('review workflow end to end', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  const requests: APIRequestContext[] = [];
  let owner: ApiCaller | undefined;
  let projectId = '';
  let taskId = '';
  let annotationId = '';
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
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-review-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });

    // As the demo owner: a project that reviews every submission, two tasks, an annotator and a reviewer.
    owner = await apiLogin(DEMO);
    const project = await owner.call<{ id: string; qualityPolicy: { review: string } }>('POST', '/projects', {
      name: `审核流程 ${Date.now()}`,
      labelConfig: nerWithClassificationTemplate,
      overlap: 1,
      qualityPolicy: { review: 'all' },
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    expect(project.body.qualityPolicy.review).toBe('all');
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
      [REVIEWER, 'reviewer'],
    ] as const) {
      const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: who.email, role, name: who.name, password: who.password });
      expect(member.status, JSON.stringify(member.body)).toBe(201);
    }

    // The annotator submits one task through the API: 李明 as a person, sentiment positive (北京大学 left out).
    const annotator = await apiLogin(ANNOTATOR);
    const next = await annotator.call<NextTask>('POST', `/projects/${projectId}/next`);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    const { assignment, task } = next.body;
    if (!assignment || !task) throw new Error('no task for the annotator');
    taskId = task.id;
    const text = task.data.text;
    expect(text).toBe(TEXTS[0]);
    const result = [
      { id: 'per1', from_name: 'ner', to_name: 'text', type: 'labels', value: { ...cpSpan(text, '李明'), text: '李明', labels: ['PER'] } },
      { id: 'sent1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
    ];
    const submitted = await annotator.call<{ id: string; reviewStatus?: string }>('POST', `/assignments/${assignment.id}/annotations`, { result, leadTimeMs: 5200 });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    annotationId = submitted.body.id;
    expect(submitted.body.reviewStatus).toBe('pending');
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

  it('rejects with a comment, returns the work to its annotator, and accepts the fix', async () => {
    const reviewer = await signedInPage(REVIEWER);
    const { base, owner } = reviewer;
    const rp = reviewer.page;

    // The reviewer opens the project and its review page from the "审核" button.
    await rp.goto(`${base}/projects/${projectId}`);
    await rp.getByTestId('review-start').click();
    await rp.waitForURL(new RegExp(`/projects/${projectId}/review$`));
    const item = rp.getByTestId('review-item');
    await item.waitFor();
    expect(await item.getAttribute('data-annotation-id')).toBe(annotationId);
    expect(await item.getAttribute('data-task-id')).toBe(taskId);
    expect(await rp.getByTestId('review-reason').getAttribute('data-reason')).toBe('all');
    expect(await rp.getByTestId('review-reason').innerText()).toBe('全量审核');
    expect(await rp.getByTestId('review-annotator').innerText()).toContain(ANNOTATOR.email);
    // Read-only: the span is highlighted with its label, the chosen sentiment marked, no editor controls.
    expect(await rp.getByTestId('result-text').innerText()).toContain('李明在北京大学读书');
    expect(await rp.locator('[data-testid="result-text"] .seg[data-tags]').getAttribute('data-tags')).toBe('人名');
    expect(await rp.locator('[data-testid="result-choice"][data-chosen="true"]').innerText()).toContain('正面');
    expect(await rp.getByTestId('span-item').count()).toBe(0);
    expect(await rp.getByTestId('review-earlier').locator('li').count()).toBe(0);
    await shot(rp, '01-review-item');

    // R without a comment is refused in the page (nothing sent), with the reason next to the comment box.
    await blur(rp);
    await rp.keyboard.press('r');
    await rp.getByTestId('review-comment-required').waitFor();
    expect(await rp.getByTestId('review-comment-required').innerText()).toBe('退回时必须填写审核意见');
    expect(await rp.getByTestId('review-item').count()).toBe(1);
    await shot(rp, '02-comment-required');

    // With a comment, reject: the queue is then empty.
    await rp.getByTestId('review-comment').fill(COMMENT);
    await rp.getByTestId('review-reject').click();
    await rp.getByTestId('review-empty').waitFor();
    expect(await rp.getByTestId('review-last').getAttribute('data-decision')).toBe('reject');
    expect(await rp.getByTestId('review-done-count').innerText()).toContain('1');
    await shot(rp, '03-rejected-empty');

    // The annotator sees the item under "退回给我" on the project page, with the comment and the reviewer.
    const annotator = await signedInPage(ANNOTATOR);
    const ap = annotator.page;
    await ap.goto(`${base}/projects/${projectId}`);
    const returned = ap.locator(`[data-testid="returned-item"][data-annotation-id="${annotationId}"]`);
    await returned.waitFor();
    expect(await ap.getByTestId('returned-work').innerText()).toContain('退回给我');
    expect(await returned.getByTestId('returned-comment').innerText()).toBe(COMMENT);
    expect(await returned.getByTestId('returned-by').innerText()).toContain(REVIEWER.email);
    expect(await ap.getByTestId('review-start').count()).toBe(0); // annotators have no review button
    await shot(ap, '04-returned-to-me');

    // Fix it in the editor (the comment is shown there too): add 北京大学 as ORG and save version 2.
    await returned.getByTestId('returned-fix').click();
    await ap.waitForURL(new RegExp(`/tasks/${taskId}/annotations/${annotationId}/edit$`));
    await ap.getByTestId('returned-notice').waitFor();
    expect(await ap.getByTestId('returned-notice').innerText()).toContain(COMMENT);
    await expect.poll(() => ap.getByTestId('span-item').count()).toBe(1);
    await mouseSelect(ap, '北京大学');
    await ap.getByTestId('label-ORG').click();
    await expect.poll(() => ap.getByTestId('span-item').count()).toBe(2);
    await ap.getByTestId('edit-save').click();
    await ap.getByTestId('edit-saved').waitFor();
    expect(await ap.getByTestId('edit-saved').getAttribute('data-version')).toBe('2');
    expect(await ap.getByTestId('returned-notice').count()).toBe(0);
    await shot(ap, '05-fixed');

    // Back on the project page, the list is gone.
    await ap.goto(`${base}/projects/${projectId}`);
    await ap.locator('.stats-bar').waitFor();
    await expect.poll(() => ap.getByTestId('returned-item').count(), { timeout: 10_000 }).toBe(0);

    // The reviewer gets the rework, with the earlier rejection, and accepts it with the A key.
    await rp.getByTestId('review-check-again').click();
    await item.waitFor();
    expect(await rp.getByTestId('review-reason').getAttribute('data-reason')).toBe('rework');
    const earlier = rp.getByTestId('review-earlier').locator('li');
    expect(await earlier.count()).toBe(1);
    expect(await earlier.first().getAttribute('data-decision')).toBe('reject');
    expect(await earlier.first().innerText()).toContain(COMMENT);
    expect(await rp.locator('[data-testid="result-text"] .seg[data-tags]').count()).toBe(2);
    await shot(rp, '06-rework');
    await blur(rp);
    await rp.keyboard.press('a');
    await rp.getByTestId('review-empty').waitFor();
    expect(await rp.getByTestId('review-last').getAttribute('data-decision')).toBe('accept');

    // The quality tab: one accepted, one rejected, nothing pending; the annotator's pass rate is 1 of 2.
    await rp.goto(`${base}/projects/${projectId}/quality`);
    await rp.getByTestId('quality-tab').waitFor();
    expect(await rp.getByTestId('quality-review-accepted').getAttribute('data-value')).toBe('1');
    expect(await rp.getByTestId('quality-review-rejected').getAttribute('data-value')).toBe('1');
    expect(await rp.getByTestId('quality-review-pending').getAttribute('data-value')).toBe('0');
    expect(await rp.getByTestId('quality-accuracy-value').innerText()).toBe('50%');
    const row = rp.locator(`[data-testid="quality-score-row"][data-email="${ANNOTATOR.email}"]`);
    expect(await row.getByTestId('score-review').innerText()).toContain('1/2');
    await shot(rp, '07-quality-tab');

    const summary = await owner.call<QualitySummary>('GET', `/projects/${projectId}/quality`);
    expect(summary.status).toBe(200);
    expect(summary.body.review).toEqual({ pending: 0, accepted: 1, rejected: 1 });
    const returnedNow = await owner.call<{ items: unknown[] }>('GET', `/projects/${projectId}/returned`);
    expect(returnedNow.body.items).toEqual([]);

    expect(reviewer.errors).toEqual([]);
    expect(annotator.errors).toEqual([]);
    await reviewer.context.close();
    await annotator.context.close();
  });

  it('edits the policy in settings, makes a gold task, shows gold feedback, and forms a lot', async () => {
    const { base, page, context, errors, owner } = await signedInPage(DEMO);

    // Settings: review "all" is selected; set gold share 100% and AQL 1.0, and save (a partial PATCH).
    await page.goto(`${base}/projects/${projectId}/settings`);
    const settings = page.getByTestId('quality-settings');
    await settings.waitFor();
    expect(await page.getByTestId('quality-review-all').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('quality-save').isDisabled()).toBe(true);
    await page.getByTestId('quality-gold-rate').fill('100');
    await page.getByTestId('quality-aql').selectOption('1');
    await page.getByTestId('quality-save').click();
    await page.getByTestId('quality-saved').waitFor();
    await settings.scrollIntoViewIfNeeded();
    await shot(page, '08-settings');
    const project = await owner.call<{ qualityPolicy: { goldRate: number; aql: number | null; review: string } }>('GET', `/projects/${projectId}`);
    expect(project.body.qualityPolicy).toMatchObject({ goldRate: 1, aql: 1, review: 'all' });

    // Task detail: use the annotator's (accepted) annotation as the gold answer of its task.
    await page.goto(`${base}/projects/${projectId}/tasks`);
    await page.getByTestId('task-row').filter({ has: page.locator('td.col-id', { hasText: new RegExp(`^${taskId}$`) }) }).click();
    const summary = page.locator(`[data-testid="annotation-summary"][data-annotation-id="${annotationId}"]`);
    await summary.waitFor();
    expect(await summary.getByTestId('annotation-review-status').getAttribute('data-status')).toBe('accepted');
    await summary.getByTestId('gold-use').click();
    await page.getByTestId('gold-set').waitFor();
    expect(await page.getByTestId('gold-set').innerText()).toContain(ANNOTATOR.email);
    await shot(page, '09-gold-set');

    // The owner annotates: with a gold share of 100% the first claim is the gold task, which the owner has not
    // done. Label only 李明 and pick "negative": the feedback says it did not pass and shows the expected result.
    await page.goto(`${base}/projects/${projectId}/annotate`);
    const text = page.getByTestId('workbench-text');
    await text.waitFor();
    expect(await text.textContent()).toBe(TEXTS[0]);
    await keyboardSelect(page, 0, 2);
    await page.keyboard.press('1');
    await page.keyboard.press('w');
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    await page.keyboard.press('Control+Enter');
    const feedback = page.getByTestId('gold-feedback');
    await feedback.waitFor();
    expect(await feedback.getAttribute('data-passed')).toBe('false');
    expect(await page.getByTestId('gold-feedback-title').innerText()).toBe('金标准题：未通过');
    const expected = await page.getByTestId('gold-feedback-expected').innerText();
    expect(expected).toContain('北京大学');
    expect(expected).toContain('positive');
    await shot(page, '10-gold-feedback');
    await page.getByTestId('gold-feedback-continue').click();
    // Then the ordinary task: 华为公司 as an organisation, positive; submitted, nothing is left.
    await expect.poll(() => text.textContent()).toBe(TEXTS[1]);
    expect(await page.getByTestId('gold-feedback').count()).toBe(0);
    await keyboardSelect(page, 0, 4);
    await page.keyboard.press('3');
    await page.keyboard.press('q');
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();

    // Quality tab: form a lot of the submitted work outside gold tasks (the task just done); its plan shows in the table.
    await page.goto(`${base}/projects/${projectId}/quality`);
    await page.getByTestId('quality-tab').waitFor();
    const lotAnswer = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/lots`) && r.request().method() === 'POST');
    await page.getByTestId('new-lot').click();
    const lot = await lotAnswer;
    expect(lot.status(), await lot.text()).toBe(201);
    await page.getByTestId('new-lot-created').waitFor();
    await expect.poll(() => page.getByTestId('lot-row').count()).toBe(1);
    const lotRow = page.getByTestId('lot-row').first();
    expect(['inspecting', 'accepted', 'rejected']).toContain(await lotRow.getAttribute('data-status'));
    await shot(page, '11-lots');

    // Gold removed from the task detail again.
    await page.goto(`${base}/projects/${projectId}/tasks`);
    await page.getByTestId('task-row').filter({ has: page.locator('td.col-id', { hasText: new RegExp(`^${taskId}$`) }) }).click();
    await page.getByTestId('gold-remove').click();
    await page.getByTestId('gold-removed').waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('adjudicates a task its two annotators disagree on', async () => {
    if (!owner || !server) throw new Error('not started');
    // A second project: two annotators per task, adjudication below 90% agreement.
    const created = await owner.call<{ id: string }>('POST', '/projects', {
      name: `仲裁 ${Date.now()}`,
      labelConfig: nerWithClassificationTemplate,
      overlap: 2,
      qualityPolicy: { adjudicationThreshold: 0.9 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pid = created.body.id;
    const ownerContext = requests[0];
    if (!ownerContext) throw new Error('no owner context');
    const imported = await ownerContext.post(`${server.url}/api/v1/projects/${pid}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify({ text: TEXTS[1] })}\n`, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    // The annotator says ORG + positive, the reviewer (who may annotate too) says LOC + negative.
    const text = TEXTS[1] ?? '';
    const answers = [
      { who: ANNOTATOR, label: 'ORG', choice: 'positive' },
      { who: REVIEWER, label: 'LOC', choice: 'negative' },
    ];
    for (const { who, label, choice } of answers) {
      const caller = await apiLogin(who);
      const next = await caller.call<NextTask>('POST', `/projects/${pid}/next`);
      const { assignment } = next.body;
      if (!assignment) throw new Error(`no task for ${who.email}: ${JSON.stringify(next.body)}`);
      const result = [
        { id: 'e1', from_name: 'ner', to_name: 'text', type: 'labels', value: { ...cpSpan(text, '华为公司'), text: '华为公司', labels: [label] } },
        { id: 'c1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } },
      ];
      const submitted = await caller.call('POST', `/assignments/${assignment.id}/annotations`, { result, leadTimeMs: 3000 });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    }

    const { base, page, context, errors } = await signedInPage(DEMO);
    await page.goto(`${base}/projects/${pid}`);
    await page.getByTestId('adjudicate-start').click();
    await page.waitForURL(new RegExp(`/projects/${pid}/adjudicate$`));
    const cards = page.getByTestId('adjudication-card');
    await expect.poll(() => cards.count()).toBe(2);
    const agreement = Number(await page.getByTestId('adjudication-agreement').getAttribute('data-agreement'));
    expect(agreement).toBeLessThan(0.9);
    expect(await page.getByTestId('adjudication-save').isDisabled()).toBe(true);
    await shot(page, '12-adjudication');

    // Take the annotator's result as the final one, unchanged, and save it.
    const mine = cards.filter({ hasText: ANNOTATOR.email });
    await mine.getByTestId('adjudication-choose').click();
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(1);
    expect(await page.getByTestId('span-item').first().getAttribute('data-label')).toBe('ORG');
    await shot(page, '13-adjudication-chosen');
    await page.getByTestId('adjudication-save').click();
    await page.getByTestId('adjudication-saved').waitFor();
    await page.getByTestId('adjudication-empty').waitFor();
    await shot(page, '14-adjudicated');

    const summary = await owner.call<{ adjudication: { pending: number; done: number } }>('GET', `/projects/${pid}/quality`);
    expect(summary.body.adjudication).toEqual({ pending: 0, done: 1 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens the quality report from the quality tab, with accuracy, process checks, JSON download and print', async () => {
    if (!server) throw new Error('not started');
    // The reviewer decides whatever is still queued in the first project (accepting it), so its lot is decided.
    const reviewer = await apiLogin(REVIEWER);
    let accepted = 0;
    for (;;) {
      const next = await reviewer.call<{ item: { id: string } | null }>('POST', `/projects/${projectId}/review/next`);
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      if (!next.body.item) break;
      const decided = await reviewer.call('POST', `/reviews/${next.body.item.id}`, { decision: 'accept' });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      accepted++;
    }
    expect(accepted).toBeGreaterThan(0);
    // A dataset version, so the report names what it covers; wait until the log has sequenced it.
    const { base, page, context, errors, owner } = await signedInPage(DEMO);
    const version = await owner.call<{ id: string }>('POST', `/projects/${projectId}/dataset-versions`, { name: '交付 v1' });
    expect(version.status, JSON.stringify(version.body)).toBe(201);
    await expect
      .poll(async () => (await owner.call<QualityReport>('GET', `/projects/${projectId}/quality/report`)).body.identity.datasetVersion?.logIndex ?? null, { timeout: 15_000 })
      .not.toBeNull();
    const api = await owner.call<QualityReport>('GET', `/projects/${projectId}/quality/report`);
    expect(api.status).toBe(200);
    const { review, gold } = api.body.labelAccuracy;
    // One rejection and one acceptance from the first test, then the ones just made.
    expect(review).toMatchObject({ correct: 1 + accepted, total: 2 + accepted });
    expect(gold).toMatchObject({ correct: 0, total: 1 }); // the owner failed the gold task in the second test

    // The quality tab links to the report.
    await page.goto(`${base}/projects/${projectId}/quality`);
    await page.getByTestId('quality-tab').waitFor();
    expect(await page.getByTestId('quality-report-link').innerText()).toBe('质量报告');
    await page.getByTestId('quality-report-link').click();
    await page.waitForURL(new RegExp(`/projects/${projectId}/quality/report$`));
    await page.getByTestId('quality-report').waitFor();
    expect(await page.getByTestId('report-project-name').innerText()).toBe(api.body.identity.projectName);
    expect(await page.getByTestId('report-dataset-version').innerText()).toContain('交付 v1');
    expect(await page.getByTestId('report-log-index').innerText()).toMatch(/^#\d+$/);

    // GB/T 36344: six indicators, named in Chinese; accuracy counts the review decisions.
    expect(await page.getByTestId('report-indicator').count()).toBe(6);
    const accuracyIndicator = page.locator('[data-testid="report-indicator"][data-name="accuracy"]');
    expect(await accuracyIndicator.locator('td').first().innerText()).toBe('准确性');
    expect(await accuracyIndicator.innerText()).toContain(`${1 + accepted} / ${2 + accepted}`);

    // Label accuracy: review decisions with the estimate and its 95% interval; gold 0 of 1.
    const reviewRow = page.locator('[data-testid="report-accuracy-row"][data-source="review"]');
    expect(await reviewRow.locator('td').first().innerText()).toBe('审核结论');
    expect(await reviewRow.getByTestId('report-accuracy-counts').innerText()).toBe(`${review.correct} / ${review.total}`);
    expect(await reviewRow.getByTestId('report-accuracy-estimate').innerText()).toBe(pct(review.estimate ?? Number.NaN));
    expect(await reviewRow.getByTestId('report-accuracy-interval').innerText()).toBe(`${pct(review.lower ?? Number.NaN)}–${pct(review.upper ?? Number.NaN)}`);
    const goldRow = page.locator('[data-testid="report-accuracy-row"][data-source="gold"]');
    expect(await goldRow.getByTestId('report-accuracy-counts').innerText()).toBe('0 / 1');
    expect(await goldRow.getByTestId('report-accuracy-estimate').innerText()).toBe('0%');

    // Process checks: nobody decided their own work (pass), certification is not evaluated, the version is logged.
    const own = page.locator('[data-testid="report-check"][data-check="reviewer-is-not-annotator"]');
    expect(await own.getAttribute('data-status')).toBe('pass');
    expect(await own.getByTestId('report-check-status').innerText()).toBe('通过');
    expect(await own.locator('td').first().innerText()).toBe('审核人不审核自己的标注');
    expect(await page.locator('[data-testid="report-check"][data-check="certified-annotators"]').getAttribute('data-status')).toBe('not-evaluated');
    expect(await page.locator('[data-testid="report-check"][data-check="dataset-version-logged"]').getAttribute('data-status')).toBe('pass');
    // The sentiment control's classes as bars, and the lot from the second test.
    expect(await page.locator('[data-testid="report-class-balance"][data-control="sentiment"] [data-testid="report-class"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('report-lots').getByTestId('lot-row').count()).toBe(api.body.lots.length);
    await page.screenshot({ path: '/tmp/quality-report.png', fullPage: true });

    // "Download JSON" is the fetched report, named after the project and the day.
    const download = page.getByTestId('report-download');
    const day = api.body.identity.generatedAt.slice(0, 10);
    expect(await download.getAttribute('download')).toMatch(new RegExp(`^quality-report-.+-${day}\\.json$`));
    const href = await download.getAttribute('href');
    expect(href).toMatch(/^blob:/);
    const saved = JSON.parse(await page.evaluate(async (url) => (await fetch(url)).text(), href ?? '')) as QualityReport;
    expect(saved.identity.projectId).toBe(projectId);
    expect(saved.labelAccuracy.review).toEqual(review);

    // Printing hides the top bar and the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByTestId('report-print').isVisible()).toBe(false);
    expect(await download.isVisible()).toBe(false);
    expect(await reviewRow.isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/quality-report-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // In English too.
    await page.getByTestId('lang-switch').selectOption('en');
    expect(await reviewRow.locator('td').first().innerText()).toBe('Review decisions');
    expect(await own.getByTestId('report-check-status').innerText()).toBe('Pass');
    await page.screenshot({ path: '/tmp/quality-report-en.png', fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  });
});
