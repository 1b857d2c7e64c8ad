/**
 * End to end, in a real browser against the real server: a licence order between two organisations
 * (docs/catalog.md, "Licences and orders"). The demo organisation (A) offers its published card under a
 * tier it adds on the card page; B's owner orders that tier with a purpose; A confirms and marks it paid
 * in its orders inbox (the owner's own grant takes effect at once); B sees the order fulfilled, opens the
 * receipt, and downloads the signed bundle with the entitlement the order created.
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
const PURPOSE = '训练信号灯配时模型';

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('licence orders between organisations end to end', () => {
  let orgA = '';
  let cardId = '';
  const app = useE2eApp('catalog-orders', async ({ url, request, owner }) => {
    orgA = owner.orgId;
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: '路口拥堵', labelConfig: textClassificationTemplate });
    expect(project.status).toBe(201);
    const jsonl = ['早高峰路口拥堵严重', '晚高峰车流平稳', '信号灯配时需要调整'].map((text) => JSON.stringify({ text })).join('\n') + '\n';
    const imported = await request.post(`${url}/api/v1/projects/${project.body.id}/import`, {
      headers: owner.headers,
      multipart: { file: { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl, 'utf8') } },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    const version = await owner.call<{ id: string }>('POST', `/projects/${project.body.id}/dataset-versions`, { name: '交通 v1' });
    expect(version.status).toBe(201);
    // Published to everyone by the owner: in effect at once (no two-person rule here).
    const card = await owner.call<{ card: { id: string; status: string } }>('POST', '/catalog/cards', {
      datasetVersionId: version.body.id,
      title: TITLE,
      industry: 'transport',
      modality: 'text',
      licence: 'commercial',
      visibility: 'everyone',
    });
    expect(card.status, JSON.stringify(card.body)).toBe(201);
    expect(card.body.card.status).toBe('published');
    cardId = card.body.card.id;
    // Organisation B, run by a person who belongs to B only.
    const orgB = await owner.call<{ id: string }>('POST', '/orgs', { name: '乙方数据公司' });
    expect(orgB.status).toBe(201);
    const buyer = await owner.call('POST', `/orgs/${orgB.body.id}/members`, { ...BUYER, role: 'owner', name: 'Buyer' });
    expect(buyer.status, JSON.stringify(buyer.body)).toBe(201);
  });

  it('A adds a tier, B orders it, A confirms and marks it paid, B gets the receipt and downloads', async () => {
    const { page: pageA, context: contextA, errors: errorsA } = await app().signedInPage();
    await pageA.getByTestId('org-switch').selectOption(orgA);
    await pageA.goto(`${app().url}/catalog/cards/${cardId}`);
    const editor = pageA.getByTestId('tier-editor');
    await editor.waitFor();
    await editor.getByTestId('tier-name').fill('科研版');
    await editor.getByTestId('tier-price-input').fill('9900.50');
    await editor.getByTestId('tier-days').fill('30');
    await editor.getByTestId('tier-limit').fill('2');
    await editor.getByTestId('tier-use').fill('仅限科研，不得转售');
    await editor.getByTestId('tier-save').click();
    await expect.poll(() => pageA.getByTestId('card-tiers').getByTestId('tier').count()).toBe(1);
    expect(await pageA.getByTestId('card-tiers').getByTestId('tier-price').innerText()).toContain('9,900.50');

    const { page: pageB, context: contextB, errors: errorsB } = await app().signedInPage(BUYER);
    await pageB.goto(`${app().url}/catalog/cards/${cardId}`);
    const form = pageB.getByTestId('order-form');
    await form.waitFor();
    expect(await form.getByTestId('tier').innerText()).toContain('科研版');
    await form.getByTestId('order-purpose').fill(PURPOSE);
    await form.getByTestId('order-submit').click();
    await pageB.getByTestId('order-sent').waitFor();

    await pageA.goto(`${app().url}/catalog/orders`);
    const incoming = pageA.getByTestId('seller-order').filter({ hasText: PURPOSE });
    await incoming.getByTestId('order-confirm').click();
    await expect.poll(() => incoming.getAttribute('data-status')).toBe('confirmed');
    await incoming.getByTestId('order-reference').fill('BANK-001');
    await incoming.getByTestId('order-pay').click();
    await expect.poll(() => incoming.getAttribute('data-status')).toBe('fulfilled');
    expect(await incoming.getByTestId('order-status').innerText()).toBe('已交付');
    await app().shot(pageA, 'catalog-orders-seller');

    await pageB.goto(`${app().url}/catalog/orders`);
    const mine = pageB.getByTestId('buyer-order').filter({ hasText: PURPOSE });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('fulfilled');
    await mine.getByTestId('order-receipt').click();
    expect(await mine.getByTestId('receipt-total').innerText()).toContain('9,900.50');
    const printable = await mine.getByTestId('receipt-print').getAttribute('href');
    const html = await pageB.request.get(`${app().url}${printable!}`);
    expect(html.status()).toBe(200);
    expect(await html.text()).toContain('9900.50 CNY');
    await app().shot(pageB, 'catalog-orders-receipt');

    await pageB.goto(`${app().url}/catalog/entitlements`);
    const held = pageB.getByTestId('entitlement-download').filter({ hasText: TITLE });
    await held.waitFor();
    expect(await held.innerText()).toContain('仅限科研，不得转售');
    const [download] = await Promise.all([pageB.waitForEvent('download'), held.getByTestId('entitlement-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'data/records.jsonl']));

    // A's report on the card: the revenue and B's download.
    await pageA.goto(`${app().url}/catalog/cards/${cardId}`);
    await expect.poll(() => pageA.getByTestId('report-totals').innerText()).toContain('9,900.50');
    await expect.poll(async () => {
      await pageA.reload();
      return pageA.getByTestId('report-downloads').innerText();
    }).toContain('1/2');
    expect(errorsA).toEqual([]);
    expect(errorsB).toEqual([]);
    await contextA.close();
    await contextB.close();
  });
});
