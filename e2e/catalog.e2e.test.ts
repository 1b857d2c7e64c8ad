/**
 * End to end, in a real browser against the real server: data exchange between two organisations
 * (docs/catalog.md). The demo organisation (A) publishes a dataset version from its Datasets tab to
 * every organisation; B's owner finds it by a Chinese search in the catalog, opens the card and asks
 * for access with a purpose; A approves in its requests inbox; B downloads the signed bundle from its
 * entitlements with a short-lived token.
 *
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { textClassificationTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser } from './e2e-support.js';

const BUYER = { email: 'buyer@b.example.com', password: 'buyer-password-1' };
const TITLE = '城市交通路口文本数据集';

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('data exchange between organisations end to end', () => {
  let projectId = '';
  let orgA = '';
  const app = useE2eApp('catalog', async ({ url, request, owner }) => {
    orgA = owner.orgId;
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: '路口拥堵', labelConfig: textClassificationTemplate });
    expect(project.status).toBe(201);
    projectId = project.body.id;
    const jsonl = ['早高峰路口拥堵严重', '晚高峰车流平稳', '信号灯配时需要调整'].map((text) => JSON.stringify({ text })).join('\n') + '\n';
    const imported = await request.post(`${url}/api/v1/projects/${projectId}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    expect((await owner.call('POST', `/projects/${projectId}/dataset-versions`, { name: '交通 v1' })).status).toBe(201);
    // Organisation B, run by a person who belongs to B only.
    const orgB = await owner.call<{ id: string }>('POST', '/orgs', { name: '乙方数据公司' });
    expect(orgB.status).toBe(201);
    const buyer = await owner.call('POST', `/orgs/${orgB.body.id}/members`, { ...BUYER, role: 'owner', name: 'Buyer' });
    expect(buyer.status, JSON.stringify(buyer.body)).toBe(201);
  });

  it('A publishes, B finds and requests, A approves, B downloads the signed bundle', async () => {
    const { page: pageA, context: contextA, errors: errorsA } = await app().signedInPage();
    // The demo owner founded B too: act as A.
    await pageA.getByTestId('org-switch').selectOption(orgA);
    await pageA.goto(`${app().url}/projects/${projectId}/datasets`);
    const form = pageA.getByTestId('publish-form');
    await form.waitFor();
    await form.getByTestId('publish-title').fill(TITLE);
    await form.getByTestId('publish-description').fill('# 路口\n\n早晚高峰的**路口**描述。');
    await form.getByTestId('publish-industry').selectOption('transport');
    await form.getByTestId('publish-visibility').selectOption('everyone');
    await form.getByTestId('publish-submit').click();
    // The owner's own widening counts as approved when made (no two-person rule here).
    await expect.poll(() => form.getByTestId('publish-result').innerText()).toContain('已生效');

    const { page: pageB, context: contextB, errors: errorsB } = await app().signedInPage(BUYER);
    await pageB.goto(`${app().url}/catalog`);
    await pageB.getByTestId('catalog-q').fill('交通路口');
    await pageB.getByTestId('catalog-search-button').click();
    await pageB.getByTestId('catalog-card').filter({ hasText: TITLE }).getByRole('link').click();
    await pageB.getByTestId('catalog-card-page').waitFor();
    expect(await pageB.getByTestId('card-title').innerText()).toBe(TITLE);
    // The markdown is rendered: the bold word is a <strong>.
    expect(await pageB.getByTestId('card-description').locator('strong').innerText()).toBe('路口');
    expect(await pageB.getByTestId('card-sample').innerText()).toContain('路口拥堵');
    await pageB.getByTestId('request-purpose').fill('训练信号灯配时模型');
    await pageB.getByTestId('request-submit').click();
    await pageB.getByTestId('request-sent').waitFor();

    await pageA.goto(`${app().url}/catalog/requests`);
    const incoming = pageA.getByTestId('incoming-request').filter({ hasText: '训练信号灯配时模型' });
    await incoming.getByTestId('approve-limit').fill('2');
    await incoming.getByTestId('approve-request').click();
    await expect.poll(() => incoming.innerText()).toContain('已批准');
    await app().shot(pageA, 'catalog-requests');

    await pageB.goto(`${app().url}/catalog/entitlements`);
    const held = pageB.getByTestId('entitlement-download').filter({ hasText: TITLE });
    await held.waitFor();
    const [download] = await Promise.all([pageB.waitForEvent('download'), held.getByTestId('entitlement-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const path = await download.path();
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'data/records.jsonl']));
    await expect.poll(async () => {
      await pageB.reload();
      return pageB.getByTestId('entitlement-download').filter({ hasText: TITLE }).innerText();
    }).toContain('1/2');
    await app().shot(pageB, 'catalog-entitlements');
    expect(errorsA).toEqual([]);
    expect(errorsB).toEqual([]);
    await contextA.close();
    await contextB.close();
  });
});
