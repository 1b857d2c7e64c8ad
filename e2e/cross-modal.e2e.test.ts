/**
 * End to end, in a real browser against the real server: cross-modal consistency on an image + caption
 * project whose rule says every entity type in the caption needs a box with that label.
 *
 * The annotator boxes the person but not the vehicle the caption names: the workbench warns before
 * sending, and a second submit sends it as is. The reviewer gets it with reason "inconsistent" and the list
 * of what is missing; the quality report shows 0 of 1 items consistent against the 90 % target; the
 * settings show the rule.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { describe, expect, it } from 'vitest';
import { imageCaptionTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser, mouseSelect, pngDataUrl } from './e2e-support.js';

const CAPTION = '一位游客站在石窟前，旁边停着一辆车。';
const SCENE = pngDataUrl(160, 100, (x, y) => (x > 16 && x < 32 && y > 20 && y < 80 ? [121, 85, 72] : [207, 227, 243]));
const REVIEWER = { email: 'consistency-reviewer@yungang.local', password: 'reviewer-pass-1', name: '审核员' };

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('cross-modal consistency end to end', () => {
  const app = useE2eApp('consistency');

  it('warns the annotator, routes the work to review with what is missing, and reports the rate against the target', async () => {
    const { owner, request: ownerRequest, url, signedInPage, shot } = app();
    const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: REVIEWER.email, role: 'reviewer', name: REVIEWER.name, password: REVIEWER.password });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    const project = await owner.call<{ id: string }>('POST', '/projects', {
      name: `一致性 ${Date.now()}`,
      labelConfig: imageCaptionTemplate,
      qualityPolicy: { consistencyRules: [{ kind: 'labels-covered', from: 'entities', to: 'objects' }] },
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const projectId = project.body.id;
    const imported = await ownerRequest.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(JSON.stringify({ image: SCENE, caption: CAPTION }) + '\n', 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);

    // The annotator: a person box, and 游客 (person) and 车 (vehicle) in the caption.
    const annotator = await signedInPage();
    const page = annotator.page;
    await page.goto(`${url}/projects/${projectId}/annotate`);
    await page.getByTestId('image-viewport').waitFor();
    await expect.poll(async () => (await page.getByTestId('image-stage').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    const stage = (await page.getByTestId('image-stage').boundingBox())!;
    const at = (px: number, py: number) => ({ x: stage.x + (stage.width * px) / 100, y: stage.y + (stage.height * py) / 100 });
    await page.keyboard.press('1');
    await page.mouse.move(at(10, 20).x, at(10, 20).y);
    await page.mouse.down();
    await page.mouse.move(at(20, 80).x, at(20, 80).y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('box-item').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByTestId('workbench-text').scrollIntoViewIfNeeded();
    await mouseSelect(page, '游客');
    await page.keyboard.press('q');
    await mouseSelect(page, '车');
    await page.keyboard.press('w');
    await expect.poll(() => page.getByTestId('span-item').count()).toBe(2);

    await page.getByTestId('submit-annotation').click();
    const warning = page.getByTestId('consistency-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('"vehicle": 1 in "entities", 0 "vehicle" in "objects"');
    await shot(page, 'consistency-01-warning', true);
    // Sending it anyway: the same result, submitted again.
    await page.getByTestId('submit-annotation').click();
    await page.getByTestId('no-more-tasks').waitFor();
    expect(annotator.errors).toEqual([]);

    // The reviewer sees why it is in review and what is missing.
    const reviewer = await signedInPage(REVIEWER);
    await reviewer.page.goto(`${url}/projects/${projectId}/review`);
    await reviewer.page.getByTestId('review-item').waitFor();
    expect(await reviewer.page.getByTestId('review-reason').getAttribute('data-reason')).toBe('inconsistent');
    expect(await reviewer.page.getByTestId('review-consistency').innerText()).toContain('"vehicle"');
    await shot(reviewer.page, 'consistency-02-review', true);

    // The report: 0 of 1 consistent, below the 90 % target, with the task listed.
    await page.goto(`${url}/projects/${projectId}/quality/report`);
    const rate = page.getByTestId('report-cross-modal-rate');
    await rate.waitFor();
    expect(await rate.getAttribute('data-rate')).toBe('0');
    expect(await rate.getAttribute('data-meets')).toBe('false');
    expect(await page.getByTestId('report-inconsistent').count()).toBe(1);
    await page.getByTestId('report-cross-modal').scrollIntoViewIfNeeded();
    await shot(page, 'consistency-03-report', true);

    // The settings list the rule; adding a second and saving it sticks.
    await page.goto(`${url}/projects/${projectId}/settings`);
    await page.getByTestId('consistency-rules').waitFor();
    expect(await page.getByTestId('consistency-rule').count()).toBe(1);
    await page.getByTestId('consistency-add').click();
    await page.getByTestId('quality-save').click();
    await page.getByTestId('quality-saved').waitFor();
    await page.getByTestId('consistency-rules').scrollIntoViewIfNeeded();
    await shot(page, 'consistency-04-settings', true);
    const saved = await owner.call<{ qualityPolicy: { consistencyRules: unknown[] } }>('GET', `/projects/${projectId}`);
    expect(saved.body.qualityPolicy.consistencyRules).toHaveLength(2);
    expect(reviewer.errors).toEqual([]);
    expect(annotator.errors).toEqual([]);
  });
});
