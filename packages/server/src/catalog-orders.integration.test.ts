import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntryDto,
  CatalogCardReportDto,
  CatalogCardChangeResultDto,
  CatalogChangeDto,
  CatalogOrderDto,
  CatalogOrderResultDto,
  DatasetVersionDto,
  DownloadTokenDto,
  EntitlementDto,
  ErrorBody,
  LicenceTierDto,
  OrgDto,
  ReceiptDto,
} from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, createChoiceProject, importTexts } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * Licence tiers and orders over real HTTP (docs/catalog.md, "Licences and orders"): A offers its card
 * under tiers, B orders one, A confirms, A's admin marks it paid (a manager may not), and fulfilment
 * creates B's entitlement on the tier's frozen terms. Every transition and every refusal (wrong side,
 * wrong role, wrong state, another organisation's order) is checked; refusals are in the audit log;
 * two payments racing fulfil once.
 */
describe.each(BACKENDS)('catalog licences and orders on $name', (backend) => {
  let t: TestServer;
  let ownerA: ApiClient;
  let managerA: ApiClient;
  let adminA: ApiClient;
  let userB: ApiClient;
  let viewerB: ApiClient;
  let userC: ApiClient;
  let orgA = '';
  let orgB = '';
  let version: DatasetVersionDto;
  let cardId = '';
  let tier: LicenceTierDto;
  let hiddenTier: LicenceTierDto;

  const auditOf = async (client: ApiClient, action: string) => client.expect<AuditEntryDto[]>(200, 'GET', `/api/v1/audit?action=${action}&limit=1000`);
  const newOrg = async (name: string, email: string): Promise<{ id: string; client: ApiClient }> => {
    const org = await ownerA.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name });
    const client = await addMember({ url: t.url, owner: ownerA }, email, 'owner', { orgId: org.id });
    await t.database.system((tx) => tx.deleteFrom('memberships').where('org_id', '=', org.id).where('user_id', '=', ownerA.me!.user.id).execute());
    return { id: org.id, client };
  };
  const order = (purpose = '训练路口拥堵模型') => userB.expect<CatalogOrderDto>(201, 'POST', `/api/v1/catalog/cards/${cardId}/orders`, { tierId: tier.id, purpose });
  const act = (client: ApiClient, id: string, action: string, body: unknown = {}) => client.request<CatalogOrderResultDto & ErrorBody>('POST', `/api/v1/catalog/orders/${id}/${action}`, body);
  const refusal = async (client: ApiClient, id: string, action: string, status: number, message?: string, body: unknown = {}) => {
    const res = await act(client, id, action, body);
    expect(res.status, `${action} → ${JSON.stringify(res.body)}`).toBe(status);
    if (message) expect(res.body.error.message).toContain(message);
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    ownerA = t.owner;
    orgA = ownerA.orgId!;
    managerA = await addMember(t, 'manager@a.example.com', 'manager');
    adminA = await addMember(t, 'admin@a.example.com', 'admin');
    ({ id: orgB, client: userB } = await newOrg('乙方数据公司', 'boss@b.example.com'));
    viewerB = await addMember({ url: t.url, owner: userB }, 'viewer@b.example.com', 'viewer', { orgId: orgB });
    ({ client: userC } = await newOrg('丙方', 'boss@c.example.com'));
    const project = await createChoiceProject(ownerA, { name: '城市交通' });
    await importTexts(ownerA, project.id, 6, '路口拥堵');
    version = await ownerA.expect<DatasetVersionDto>(201, 'POST', `/api/v1/projects/${project.id}/dataset-versions`, { name: '交通 v1' });
    const made = await ownerA.expect<CatalogCardChangeResultDto>(201, 'POST', '/api/v1/catalog/cards', {
      datasetVersionId: version.id,
      title: '城市交通路口数据集',
      industry: 'transport',
      modality: 'text',
      licence: 'commercial',
      visibility: 'orgs',
      sharedOrgIds: [orgB],
    });
    expect(made.change?.status).toBe('approved');
    cardId = made.card.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the seller offers tiers; buyers see the active ones; others see nothing', async () => {
    tier = await managerA.expect<LicenceTierDto>(201, 'POST', `/api/v1/catalog/cards/${cardId}/tiers`, {
      name: '科研版',
      description: '高校与研究机构',
      priceMinor: 990_050,
      durationDays: 30,
      downloadLimit: 2,
      permittedUse: '仅限科研，不得转售',
    });
    expect(tier).toMatchObject({ currency: 'CNY', active: true, priceMinor: 990_050, durationDays: 30, downloadLimit: 2 });
    hiddenTier = await managerA.expect<LicenceTierDto>(201, 'POST', `/api/v1/catalog/cards/${cardId}/tiers`, { name: 'Enterprise', priceMinor: 5_000_000, currency: 'USD', permittedUse: 'any internal use', active: false, position: 1 });
    expect((await managerA.expect<LicenceTierDto[]>(200, 'GET', `/api/v1/catalog/cards/${cardId}/tiers`)).map((x) => x.name)).toEqual(['科研版', 'Enterprise']);
    expect((await userB.expect<LicenceTierDto[]>(200, 'GET', `/api/v1/catalog/cards/${cardId}/tiers`)).map((x) => x.name)).toEqual(['科研版']);
    // Not an integer of minor units: a validation error with its path.
    const fractional = await managerA.request<ErrorBody>('POST', `/api/v1/catalog/cards/${cardId}/tiers`, { name: 'x', priceMinor: 1.5, permittedUse: 'x' });
    expect(fractional.status).toBe(400);
    expect(JSON.stringify(fractional.body)).toContain('priceMinor');
    // C cannot see the card: 404 for its tiers and for A's tier; B sees it but may not change it: 403.
    expect((await userC.request('GET', `/api/v1/catalog/cards/${cardId}/tiers`)).status).toBe(404);
    expect((await userC.request('PATCH', `/api/v1/catalog/tiers/${tier.id}`, { priceMinor: 1 })).status).toBe(404);
    expect((await userB.request('PATCH', `/api/v1/catalog/tiers/${tier.id}`, { priceMinor: 1 })).status).toBe(403);
    expect((await userB.request('POST', `/api/v1/catalog/cards/${cardId}/tiers`, { name: 'x', priceMinor: 1, permittedUse: 'x' })).status).toBe(403);
    expect((await (await addMember(t, 'viewer@a.example.com', 'viewer')).request('POST', `/api/v1/catalog/cards/${cardId}/tiers`, { name: 'x', priceMinor: 1, permittedUse: 'x' })).status).toBe(403);
  });

  it('a buyer orders an active tier; the terms are frozen; the database refuses an invented price', async () => {
    const placed = await order();
    expect(placed).toMatchObject({ status: 'requested', side: 'buyer', sellerOrgId: orgA, buyerOrgName: '乙方数据公司', cardTitle: '城市交通路口数据集', confirmed: null, receiptNumber: null });
    expect(placed.terms).toEqual({ tierId: tier.id, name: '科研版', priceMinor: 990_050, currency: 'CNY', durationDays: 30, downloadLimit: 2, permittedUse: '仅限科研，不得转售' });
    expect(placed.requested.byEmail).toBe('boss@b.example.com');
    // The seller's inbox and the buyer's list; C sees neither.
    expect((await managerA.expect<CatalogOrderDto[]>(200, 'GET', '/api/v1/catalog/orders?side=seller&status=requested')).map((o) => [o.id, o.side])).toEqual([[placed.id, 'seller']]);
    expect((await userB.expect<CatalogOrderDto[]>(200, 'GET', '/api/v1/catalog/orders')).map((o) => o.id)).toEqual([placed.id]);
    expect(await userC.expect<CatalogOrderDto[]>(200, 'GET', '/api/v1/catalog/orders?side=seller')).toEqual([]);
    expect((await userC.request('GET', `/api/v1/catalog/orders/${placed.id}`)).status).toBe(404);

    expect((await userB.request('POST', `/api/v1/catalog/cards/${cardId}/orders`, { tierId: hiddenTier.id, purpose: 'x' })).status).toBe(409);
    expect((await userC.request('POST', `/api/v1/catalog/cards/${cardId}/orders`, { tierId: tier.id, purpose: 'x' })).status).toBe(404);
    expect((await ownerA.request('POST', `/api/v1/catalog/cards/${cardId}/orders`, { tierId: tier.id, purpose: 'x' })).status).toBe(400);
    expect((await viewerB.request('POST', `/api/v1/catalog/cards/${cardId}/orders`, { tierId: tier.id, purpose: 'x' })).status).toBe(403);
    expect((await userB.request('POST', `/api/v1/catalog/cards/${cardId}/orders`, { tierId: '00000000-0000-4000-8000-000000000000', purpose: 'x' })).status).toBe(404);

    // Below the API: B's own transaction may not insert an order at a price the tier does not ask.
    const cheat = t.database.tenant({ orgId: orgB }, (tx) =>
      tx
        .insertInto('catalog_orders')
        .values({ id: crypto.randomUUID(), org_id: orgA, consumer_org_id: orgB, card_id: cardId, tier_id: tier.id, tier_name: tier.name, price_minor: 1, currency: 'CNY', duration_days: 30, download_limit: 2, permitted_use: tier.permittedUse, purpose: 'x', requested_by: userB.me!.user.id })
        .execute(),
    );
    await expect(cheat).rejects.toThrow(/row-level security/);
    // … nor change the frozen terms or mark its order paid.
    await expect(t.database.tenant({ orgId: orgB }, (tx) => tx.updateTable('catalog_orders').set({ price_minor: 1 }).where('id', '=', placed.id).execute())).rejects.toThrow(/permission denied/);
    const selfPaid = await t.database.tenant({ orgId: orgB }, (tx) => tx.updateTable('catalog_orders').set({ status: 'paid' }).where('id', '=', placed.id).execute()).catch((e: Error) => e);
    expect(String(selfPaid)).toMatch(/row-level security/);

    // A later price change does not touch the order.
    await managerA.expect(200, 'PATCH', `/api/v1/catalog/tiers/${tier.id}`, { priceMinor: 1_200_000 });
    expect((await userB.expect<CatalogOrderDto>(200, 'GET', `/api/v1/catalog/orders/${placed.id}`)).terms.priceMinor).toBe(990_050);
    await managerA.expect(200, 'PATCH', `/api/v1/catalog/tiers/${tier.id}`, { priceMinor: 990_050 });
  });

  it('requested → confirmed → paid → fulfilled, refusing the wrong side, role and state at each step', async () => {
    const [placed] = await userB.expect<CatalogOrderDto[]>(200, 'GET', '/api/v1/catalog/orders?status=requested');
    const id = placed!.id;
    await refusal(userB, id, 'confirm', 403, 'only the seller');
    await refusal(userC, id, 'confirm', 404);
    await refusal(adminA, id, 'pay', 409, 'the order is requested');
    await refusal(ownerA, id, 'fulfil', 409, 'the order is requested');
    const receiptEarly = await userB.request<ErrorBody>('GET', `/api/v1/catalog/orders/${id}/receipt`);
    expect(receiptEarly.status).toBe(409);

    const confirmed = await act(managerA, id, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.order).toMatchObject({ status: 'confirmed', side: 'seller' });
    expect(confirmed.body.order.confirmed!.byEmail).toBe('manager@a.example.com');
    await refusal(managerA, id, 'confirm', 409, 'the order is confirmed');
    await refusal(managerA, id, 'pay', 403, 'owner or admin');
    await refusal(userB, id, 'pay', 403, 'only the seller');
    await refusal(userC, id, 'pay', 404);

    const paid = await act(adminA, id, 'pay', { paymentReference: 'BANK-20261130-001' });
    expect(paid.status).toBe(200);
    expect(paid.body.change).toMatchObject({ kind: 'grant', status: 'approved', decidedByEmail: 'admin@a.example.com' });
    const o = paid.body.order;
    expect(o).toMatchObject({ status: 'fulfilled', paymentReference: 'BANK-20261130-001' });
    expect(o.paid!.byEmail).toBe('admin@a.example.com');
    expect(o.fulfilled!.byEmail).toBe('admin@a.example.com');
    expect(o.receiptNumber).toMatch(/^\d{4}-000001$/);
    expect(o.entitlementId).not.toBeNull();
    for (const action of ['confirm', 'pay', 'cancel', 'fulfil']) await refusal(ownerA, id, action, 409, 'the order is fulfilled', { reason: 'x' });
    await refusal(ownerA, id, 'refuse', 409, 'the order is fulfilled', { reason: 'x' });
    await refusal(userB, id, 'cancel', 409, 'the order is fulfilled');

    // B holds the entitlement on the tier's terms and downloads with it.
    const [held] = await userB.expect<EntitlementDto[]>(200, 'GET', '/api/v1/catalog/entitlements');
    expect(held).toMatchObject({ id: o.entitlementId, conditions: '仅限科研，不得转售', downloadLimit: 2, active: true, cardId });
    const days = (Date.parse(held!.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const token = await userB.expect<DownloadTokenDto>(201, 'POST', `/api/v1/catalog/entitlements/${held!.id}/tokens`);
    expect((await userB.request('GET', token.url)).status).toBe(200);

    // The receipt, on both sides, as JSON, HTML and CSV; C gets 404.
    const receipt = await userB.expect<ReceiptDto>(200, 'GET', `/api/v1/catalog/orders/${id}/receipt`);
    expect(receipt).toMatchObject({ receiptNumber: o.receiptNumber, totalMinor: 990_050, total: '9900.50 CNY', currency: 'CNY', markedPaidBy: 'admin@a.example.com', seller: { id: orgA, name: 'Org A' }, buyer: { id: orgB, name: '乙方数据公司' } });
    expect(receipt.lines).toEqual([{ description: '城市交通路口数据集 — 科研版', quantity: 1, unitPriceMinor: 990_050, amountMinor: 990_050 }]);
    expect(await ownerA.expect<ReceiptDto>(200, 'GET', `/api/v1/catalog/orders/${id}/receipt`)).toEqual(receipt);
    const html = await fetch(`${t.url}/api/v1/catalog/orders/${id}/receipt?format=html&org=${orgB}`, { headers: { cookie: userB.cookie! } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain(o.receiptNumber!);
    expect(page).toContain('9900.50 CNY');
    const csv = await fetch(`${t.url}/api/v1/catalog/orders/${id}/receipt?format=csv&org=${orgB}`, { headers: { cookie: userB.cookie! } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[1]).toContain(',990050,990050,CNY,BANK-20261130-001');
    expect((await userC.request('GET', `/api/v1/catalog/orders/${id}/receipt`)).status).toBe(404);

    // Audited on both sides, logged on both sides.
    expect((await auditOf(userB, 'catalog.order.place')).map((r) => r.objectId)).toContain(id);
    for (const action of ['confirm', 'pay', 'fulfil']) expect((await auditOf(ownerA, `catalog.order.${action}`)).map((r) => r.objectId)).toContain(id);
    await t.server.services.log.sequencer.flush();
    const logged = await t.database.system((tx) => tx.selectFrom('log_entries').select(['org_id', 'event']).where('kind', '=', 'catalog.order').orderBy('id').execute());
    const events = logged.filter((e) => e.event.includes(id)).map((e) => ({ org_id: e.org_id, action: /"action":"(\w+)"/.exec(e.event)?.[1] }));
    expect(events).toEqual([
      { org_id: orgB, action: 'place' },
      { org_id: orgA, action: 'confirm' },
      { org_id: orgA, action: 'pay' },
      { org_id: orgA, action: 'fulfil' },
    ]);
  });

  it('the seller refuses with a reason; either side cancels before payment; refusals are audited', async () => {
    const refused = await order('refuse me');
    await refusal(userB, refused.id, 'refuse', 403, 'only the seller', { reason: 'x' });
    const r = await act(managerA, refused.id, 'refuse', { reason: '用途不符' });
    expect(r.body.order).toMatchObject({ status: 'refused', refusalReason: '用途不符' });
    await refusal(userB, refused.id, 'cancel', 409, 'the order is refused');
    await refusal(managerA, refused.id, 'confirm', 409, 'the order is refused');

    const byBuyer = await order('cancel me');
    await refusal(viewerB, byBuyer.id, 'cancel', 403);
    const c1 = await act(userB, byBuyer.id, 'cancel', { reason: '预算取消' });
    expect(c1.body.order).toMatchObject({ status: 'cancelled', cancelReason: '预算取消', side: 'buyer' });
    expect(c1.body.order.cancelled!.byEmail).toBe('boss@b.example.com');

    const bySeller = await order('cancel me too');
    expect((await act(managerA, bySeller.id, 'confirm')).status).toBe(200);
    const c2 = await act(managerA, bySeller.id, 'cancel');
    expect(c2.body.order).toMatchObject({ status: 'cancelled', cancelReason: null });
    await refusal(adminA, bySeller.id, 'pay', 409, 'the order is cancelled');

    const refusals = await auditOf(userB, 'catalog.refused');
    expect(refusals.some((x) => x.objectId === refused.id && (x.details as { reason: string }).reason.includes('only the seller'))).toBe(true);
    expect((await auditOf(userC, 'catalog.refused')).length).toBeGreaterThan(0);
    expect((await auditOf(managerA, 'catalog.refused')).some((x) => (x.details as { reason: string }).reason.includes('owner or admin'))).toBe(true);
  });

  it('two payments racing fulfil once, with one receipt number; two confirmations move it once', async () => {
    const raced = await order('race');
    const confirms = await Promise.all([act(managerA, raced.id, 'confirm'), act(ownerA, raced.id, 'confirm')]);
    expect(confirms.map((x) => x.status).sort()).toEqual([200, 409]);
    const pays = await Promise.all([act(adminA, raced.id, 'pay'), act(ownerA, raced.id, 'pay')]);
    expect(pays.map((x) => x.status).sort()).toEqual([200, 409]);
    const entitlements = await t.database.system((tx) => tx.selectFrom('catalog_orders').select(['entitlement_id', 'receipt_number']).where('id', '=', raced.id).execute());
    const grants = await t.database.system((tx) => tx.selectFrom('catalog_entitlements').select('id').where('consumer_org_id', '=', orgB).execute());
    expect(grants).toHaveLength(2);
    expect(entitlements[0]!.receipt_number).toMatch(/-000002$/);
    const numbers = await t.database.system((tx) => tx.selectFrom('catalog_orders').select('receipt_number').where('org_id', '=', orgA).where('receipt_number', 'is not', null).execute());
    expect(new Set(numbers.map((n) => n.receipt_number)).size).toBe(numbers.length);
  });

  it('under the two-person rule the grant waits for a second admin; a rejected grant can be proposed again', async () => {
    await ownerA.expect(200, 'PUT', '/api/v1/catalog/settings', { twoPersonRule: true });
    try {
      const held = await order('two people');
      await act(managerA, held.id, 'confirm');
      const paid = await act(ownerA, held.id, 'pay');
      expect(paid.status).toBe(200);
      expect(paid.body.order).toMatchObject({ status: 'paid', entitlementId: null });
      expect(paid.body.change).toMatchObject({ kind: 'grant', status: 'pending', requestedByEmail: 'owner@example.com', requestId: null });
      expect(paid.body.change!.payload).toMatchObject({ orderId: held.id, consumerOrgId: orgB, downloadLimit: 2 });
      await refusal(ownerA, held.id, 'fulfil', 409, 'waits for');
      expect((await ownerA.request('POST', `/api/v1/catalog/changes/${paid.body.change!.id}/approve`)).status).toBe(403);
      // The receipt exists once paid, before fulfilment.
      expect((await userB.expect<ReceiptDto>(200, 'GET', `/api/v1/catalog/orders/${held.id}/receipt`)).status).toBe('paid');
      // Rejected: the order stays paid; a manager proposes the grant again; another admin approves it.
      await adminA.expect<CatalogChangeDto>(200, 'POST', `/api/v1/catalog/changes/${paid.body.change!.id}/reject`, { reason: '先核对到账' });
      expect((await userB.expect<CatalogOrderDto>(200, 'GET', `/api/v1/catalog/orders/${held.id}`)).status).toBe('paid');
      await refusal(userB, held.id, 'fulfil', 403, 'only the seller');
      const again = await act(managerA, held.id, 'fulfil');
      expect(again.body.change).toMatchObject({ status: 'pending', requestedByEmail: 'manager@a.example.com' });
      const approved = await adminA.expect<CatalogChangeDto>(200, 'POST', `/api/v1/catalog/changes/${again.body.change!.id}/approve`);
      expect(approved.status).toBe('approved');
      const done = await userB.expect<CatalogOrderDto>(200, 'GET', `/api/v1/catalog/orders/${held.id}`);
      expect(done).toMatchObject({ status: 'fulfilled' });
      expect(done.fulfilled!.byEmail).toBe('admin@a.example.com');
      expect(done.entitlementId).not.toBeNull();
      await refusal(adminA, held.id, 'fulfil', 409, 'the order is fulfilled');
    } finally {
      await ownerA.expect(200, 'PUT', '/api/v1/catalog/settings', { twoPersonRule: false });
    }
  });

  it("the seller's report: revenue by tier and month, orders by status, downloads per entitlement", async () => {
    const report = await managerA.expect<CatalogCardReportDto>(200, 'GET', `/api/v1/catalog/cards/${cardId}/report`);
    const month = new Date().toISOString().slice(0, 7);
    expect(report.revenue).toEqual([{ tierId: tier.id, tierName: '科研版', month, currency: 'CNY', orders: 3, revenueMinor: 3 * 990_050 }]);
    expect(report.totals).toEqual([{ currency: 'CNY', orders: 3, revenueMinor: 2_970_150 }]);
    expect(Object.fromEntries(report.ordersByStatus.map((s) => [s.status, s.count]))).toEqual({ fulfilled: 3, refused: 1, cancelled: 2 });
    expect(report.downloads).toHaveLength(3);
    expect(report.downloads.every((d) => d.buyerOrgName === '乙方数据公司' && d.orderId !== null)).toBe(true);
    expect(report.downloads.map((d) => d.downloads).sort()).toEqual([0, 0, 1]);
    expect((await userB.request('GET', `/api/v1/catalog/cards/${cardId}/report`)).status).toBe(403);
    expect((await userC.request('GET', `/api/v1/catalog/cards/${cardId}/report`)).status).toBe(404);
  });
});
