/**
 * End to end, in a real browser: a project requires the certification "保密培训"; an annotator is refused
 * work with a message naming it, practises (feedback against gold), takes and passes the exam against the
 * countdown, gets the certification, and then gets a task in the workbench (docs/training.md).
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '@yungang/server';
import { textClassificationTemplate } from '@yungang/core';
import { apiAs, chromiumArgs, chromiumPath, DEMO, distDir, ensureWebBuild, haveBrowser, loginUi, shotDir } from './e2e-support.js';

const choice = (c: string) => [{ id: 'c1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [c] } }];

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('training gates work end to end', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let dataDir = '';

  beforeAll(async () => {
    if (!haveBrowser) return;
    await ensureWebBuild();
    mkdirSync(shotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });

  it('refuses an uncertified annotator, who passes the exam in the browser and then gets a task', async () => {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!browser || !server) throw new Error('not started');
    const base = server.url;

    // The manager's side, through the API: a certification, a gated project, a course and an exam.
    const managerContext = await browser.newContext();
    expect((await managerContext.request.post(`${base}/api/v1/auth/login`, { data: DEMO })).status()).toBe(200);
    const api = await apiAs(managerContext.request, base);
    const annotatorEmail = `trainee-${Date.now()}@example.com`;
    expect((await api.call('POST', `/orgs/${api.orgId}/members`, { email: annotatorEmail, role: 'annotator', password: 'trainee-password', name: '学员' })).status).toBe(201);
    const cert = await api.call<{ id: string }>('POST', '/certifications', { name: '保密培训', validityDays: 365 });
    const project = await api.call<{ id: string }>('POST', '/projects', { name: '需要资格的项目', labelConfig: textClassificationTemplate });
    const jsonl = ['服务很好', '太慢了'].map((text) => JSON.stringify({ text })).join('\n');
    const imported = await managerContext.request.post(`${base}/api/v1/projects/${project.body.id}/import?format=jsonl`, { headers: { ...api.headers, 'content-type': 'application/x-ndjson' }, data: jsonl });
    expect(imported.status()).toBe(201);
    const course = await api.call<{ id: string }>('POST', '/courses', { title: '保密与情感标注指南', body: '# 保密培训\n\n- 不得截屏\n- 不得外传数据\n\n**正面**：称赞；**负面**：抱怨。', projectId: project.body.id });
    const exam = await api.call<{ id: string }>('POST', '/exams', {
      title: '保密培训考试',
      courseId: course.body.id,
      certificationId: cert.body.id,
      labelConfig: textClassificationTemplate,
      items: [
        { data: { text: '客服态度非常好' }, expected: choice('positive') },
        { data: { text: '等了两个小时没人理' }, expected: choice('negative') },
      ],
      passScore: 1,
      timeLimitSeconds: 600,
      maxAttempts: 3,
    });
    expect(exam.status).toBe(201);
    expect((await api.call('PUT', `/projects/${project.body.id}/certifications`, { certificationIds: [cert.body.id] })).status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => window.localStorage.setItem('yungang.locale', 'en'));
    await loginUi(page, base, annotatorEmail, 'trainee-password');

    // Refused: the workbench shows the server's message naming the certification and the exam.
    await page.goto(`${base}/projects/${project.body.id}/annotate`);
    const refusal = page.getByText('which you do not hold');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('保密培训考试');
    await shot(page, 'training-01-refused');

    // The training area: the course renders its markdown; the exam is listed.
    await page.getByTestId('nav-training').click();
    await page.getByTestId('course-link').first().click();
    await page.getByTestId('course-body').locator('li').first().waitFor();
    expect(await page.getByTestId('course-body').locator('strong').first().textContent()).toBe('正面');
    await shot(page, 'training-02-course');
    await page.getByRole('link', { name: '保密培训考试' }).click();
    await page.getByTestId('exam-page').waitFor();

    // Practice: a wrong answer gets immediate feedback with the expected answer.
    await page.getByTestId('start-practice').click();
    await page.getByTestId('attempt-page').waitFor();
    await page.getByTestId('choice-negative').click();
    await page.getByTestId('save-answer').click();
    await page.getByTestId('practice-feedback').waitFor();
    expect(await page.getByTestId('practice-feedback').textContent()).toContain('0%');
    await shot(page, 'training-03-practice-feedback');

    // The real exam, against the countdown.
    await page.goto(`${base}/training/exams/${exam.body.id}`);
    await page.getByTestId('start-exam').click();
    await page.getByTestId('countdown').waitFor();
    expect(await page.getByTestId('countdown').textContent()).toMatch(/^(10:00|9:5\d)$/);
    await page.getByTestId('choice-positive').click();
    await page.getByTestId('save-answer').click();
    await page.getByText('Item 2 of 2').waitFor();
    await page.getByTestId('choice-negative').click();
    await page.getByTestId('save-answer').click();
    await page.getByText('2 of 2 answered').waitFor();
    await shot(page, 'training-04-exam');
    await page.getByTestId('finish-attempt').click();
    await page.getByTestId('attempt-outcome').waitFor();
    expect(await page.getByTestId('attempt-outcome').getAttribute('data-passed')).toBe('true');
    expect(await page.getByTestId('granted').textContent()).toContain('保密培训');
    await shot(page, 'training-05-results');

    // My skills shows the certification; the workbench now hands out a task.
    await page.goto(`${base}/training/skills`);
    await page.getByTestId('skills-certifications').getByText('保密培训').waitFor();
    await shot(page, 'training-06-skills');
    await page.goto(`${base}/projects/${project.body.id}/annotate`);
    await page.getByTestId('choice-positive').waitFor();
    await shot(page, 'training-07-task');
    expect(errors).toEqual([]);
    await context.close();
    await managerContext.close();
  });
});
