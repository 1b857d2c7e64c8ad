/**
 * End to end, in a real browser against the real server: a vendor work package between two organisations
 * (docs/work-packages.md). The demo organisation (A, the client) cuts a package of four tasks on its
 * project's Outsource tab and offers it (the owner's offer takes effect at once); B's owner accepts it on
 * the work packages page and assigns B's annotator as staff; the annotator labels three of the tasks (over
 * the API: the workbench is not the point here); B delivers. A draws a sample of two, accepts one and
 * rejects one with a reason, settles, reads the total and downloads the CSV statement.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { request as playwrightRequest } from 'playwright-core';
import { textClassificationTemplate, type SettlementDto, type WorkPackageDto } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { apiAs, haveBrowser } from './e2e-support.js';

const VENDOR = { email: 'boss@vendor.example.com', password: 'vendor-password-1' };
const ANNOTATOR = { email: 'ann@vendor.example.com', password: 'annotator-password-1' };
const TITLE = '路口拥堵情感标注（第一批）';
const TEXTS = ['早高峰路口拥堵严重', '晚高峰车流平稳', '信号灯配时需要调整', '施工占道导致排队'];

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('vendor work packages end to end', () => {
  let projectId = '';
  let orgA = '';
  let orgB = '';
  const app = useE2eApp('work-packages', async ({ url, request, owner }) => {
    orgA = owner.orgId;
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: '城市交通舆情', labelConfig: textClassificationTemplate });
    expect(project.status).toBe(201);
    projectId = project.body.id;
    const jsonl = TEXTS.map((text, i) => JSON.stringify({ text, customer_phone: `1380013800${i}` })).join('\n') + '\n';
    const imported = await request.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    // Organisation B, the vendor: an owner and an annotator who belong to B only.
    const b = await owner.call<{ id: string }>('POST', '/orgs', { name: '乙方标注公司' });
    expect(b.status).toBe(201);
    orgB = b.body.id;
    for (const [who, role, name] of [[VENDOR, 'owner', '乙方负责人'], [ANNOTATOR, 'annotator', '乙方标注员']] as const) {
      const added = await owner.call('POST', `/orgs/${orgB}/members`, { ...who, role, name });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
    }
  });

  it('A cuts and offers, B accepts, staffs and delivers, A samples, reviews, settles and downloads the statement', async () => {
    const { page: pageA, context: contextA, errors: errorsA } = await app().signedInPage();
    pageA.on('dialog', (d) => void d.accept());
    // The demo owner founded B too: act as A.
    await pageA.getByTestId('org-switch').selectOption(orgA);

    // --- A cuts a package on the project's Outsource tab and offers it.
    await pageA.goto(`${app().url}/projects/${projectId}/outsource`);
    const form = pageA.getByTestId('wp-create-form');
    await form.waitFor();
    // A wrong form names its fields before anything is sent.
    await form.getByTestId('wp-form-price').fill('1.234');
    await form.getByTestId('wp-form-submit').click();
    await form.getByTestId('wp-form-error-title').waitFor();
    expect(await form.getByTestId('wp-form-error-unitPrice').innerText()).toContain('两位小数');
    await form.getByTestId('wp-form-error-vendorOrgIds').waitFor();
    await app().shot(pageA, 'work-packages-00-form-errors', true);
    await form.getByTestId('wp-form-title').fill(TITLE);
    await form.getByTestId('wp-form-instructions').fill('按《标注规范 v2》判断情感；无法判断时选中性。');
    await form.getByTestId('wp-form-limit').fill('4');
    await form.getByTestId('wp-form-price').fill('1.50');
    await form.getByTestId('wp-form-floor').fill('90');
    await form.locator(`[data-testid="wp-form-vendor"][data-org-id="${orgB}"]`).check();
    await app().shot(pageA, 'work-packages-01-create', true);
    await form.getByTestId('wp-form-submit').click();
    const row = pageA.getByTestId('wp-project-row').filter({ hasText: TITLE });
    await expect.poll(() => row.getAttribute('data-stage')).toBe('draft');
    const packageId = (await row.getAttribute('data-package-id')) ?? '';
    expect(packageId).not.toBe('');
    await row.getByTestId('wp-offer').click();
    // The owner's own offer counts as approved when made (no two-person rule here).
    await expect.poll(() => row.getAttribute('data-stage')).toBe('offered');
    expect(await row.getByTestId('wp-stage').innerText()).toBe('已发包');

    // --- B's owner accepts on the work packages page and assigns the annotator.
    const { page: pageB, context: contextB, errors: errorsB } = await app().signedInPage(VENDOR);
    pageB.on('dialog', (d) => void d.accept());
    await pageB.getByTestId('nav-work-packages').click();
    const offered = pageB.getByTestId('wp-vendor-row').filter({ hasText: TITLE });
    await offered.waitFor();
    expect(await offered.innerText()).toContain('¥1.50');
    await app().shot(pageB, 'work-packages-02-vendor-offer');
    await offered.getByTestId('wp-accept').click();
    await expect.poll(() => offered.getAttribute('data-stage')).toBe('accepted');
    await offered.getByTestId('wp-vendor-project').waitFor();
    await offered.getByTestId('wp-assign-link').click();
    const staff = pageB.getByTestId('wp-staff');
    await staff.waitFor();
    await staff.locator(`[data-testid="wp-staff-member"][data-email="${ANNOTATOR.email}"]`).getByTestId('wp-staff-annotator').check();
    await staff.getByTestId('wp-staff-save').click();
    expect(await staff.getByTestId('wp-staff-saved').innerText()).toContain('1 名标注员');
    // The vendor sees the items (shared fields only: never the customer's phone).
    const vendorItems = pageB.getByTestId('wp-item');
    await expect.poll(() => vendorItems.count()).toBe(4);
    expect(await pageB.getByTestId('wp-items').innerText()).not.toContain('13800138');
    await app().shot(pageB, 'work-packages-03-vendor-staff', true);

    // --- B's annotator labels three of the four tasks in B's own project (over the API).
    const pkgB = await apiAs(contextB.request, app().url);
    const vendorProjectId = (await pkgB.call<WorkPackageDto>('GET', `/work-packages/${packageId}`)).body.vendorProjectId;
    expect(vendorProjectId).toBeTruthy();
    const annotatorRequest = await playwrightRequest.newContext();
    expect((await annotatorRequest.post(`${app().url}/api/v1/auth/login`, { data: ANNOTATOR })).status()).toBe(200);
    const annotator = await apiAs(annotatorRequest, app().url);
    for (const choice of ['positive', 'neutral', 'negative']) {
      const next = await annotator.call<{ task: { data: Record<string, unknown> } | null; assignment: { id: string } | null }>('POST', `/projects/${vendorProjectId}/next`);
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      expect(Object.keys(next.body.task!.data)).toEqual(['text']);
      const sent = await annotator.call('POST', `/assignments/${next.body.assignment!.id}/annotations`, {
        result: [{ id: 'c1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }],
        leadTimeMs: 1200,
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    }
    await annotatorRequest.dispose();

    // --- B delivers from the package page.
    await pageB.reload();
    await pageB.getByTestId('wp-deliver').click();
    await expect.poll(() => pageB.getByTestId('work-package-page').getAttribute('data-stage')).toBe('delivered');

    // --- A samples two delivered items, accepts one and rejects one with a reason, and settles.
    await pageA.goto(`${app().url}/work-packages/${packageId}`);
    await pageA.getByTestId('wp-items').waitFor();
    await expect.poll(() => pageA.getByTestId('wp-item').count()).toBe(4);
    expect(await pageA.getByTestId('wp-items').innerText()).toContain('未交付');
    await pageA.getByTestId('wp-sample-size').fill('2');
    await pageA.getByTestId('wp-sample').click();
    expect(await pageA.getByTestId('wp-sampled').innerText()).toContain('2');
    const sampled = pageA.locator('[data-testid="wp-item"][data-sampled="true"]');
    await expect.poll(() => sampled.count()).toBe(2);
    const first = pageA.locator(`[data-testid="wp-item"][data-task-id="${await sampled.nth(0).getAttribute('data-task-id')}"]`);
    const second = pageA.locator(`[data-testid="wp-item"][data-task-id="${await sampled.nth(1).getAttribute('data-task-id')}"]`);
    expect(await first.innerText()).toMatch(/sentiment: (positive|neutral|negative)/);
    await first.getByTestId('wp-item-accept').click();
    await expect.poll(() => first.getAttribute('data-verdict')).toBe('accepted');
    // A rejection needs a reason: the button stays disabled until one is typed.
    expect(await second.getByTestId('wp-item-reject').isDisabled()).toBe(true);
    await second.getByTestId('wp-item-reason').fill('情感应为中性');
    await second.getByTestId('wp-item-reject').click();
    await expect.poll(() => second.getAttribute('data-verdict')).toBe('rejected');
    expect(await second.innerText()).toContain('情感应为中性');
    await app().shot(pageA, 'work-packages-04-client-review', true);

    await pageA.getByTestId('wp-settle').click();
    const statementView = pageA.getByTestId('wp-statement');
    await statementView.waitFor();
    // app().owner speaks for A (its first organisation, from before B existed).
    const statement = (await app().owner.call<SettlementDto>('GET', `/work-packages/${packageId}/settlement`)).body;
    // 3 delivered × ¥1.50; one rejected in review; accuracy 1/2 is below the 90% floor, so the one
    // unreviewed delivered item is presumed defective at the same rate.
    expect(statement).toMatchObject({ itemCount: 4, delivered: 3, reviewed: 2, rejectedInReview: 1, meetsFloor: false, grossMinor: 450 });
    expect(statement.deductions.map((d) => d.kind)).toEqual(['rejected-in-review', 'below-quality-floor']);
    expect(await pageA.getByTestId('wp-total').innerText()).toContain((statement.totalMinor / 100).toFixed(2));
    expect(await pageA.getByTestId('wp-deductions').innerText()).toContain('低于底线');
    expect(await pageA.getByTestId('wp-accuracy').innerText()).toContain('50%');
    await app().shot(pageA, 'work-packages-05-statement', true);

    // --- The CSV statement: a download whose rows add up to the total.
    const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByTestId('wp-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const rows = csv.trim().split('\r\n');
    expect(rows.filter((r) => r.startsWith('item,'))).toHaveLength(4);
    const total = rows.find((r) => r.startsWith('total,'));
    expect(total).toBeDefined();
    expect(Number(total!.split(',')[11])).toBe(statement.totalMinor);

    // The vendor reads the same statement.
    await pageB.reload();
    await pageB.getByTestId('wp-statement').waitFor();
    expect(await pageB.getByTestId('wp-total').innerText()).toContain((statement.totalMinor / 100).toFixed(2));

    expect(errorsA).toEqual([]);
    expect(errorsB).toEqual([]);
    await contextA.close();
    await contextB.close();
  });
});
