import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  verifyBundle,
  type AccessRequestDto,
  type AccessRequestResultDto,
  type AuditEntryDto,
  type CatalogCardChangeResultDto,
  type CatalogCardDetailDto,
  type CatalogChangeDto,
  type CatalogSearchResultDto,
  type DatasetVersionDto,
  type DownloadTokenDto,
  type EntitlementDto,
  type ErrorBody,
  type LogKeysDto,
  type OrgDto,
  type ProjectDto,
} from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, createChoiceProject, importTexts } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * Data exchange between organisations over real HTTP (docs/catalog.md): A publishes a dataset card,
 * B finds it (Chinese search, facets), asks for access, A approves (the grant waiting for an admin),
 * B downloads with short-lived tokens; every refusal (no entitlement, spent, expired or revoked, a
 * card B may not see) answers 403/404 and is in the audit log. C, shown nothing, sees nothing.
 */
describe.each(BACKENDS)('catalog and data exchange on $name', (backend) => {
  let t: TestServer;
  let ownerA: ApiClient;
  let managerA: ApiClient;
  let adminA: ApiClient;
  let userB: ApiClient;
  let userC: ApiClient;
  let orgA = '';
  let orgB = '';
  let orgC = '';
  let version: DatasetVersionDto;
  let version2: DatasetVersionDto;
  let cardId = '';

  const auditOf = async (client: ApiClient, action: string) => client.expect<AuditEntryDto[]>(200, 'GET', `/api/v1/audit?action=${action}&limit=1000`);
  const search = (client: ApiClient, query = '') => client.expect<CatalogSearchResultDto>(200, 'GET', `/api/v1/catalog/cards${query}`);
  const newOrg = async (name: string, email: string): Promise<{ id: string; client: ApiClient }> => {
    const org = await ownerA.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name });
    const client = await addMember({ url: t.url, owner: ownerA }, email, 'owner', { orgId: org.id });
    // A's owner founded the organisation; leaving it in would let A's owner act there. Remove that membership below the API.
    await t.database.system((tx) => tx.deleteFrom('memberships').where('org_id', '=', org.id).where('user_id', '=', ownerA.me!.user.id).execute());
    return { id: org.id, client };
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    ownerA = t.owner;
    orgA = ownerA.orgId!;
    managerA = await addMember(t, 'manager@a.example.com', 'manager');
    adminA = await addMember(t, 'admin@a.example.com', 'admin');
    ({ id: orgB, client: userB } = await newOrg('乙方数据公司', 'boss@b.example.com'));
    ({ id: orgC, client: userC } = await newOrg('丙方', 'boss@c.example.com'));
    const project = await createChoiceProject(ownerA, { name: '城市交通' });
    await importTexts(ownerA, project.id, 12, '路口拥堵');
    version = await ownerA.expect<DatasetVersionDto>(201, 'POST', `/api/v1/projects/${project.id}/dataset-versions`, { name: '交通 v1' });
    const project2: ProjectDto = await createChoiceProject(ownerA, { name: '门诊' });
    await importTexts(ownerA, project2.id, 5, '病历');
    version2 = await ownerA.expect<DatasetVersionDto>(201, 'POST', `/api/v1/projects/${project2.id}/dataset-versions`, { name: '医疗 v1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a manager's card for chosen organisations waits for an admin; until then B sees nothing and its look is audited", async () => {
    const made = await managerA.expect<CatalogCardChangeResultDto>(201, 'POST', '/api/v1/catalog/cards', {
      datasetVersionId: version.id,
      title: '城市交通路口数据集',
      description: '# 路口拥堵\n\n早晚高峰的**路口**文本。<script>alert(1)</script>',
      industry: 'transport',
      modality: 'text',
      licence: 'cc-by-4.0',
      priceCents: 990000,
      visibility: 'orgs',
      sharedOrgIds: [orgB],
    });
    cardId = made.card.id;
    expect(made.card).toMatchObject({ status: 'draft', visibility: 'private', itemCount: 12, version: 1, mine: true, orgName: 'Org A' });
    expect(made.card.provenance.itemsRoot).toBe(version.itemsRoot);
    expect(made.card.provenance.logIndex).not.toBeNull();
    expect(made.card.sample).toHaveLength(3);
    expect(made.card.sample[0]).toContain('路口拥堵');
    expect(made.card.labelSchema).toEqual([{ name: 'sentiment', type: 'choices', labels: ['positive', 'negative', 'neutral'] }]);
    expect(made.change).toMatchObject({ kind: 'audience', status: 'pending', requestedByEmail: 'manager@a.example.com' });
    expect(made.change!.payload).toEqual({ published: true, visibility: 'orgs', sharedOrgIds: [orgB] });

    expect((await search(userB)).total).toBe(0);
    const hidden = await userB.request<ErrorBody>('GET', `/api/v1/catalog/cards/${cardId}`);
    expect(hidden.status).toBe(404);
    const refusals = await auditOf(userB, 'catalog.refused');
    expect(refusals.map((r) => r.objectId)).toContain(cardId);
    // The manager may not approve; a second card for the same version is a conflict.
    const managerApproves = await managerA.request<ErrorBody>('POST', `/api/v1/catalog/changes/${made.change!.id}/approve`);
    expect(managerApproves.status).toBe(403);
    const twice = await managerA.request<ErrorBody>('POST', '/api/v1/catalog/cards', { datasetVersionId: version.id, title: 'x', industry: 'other', modality: 'text', licence: 'custom', visibility: 'private' });
    expect(twice.status).toBe(409);
    const bad = await managerA.request<ErrorBody>('POST', '/api/v1/catalog/cards', { datasetVersionId: version2.id, title: 'x', industry: 'other', modality: 'text', licence: 'custom', visibility: 'orgs' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('sharedOrgIds');

    const pending = await ownerA.expect<CatalogChangeDto[]>(200, 'GET', '/api/v1/catalog/changes?status=pending');
    expect(pending.map((c) => c.id)).toEqual([made.change!.id]);
    const approved = await ownerA.expect<CatalogChangeDto>(200, 'POST', `/api/v1/catalog/changes/${made.change!.id}/approve`);
    expect(approved).toMatchObject({ status: 'approved', decidedByEmail: 'owner@example.com' });
    expect(approved.decidedAt).not.toBeNull();
    const again = await adminA.request<ErrorBody>('POST', `/api/v1/catalog/changes/${made.change!.id}/approve`);
    expect(again.status).toBe(409);
  });

  it('B finds the card in Chinese and English with facets; C, not chosen, gets 404 (audited)', async () => {
    const found = await search(userB, `?q=${encodeURIComponent('交通路口')}`);
    expect(found.items.map((c) => c.id)).toEqual([cardId]);
    expect(found.items[0]).toMatchObject({ mine: false, status: 'published', visibility: 'orgs', industry: 'transport' });
    expect(found.facets.industry).toEqual([{ value: 'transport', label: 'transport', count: 1 }]);
    expect(found.facets.org).toEqual([{ value: orgA, label: 'Org A', count: 1 }]);
    expect((await search(userB, `?q=${encodeURIComponent('医疗')}`)).total).toBe(0);
    expect((await search(userB, `?q=${encodeURIComponent('交医')}`)).total).toBe(0);
    expect((await search(userB, '?q=POSIT')).total).toBe(1);
    expect((await search(userB, '?industry=healthcare')).total).toBe(0);
    expect((await search(userB, '?industry=transport&modality=text&licence=cc-by-4.0')).total).toBe(1);
    expect((await search(userB, `?org=${orgA}&q=${encodeURIComponent('路口')}`)).total).toBe(1);
    // The index lookup behind search returns only cards the calling organisation may see.
    const idsFor = (orgId: string) => t.database.tenant({ orgId }, (tx) => sql<{ id: string }>`SELECT catalog_search_ids(${"'交通'"}::tsquery) AS id`.execute(tx));
    expect((await idsFor(orgB)).rows.map((r) => r.id)).toEqual([cardId]);
    expect((await idsFor(orgC)).rows).toEqual([]);
    expect((await search(userB, '?q=%2C%2C')).total).toBe(0);
    const detail = await userB.expect<CatalogCardDetailDto>(200, 'GET', `/api/v1/catalog/cards/${cardId}`);
    expect(detail.card.description).toContain('**路口**');
    expect(detail.versions.map((v) => v.id)).toEqual([cardId]);

    expect((await search(userC)).total).toBe(0);
    expect((await userC.request('GET', `/api/v1/catalog/cards/${cardId}`)).status).toBe(404);
    const cAsks = await userC.request<ErrorBody>('POST', `/api/v1/catalog/cards/${cardId}/requests`, { purpose: '试试' });
    expect(cAsks.status).toBe(404);
    expect((await auditOf(userC, 'catalog.refused')).filter((r) => r.objectId === cardId)).toHaveLength(2);
    // Even below the API: C's tenant transaction cannot plant a request for a card it cannot see.
    await expect(
      t.database.tenant({ orgId: orgC }, (tx) =>
        sql`INSERT INTO catalog_requests (id, org_id, consumer_org_id, card_id, purpose, requested_by) VALUES (gen_random_uuid(), ${orgA}, ${orgC}, ${cardId}, 'x', ${userC.me!.user.id})`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('B asks, A approves with terms, the grant waits for an admin, and B downloads a signed bundle naming it as recipient', async () => {
    const asked = await userB.expect<AccessRequestDto>(201, 'POST', `/api/v1/catalog/cards/${cardId}/requests`, { purpose: '训练信号灯配时模型' });
    expect(asked).toMatchObject({ status: 'pending', ownerOrgId: orgA, consumerOrgId: orgB, cardTitle: '城市交通路口数据集' });
    const inbox = await managerA.expect<AccessRequestDto[]>(200, 'GET', '/api/v1/catalog/requests?direction=incoming');
    expect(inbox.map((r) => [r.id, r.purpose, r.consumerOrgName])).toEqual([[asked.id, '训练信号灯配时模型', '乙方数据公司']]);
    // B cannot approve its own request (it is not the owner).
    expect((await userB.request('POST', `/api/v1/catalog/requests/${asked.id}/approve`, {})).status).toBe(404);
    const past = await managerA.request<ErrorBody>('POST', `/api/v1/catalog/requests/${asked.id}/approve`, { expiresAt: '2001-01-01T00:00:00Z' });
    expect(past.status).toBe(400);

    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const approved = await managerA.expect<AccessRequestResultDto>(200, 'POST', `/api/v1/catalog/requests/${asked.id}/approve`, { conditions: '仅限内部研究', expiresAt, downloadLimit: 3 });
    expect(approved.request.status).toBe('awaiting_approval');
    expect(approved.change).toMatchObject({ kind: 'grant', status: 'pending' });
    expect(await userB.expect<EntitlementDto[]>(200, 'GET', '/api/v1/catalog/entitlements')).toEqual([]);

    await adminA.expect(200, 'POST', `/api/v1/catalog/changes/${approved.change!.id}/approve`);
    const mine = await userB.expect<AccessRequestDto[]>(200, 'GET', '/api/v1/catalog/requests');
    expect(mine[0]).toMatchObject({ status: 'approved', conditions: '仅限内部研究', downloadLimit: 3 });
    const [entitlement] = await userB.expect<EntitlementDto[]>(200, 'GET', '/api/v1/catalog/entitlements');
    expect(entitlement).toMatchObject({ active: true, downloadsUsed: 0, downloadLimit: 3, ownerOrgName: 'Org A', datasetVersionId: version.id });
    expect(mine[0]!.entitlementId).toBe(entitlement!.id);

    const token = await userB.expect<DownloadTokenDto>(201, 'POST', `/api/v1/catalog/entitlements/${entitlement!.id}/tokens`);
    const lifetime = Date.parse(token.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(9 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60_000);
    const res = await fetch(`${t.url}${token.url}`, { headers: { cookie: userB.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = new Map(Object.entries(unzipSync(new Uint8Array(await res.arrayBuffer()))));
    const keys = await userB.expect<LogKeysDto>(200, 'GET', '/api/v1/log/keys');
    const verified = verifyBundle(files, keys.trusted);
    expect(verified.problems).toEqual([]);
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as { recipient?: unknown; delivery?: { id: string } };
    const delivery = await t.database.system((tx) => tx.selectFrom('deliveries').select(['id', 'org_id', 'recipient_user_id']).where('dataset_version_id', '=', version.id).execute());
    expect(delivery).toEqual([{ id: expect.any(String), org_id: orgA, recipient_user_id: userB.me!.user.id }]);
    expect(JSON.stringify(manifest)).toContain(delivery[0]!.id);

    // Both sides see the count; B's audit holds the download; the log holds the grant and the delivery.
    const granted = await ownerA.expect<EntitlementDto[]>(200, 'GET', '/api/v1/catalog/entitlements?direction=incoming');
    expect(granted.map((e) => [e.consumerOrgName, e.downloadsUsed])).toEqual([['乙方数据公司', 1]]);
    expect((await auditOf(userB, 'catalog.download')).map((r) => r.objectId)).toEqual([version.id]);
    expect((await auditOf(ownerA, 'catalog.grant')).map((r) => r.objectId)).toEqual([entitlement!.id]);
    await t.server.services.log.sequencer.flush();
    const kinds = await t.database.system((tx) => tx.selectFrom('log_entries').select(['kind', 'org_id']).where('kind', 'like', 'catalog.%').orderBy('id').execute());
    expect(kinds).toEqual([
      { kind: 'catalog.audience', org_id: orgA },
      { kind: 'catalog.grant', org_id: orgA },
    ]);
    const downloads = await t.database.system((tx) => tx.selectFrom('log_entries').select('org_id').where('kind', '=', 'dataset.download').where('subject_id', '=', version.id).execute());
    expect(downloads).toEqual([{ org_id: orgB }]);

    // A spent token, an expired token, a token of nobody: refused and audited, nothing counted.
    const reused = await userB.request<ErrorBody>('GET', token.url);
    expect(reused.status).toBe(403);
    expect(reused.body.error.message).toContain('used already');
    const stale = await userB.expect<DownloadTokenDto>(201, 'POST', `/api/v1/catalog/entitlements/${entitlement!.id}/tokens`);
    await t.database.system((tx) => tx.updateTable('catalog_download_tokens').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('used_at', 'is', null).execute());
    const expired = await userB.request<ErrorBody>('GET', stale.url);
    expect(expired.status).toBe(403);
    expect(expired.body.error.message).toContain('expired');
    expect((await userB.request('GET', `/api/v1/catalog/downloads/ygd_nothing?org=${orgB}`)).status).toBe(404);
    // C holds no entitlement: neither B's entitlement nor B's token works for C.
    expect((await userC.request('POST', `/api/v1/catalog/entitlements/${entitlement!.id}/tokens`)).status).toBe(404);
    const refused = await auditOf(userB, 'catalog.refused');
    expect(refused.map((r) => (r.details as { reason: string }).reason).join('\n')).toMatch(/used already[\s\S]*expired|expired[\s\S]*used already/);
    expect((await userB.expect<EntitlementDto[]>(200, 'GET', '/api/v1/catalog/entitlements'))[0]!.downloadsUsed).toBe(1);
  });

  it('revocation stops a token already handed out; the download limit holds', async () => {
    const [entitlement] = await userB.expect<EntitlementDto[]>(200, 'GET', '/api/v1/catalog/entitlements');
    const second = await userB.expect<DownloadTokenDto>(201, 'POST', `/api/v1/catalog/entitlements/${entitlement!.id}/tokens`);
    expect((await userB.request('GET', second.url)).status).toBe(200);
    const held = await userB.expect<DownloadTokenDto>(201, 'POST', `/api/v1/catalog/entitlements/${entitlement!.id}/tokens`);
    expect((await userB.request('POST', `/api/v1/catalog/entitlements/${entitlement!.id}/revoke`, { reason: 'x' })).status).toBe(404);
    const revoked = await managerA.expect<EntitlementDto>(200, 'POST', `/api/v1/catalog/entitlements/${entitlement!.id}/revoke`, { reason: '合同终止' });
    expect(revoked).toMatchObject({ active: false, revokeReason: '合同终止' });
    const late = await userB.request<ErrorBody>('GET', held.url);
    expect(late.status).toBe(403);
    expect(late.body.error.message).toContain('合同终止');
    expect((await userB.request('POST', `/api/v1/catalog/entitlements/${entitlement!.id}/tokens`)).status).toBe(403);
    // Below the API too: B's transaction no longer reads A's dataset version.
    const rows = await t.database.tenant({ orgId: orgB }, (tx) => tx.selectFrom('dataset_versions').select('id').where('id', '=', version.id).execute());
    expect(rows).toEqual([]);
    expect((await userB.expect<EntitlementDto[]>(200, 'GET', '/api/v1/catalog/entitlements'))[0]!.downloadsUsed).toBe(2);
    await t.server.services.log.sequencer.flush();
    const revokes = await t.database.system((tx) => tx.selectFrom('log_entries').select('org_id').where('kind', '=', 'catalog.revoke').execute());
    expect(revokes).toEqual([{ org_id: orgA }]);

    // A fresh grant with a limit of one: the second download is refused.
    const asked = await userB.expect<AccessRequestDto>(201, 'POST', `/api/v1/catalog/cards/${cardId}/requests`, { purpose: '再次申请' });
    const result = await ownerA.expect<AccessRequestResultDto>(200, 'POST', `/api/v1/catalog/requests/${asked.id}/approve`, { downloadLimit: 1 });
    expect(result.request.status).toBe('approved');
    expect(result.change).toMatchObject({ status: 'approved', decidedByEmail: 'owner@example.com' });
    const one = await userB.expect<DownloadTokenDto>(201, 'POST', `/api/v1/catalog/entitlements/${result.request.entitlementId}/tokens`);
    const two = await userB.expect<DownloadTokenDto>(201, 'POST', `/api/v1/catalog/entitlements/${result.request.entitlementId}/tokens`);
    expect((await userB.request('GET', one.url)).status).toBe(200);
    const over = await userB.request<ErrorBody>('GET', two.url);
    expect(over.status).toBe(403);
    expect(over.body.error.message).toContain('downloads');
  });

  it('an owner refuses with a reason; the two-person rule stops self-approval; narrowing is immediate', async () => {
    await ownerA.expect(200, 'PUT', '/api/v1/catalog/settings', { twoPersonRule: true });
    expect(await managerA.expect(200, 'GET', '/api/v1/catalog/settings')).toEqual({ twoPersonRule: true });
    expect((await managerA.request('PUT', '/api/v1/catalog/settings', { twoPersonRule: false })).status).toBe(403);
    const made = await ownerA.expect<CatalogCardChangeResultDto>(201, 'POST', '/api/v1/catalog/cards', {
      datasetVersionId: version2.id,
      title: 'Clinic notes',
      description: 'Outpatient notes',
      industry: 'healthcare',
      modality: 'text',
      licence: 'research-only',
      visibility: 'everyone',
    });
    expect(made.change).toMatchObject({ status: 'pending', requestedByEmail: 'owner@example.com' });
    const self = await ownerA.request<ErrorBody>('POST', `/api/v1/catalog/changes/${made.change!.id}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('two-person rule');
    const decided = await adminA.expect<CatalogChangeDto>(200, 'POST', `/api/v1/catalog/changes/${made.change!.id}/approve`);
    expect(decided).toMatchObject({ status: 'approved', requestedByEmail: 'owner@example.com', decidedByEmail: 'admin@a.example.com' });
    const cFinds = await search(userC, '?q=clinic');
    expect(cFinds.items.map((c) => c.title)).toEqual(['Clinic notes']);
    expect(cFinds.facets.licence).toEqual([{ value: 'research-only', label: 'research-only', count: 1 }]);

    const asked = await userC.expect<AccessRequestDto>(201, 'POST', `/api/v1/catalog/cards/${made.card.id}/requests`, { purpose: 'benchmark' });
    const refused = await managerA.expect<AccessRequestDto>(200, 'POST', `/api/v1/catalog/requests/${asked.id}/refuse`, { reason: '不对外提供病历' });
    expect(refused).toMatchObject({ status: 'refused', reason: '不对外提供病历' });
    expect((await userC.expect<AccessRequestDto[]>(200, 'GET', '/api/v1/catalog/requests'))[0]).toMatchObject({ status: 'refused', reason: '不对外提供病历' });
    expect((await managerA.request('POST', `/api/v1/catalog/requests/${asked.id}/approve`, {})).status).toBe(409);

    // Narrowing to private takes effect at once, without approval, even under the two-person rule.
    const narrowed = await managerA.expect<CatalogCardChangeResultDto>(200, 'PUT', `/api/v1/catalog/cards/${made.card.id}/audience`, { published: true, visibility: 'private' });
    expect(narrowed.change).toBeNull();
    expect((await search(userC)).total).toBe(0);
    expect((await userC.request('GET', `/api/v1/catalog/cards/${made.card.id}`)).status).toBe(404);
    // Widening again by a manager waits; a rejection is recorded with its reason.
    const wider = await managerA.expect<CatalogCardChangeResultDto>(200, 'PUT', `/api/v1/catalog/cards/${made.card.id}/audience`, { published: true, visibility: 'orgs', sharedOrgIds: [orgC] });
    expect(wider.change!.status).toBe('pending');
    const rejected = await adminA.expect<CatalogChangeDto>(200, 'POST', `/api/v1/catalog/changes/${wider.change!.id}/reject`, { reason: '先内部审查' });
    expect(rejected).toMatchObject({ status: 'rejected', reason: '先内部审查', decidedByEmail: 'admin@a.example.com' });
    expect((await search(userC)).total).toBe(0);
    // Editing the text is no widening and is searchable at once.
    await managerA.expect(200, 'PATCH', `/api/v1/catalog/cards/${made.card.id}`, { title: '门诊病历 Clinic notes' });
    const own = await search(managerA, `?mine=true&q=${encodeURIComponent('病历')}`);
    expect(own.items.map((c) => c.title)).toEqual(['门诊病历 Clinic notes']);
  });
});
