import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDto, ErrorBody, ImportResultDto, NextTaskDto, OrgDto, PredictionDto, ProjectDto, SettlementDto, WorkPackageDto, WorkPackageItemDto, WorkPackageStaffDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, choiceResult, createChoiceProject } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * Vendor work packages over real HTTP (docs/work-packages.md, issue 7 item 4): client A cuts a package of
 * 8 tasks sharing only `text` (not the customer's phone), offers it to vendors B and C through the
 * two-person approval, B accepts first, B's manager assigns staff, B's annotator works and B delivers; A
 * samples, reviews and settles, and both sides download the CSV statement. Every refusal is checked: the
 * wrong side, the wrong role, the wrong stage, a vendor reaching outside its package, a cancelled package.
 */
describe.each(BACKENDS)('vendor work packages on $name', (backend) => {
  let t: TestServer;
  let ownerA: ApiClient;
  let managerA: ApiClient;
  let adminA: ApiClient;
  let annotatorA: ApiClient;
  let bossB: ApiClient;
  let managerB: ApiClient;
  let b1: ApiClient;
  let b2: ApiClient;
  let bossC: ApiClient;
  let bossD: ApiClient;
  let orgB = '';
  let orgC = '';
  let project: ProjectDto;
  let taskIds: string[] = [];
  let pkg: WorkPackageDto;

  const newOrg = async (name: string, email: string): Promise<{ id: string; client: ApiClient }> => {
    const org = await ownerA.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name });
    const client = await addMember({ url: t.url, owner: ownerA }, email, 'owner', { orgId: org.id });
    await t.database.system((tx) => tx.deleteFrom('memberships').where('org_id', '=', org.id).where('user_id', '=', ownerA.me!.user.id).execute());
    client.orgId = org.id;
    return { id: org.id, client };
  };
  const member = async (boss: ApiClient, orgId: string, email: string, role: 'manager' | 'annotator' | 'reviewer') => {
    const c = await addMember({ url: t.url, owner: boss }, email, role, { orgId });
    c.orgId = orgId;
    return c;
  };
  const post = (c: ApiClient, path: string, body: unknown = {}) => c.request<WorkPackageDto & ErrorBody>('POST', `/api/v1/work-packages/${path}`, body);
  const refused = async (res: Promise<{ status: number; body: unknown }>, status: number, message?: string) => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    if (message) expect((r.body as ErrorBody).error.message).toContain(message);
  };
  const auditOf = async (c: ApiClient, action: string) => c.expect<AuditEntryDto[]>(200, 'GET', `/api/v1/audit?action=${action}&limit=1000`);
  const body = (deadlineDays = 7) => ({
    title: '路口拥堵情感标注',
    instructions: '按《标注规范 v2》判断情感。',
    unitPriceMinor: 150,
    deadline: new Date(Date.now() + deadlineDays * 86_400_000).toISOString(),
    qualityFloor: 0.9,
    vendorOrgIds: [orgB, orgC],
  });

  beforeAll(async () => {
    t = await startTestServer(backend);
    ownerA = t.owner;
    managerA = await addMember(t, 'manager@a.example.com', 'manager');
    adminA = await addMember(t, 'admin@a.example.com', 'admin');
    annotatorA = await addMember(t, 'annotator@a.example.com', 'annotator');
    ({ id: orgB, client: bossB } = await newOrg('乙方标注公司', 'boss@b.example.com'));
    managerB = await member(bossB, orgB, 'manager@b.example.com', 'manager');
    b1 = await member(bossB, orgB, 'b1@b.example.com', 'annotator');
    b2 = await member(bossB, orgB, 'b2@b.example.com', 'annotator');
    ({ id: orgC, client: bossC } = await newOrg('丙方标注公司', 'boss@c.example.com'));
    ({ client: bossD } = await newOrg('丁方', 'boss@d.example.com'));
    project = await createChoiceProject(ownerA, { name: '城市交通舆情' });
    const jsonl = Array.from({ length: 10 }, (_, i) => JSON.stringify({ text: `路口拥堵 ${i}`, customer_phone: `1380013800${i}` })).join('\n');
    await ownerA.expect<ImportResultDto>(201, 'POST', `/api/v1/projects/${project.id}/import?format=jsonl`, jsonl, { 'content-type': 'application/x-ndjson' });
    const page = await ownerA.expect<{ items: { id: string }[] }>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=100`);
    taskIds = page.items.map((x) => x.id);
    expect(taskIds).toHaveLength(10);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the client cuts a draft; bad terms are refused with the field that is wrong', async () => {
    const url = `/api/v1/projects/${project.id}/work-packages`;
    await refused(managerA.request('POST', url, { ...body(), deadline: '2020-01-01T00:00:00Z' }), 400, 'deadline');
    const own = await managerA.request<ErrorBody>('POST', url, { ...body(), vendorOrgIds: [ownerA.orgId] });
    expect(own.status).toBe(400);
    expect(JSON.stringify(own.body)).toContain('vendorOrgIds[0]');
    await refused(managerA.request('POST', url, { ...body(), vendorOrgIds: [orgB, '00000000-0000-4000-8000-000000000000'] }), 400, 'does not exist');
    await refused(managerA.request('POST', url, { ...body(), sharedFields: ['customer_phone'] }), 400, 'add "text"');
    const foreign = await managerA.request<ErrorBody>('POST', url, { ...body(), taskIds: [taskIds[0], '999999999'] });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('taskIds[1]');
    await refused(annotatorA.request('POST', url, body()), 403);
    pkg = await managerA.expect<WorkPackageDto>(201, 'POST', url, { ...body(), taskIds: taskIds.slice(0, 8) });
    expect(pkg).toMatchObject({ side: 'client', stage: 'draft', itemCount: 8, sharedFields: ['text'], unitPriceMinor: 150, currency: 'CNY', projectId: project.id });
    expect(pkg.vendors.map((v) => v.name).sort()).toEqual(['丙方标注公司', '乙方标注公司'].sort());
    // A draft is invisible to the vendors: 404, like a package that does not exist, and the attempt is audited.
    await refused(bossB.request('GET', `/api/v1/work-packages/${pkg.id}`), 404);
    expect((await auditOf(bossB, 'work_package.refused')).some((e) => e.objectId === pkg.id)).toBe(true);
  });

  it('offering waits for an owner or admin; with the two-person rule nobody approves their own offer', async () => {
    await ownerA.expect(200, 'PUT', '/api/v1/catalog/settings', { twoPersonRule: true });
    expect((await post(managerA, `${pkg.id}/offer`)).body.stage).toBe('awaiting_approval');
    await refused(bossB.request('GET', `/api/v1/work-packages/${pkg.id}`), 404);
    await refused(post(managerA, `${pkg.id}/approve`), 403, 'owner or admin');
    await refused(post(adminA, `${pkg.id}/reject`, {}), 400);
    const back = await post(adminA, `${pkg.id}/reject`, { reason: '单价需与财务确认' });
    expect(back.body).toMatchObject({ stage: 'draft', offer: { rejectionReason: '单价需与财务确认', decidedBy: 'admin@a.example.com' } });
    expect((await post(adminA, `${pkg.id}/offer`)).body.stage).toBe('awaiting_approval');
    await refused(post(adminA, `${pkg.id}/approve`), 403, 'two-person rule');
    const approved = await post(ownerA, `${pkg.id}/approve`);
    expect(approved.body).toMatchObject({ stage: 'offered', offer: { requestedBy: 'admin@a.example.com', decidedBy: t.owner.me!.user.email, rejectionReason: null } });
    await refused(post(ownerA, `${pkg.id}/approve`), 409, 'the work package is offered');
    expect((await auditOf(ownerA, 'work_package.offer.approve')).length).toBe(1);
  });

  it('offered vendors see the offer but not the client project or each other; others see nothing', async () => {
    const seenByB = await bossB.expect<WorkPackageDto>(200, 'GET', `/api/v1/work-packages/${pkg.id}`);
    expect(seenByB).toMatchObject({ side: 'vendor', stage: 'offered', projectId: null, client: { name: expect.any(String) }, vendors: [{ orgId: orgB }] });
    expect((await bossC.expect<WorkPackageDto[]>(200, 'GET', '/api/v1/work-packages?side=vendor')).map((p) => p.id)).toEqual([pkg.id]);
    await refused(bossD.request('GET', `/api/v1/work-packages/${pkg.id}`), 404);
    expect(await bossD.expect<WorkPackageDto[]>(200, 'GET', '/api/v1/work-packages')).toEqual([]);
    // Before acceptance the items (task data) are not readable by a vendor.
    await refused(bossB.request('GET', `/api/v1/work-packages/${pkg.id}/items`), 403);
  });

  it('one vendor accepts (the first wins) and gets its own project of only the shared fields', async () => {
    await refused(post(b1, `${pkg.id}/accept`), 403, '"annotator"');
    await refused(post(ownerA, `${pkg.id}/accept`), 403, 'only the vendor');
    const accepted = await post(managerB, `${pkg.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    pkg = accepted.body;
    expect(pkg).toMatchObject({ stage: 'accepted', vendor: { orgId: orgB, deliveredAt: null }, vendorProjectId: expect.any(String) });
    await refused(post(bossC, `${pkg.id}/accept`), 409, 'the work package is accepted');
    // C still sees that the offer is taken, but not by whom, and not the items.
    expect(await bossC.expect<WorkPackageDto>(200, 'GET', `/api/v1/work-packages/${pkg.id}`)).toMatchObject({ stage: 'accepted', vendor: null, vendorProjectId: null });
    await refused(bossC.request('GET', `/api/v1/work-packages/${pkg.id}/items`), 403);
    const vendorProject = await managerB.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${pkg.vendorProjectId}`);
    expect(vendorProject.stats.tasks).toBe(8);
    const tasks = await managerB.expect<{ items: { data: Record<string, unknown> }[] }>(200, 'GET', `/api/v1/projects/${pkg.vendorProjectId}/tasks?limit=100`);
    expect(tasks.items.every((x) => Object.keys(x.data).join() === 'text')).toBe(true);
    expect(JSON.stringify(tasks.items)).not.toContain('13800138');
    const items = await managerB.expect<WorkPackageItemDto[]>(200, 'GET', `/api/v1/work-packages/${pkg.id}/items`);
    expect(items).toHaveLength(8);
    expect(items[0]!.data).toEqual({ text: '路口拥堵 0' });
  });

  it("only the vendor's assigned staff work, and they cannot reach the client's project", async () => {
    await refused(b1.request('POST', `/api/v1/projects/${pkg.vendorProjectId}/next`), 403, 'no annotators are assigned');
    const outsider = await managerB.request<ErrorBody>('PUT', `/api/v1/work-packages/${pkg.id}/staff`, { annotators: [managerA.me!.user.id], reviewers: [] });
    expect(outsider.status).toBe(400);
    expect(JSON.stringify(outsider.body)).toContain('annotators[0]');
    await refused(b1.request('PUT', `/api/v1/work-packages/${pkg.id}/staff`, { annotators: [b1.me!.user.id], reviewers: [] }), 403);
    await refused(managerA.request('PUT', `/api/v1/work-packages/${pkg.id}/staff`, { annotators: [], reviewers: [] }), 403);
    const staff = await managerB.expect<WorkPackageStaffDto>(200, 'PUT', `/api/v1/work-packages/${pkg.id}/staff`, { annotators: [b1.me!.user.id], reviewers: [] });
    expect(staff.annotators.map((s) => s.email)).toEqual(['b1@b.example.com']);
    await refused(b2.request('POST', `/api/v1/projects/${pkg.vendorProjectId}/next`), 403, 'not assigned');
    // Refused claims are in the vendor's audit log, naming the package.
    expect((await auditOf(bossB, 'work_package.refused')).filter((e) => e.objectId === pkg.id && JSON.stringify(e.details).includes('not assigned'))).toHaveLength(1);
    for (let i = 0; i < 6; i++) {
      const next = await b1.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${pkg.vendorProjectId}/next`);
      expect(Object.keys(next.task!.data)).toEqual(['text']);
      await b1.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: choiceResult(i === 5 ? 'negative' : 'positive'), leadTimeMs: 5 });
    }
    // Reaching outside the package: the client's project and tasks are another organisation's rows.
    await refused(b1.request('GET', `/api/v1/projects/${project.id}`), 404);
    await refused(managerB.request('GET', `/api/v1/tasks/${taskIds[0]}`), 404);
    await refused(managerB.request('GET', `/api/v1/projects/${project.id}/export?format=jsonl`), 404);
    await refused(managerB.request('POST', `/api/v1/projects/${project.id}/work-packages`, { ...body(), vendorOrgIds: [orgC] }), 404);
    // The client cannot review or settle before delivery.
    await refused(managerA.request('POST', `/api/v1/work-packages/${pkg.id}/settle`), 409, 'needs it delivered');
  });

  it('the vendor delivers; the tasks close; the client samples, reviews and settles with documented deductions', async () => {
    await refused(post(managerA, `${pkg.id}/deliver`), 403);
    const delivered = await post(managerB, `${pkg.id}/deliver`);
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    expect(delivered.body).toMatchObject({ stage: 'delivered', vendor: { deliveredCount: 6 } });
    await refused(post(managerB, `${pkg.id}/deliver`), 409);
    await refused(b1.request('POST', `/api/v1/projects/${pkg.vendorProjectId}/next`), 403, 'was delivered');

    const got = await managerA.expect<WorkPackageItemDto[]>(200, 'GET', `/api/v1/work-packages/${pkg.id}/items?filter=delivered`);
    expect(got).toHaveLength(6);
    expect(got.every((i) => i.result?.[0]?.type === 'choices')).toBe(true);
    const drawn = await managerA.expect<{ sampled: string[] }>(200, 'POST', `/api/v1/work-packages/${pkg.id}/sample`, { size: 3 });
    expect(drawn.sampled).toHaveLength(3);
    expect((await managerA.expect<{ sampled: string[] }>(200, 'POST', `/api/v1/work-packages/${pkg.id}/sample`, { size: 3 })).sampled).toEqual(drawn.sampled);
    const [s1, s2, s3] = drawn.sampled as [string, string, string];
    const review = (c: ApiClient, id: string, b: unknown) => c.request<WorkPackageItemDto & ErrorBody>('PUT', `/api/v1/work-packages/${pkg.id}/items/${id}/review`, b);
    await refused(review(annotatorA, s1, { verdict: 'accepted' }), 403);
    await refused(review(managerA, s1, { verdict: 'rejected' }), 400, 'reason');
    await refused(review(managerA, taskIds[9]!, { verdict: 'accepted' }), 404);
    await refused(review(managerB, s1, { verdict: 'accepted' }), 403, 'only the client');
    expect((await review(managerA, s1, { verdict: 'accepted' })).status).toBe(200);
    expect((await review(managerA, s2, { verdict: 'accepted' })).status).toBe(200);
    expect((await review(managerA, s3, { verdict: 'rejected', reason: '情感应为中性' })).body).toMatchObject({ verdict: 'rejected', reason: '情感应为中性', reviewedBy: 'manager@a.example.com' });
    // The vendor sees the client's verdicts on its delivery.
    expect((await managerB.expect<WorkPackageItemDto[]>(200, 'GET', `/api/v1/work-packages/${pkg.id}/items?filter=reviewed`)).map((i) => i.verdict).sort()).toEqual(['accepted', 'accepted', 'rejected']);

    // Accuracy 2/3 is under the 0.9 floor: 3 unreviewed × 1/3 = 1 presumed defective; 6 − 1 − 1 = 4 paid.
    const statement = await managerA.expect<SettlementDto>(200, 'POST', `/api/v1/work-packages/${pkg.id}/settle`);
    expect(statement).toMatchObject({ itemCount: 8, delivered: 6, undelivered: 2, reviewed: 3, rejectedInReview: 1, meetsFloor: false, presumedDefective: 1, payableItems: 4, grossMinor: 900, totalMinor: 600, late: false, settledBy: 'manager@a.example.com' });
    expect(statement.deductions.map((d) => [d.kind, d.amountMinor])).toEqual([['rejected-in-review', 150], ['below-quality-floor', 150]]);
    await refused(managerA.request('POST', `/api/v1/work-packages/${pkg.id}/settle`), 409);
    // The delivered labels not rejected join the client's project as the vendor's predictions.
    const accepted = got.find((i) => i.sourceTaskId === s1)!;
    const task = await managerA.expect<{ predictions: PredictionDto[] }>(200, 'GET', `/api/v1/tasks/${accepted.sourceTaskId}`);
    expect(task.predictions.map((p) => p.modelVersion)).toEqual([expect.stringContaining('乙方标注公司')]);
    const rejected = await managerA.expect<{ predictions?: PredictionDto[] }>(200, 'GET', `/api/v1/tasks/${s3}`);
    expect(rejected.predictions ?? []).toEqual([]);
  });

  it('both sides download the CSV statement; its rows add up; nobody else may', async () => {
    for (const c of [managerA, managerB]) {
      const res = await c.request<string>('GET', `/api/v1/work-packages/${pkg.id}/settlement?format=csv`);
      expect(res.status).toBe(200);
      const rows = String(res.body).trim().split('\r\n');
      expect(rows.filter((r) => r.startsWith('item,'))).toHaveLength(8);
      expect(rows.filter((r) => r.startsWith('item,') && r.includes(',not delivered'))).toHaveLength(2);
      const amounts = rows.slice(1).filter((r) => !r.startsWith('total,')).map((r) => Number(r.split(',')[11]));
      const total = Number(rows.find((r) => r.startsWith('total,'))!.split(',')[11]);
      expect(total).toBe(600);
      expect(amounts.reduce((a, b) => a + b, 0)).toBe(total);
    }
    await refused(bossC.request('GET', `/api/v1/work-packages/${pkg.id}/settlement?format=csv`), 403);
    await refused(bossD.request('GET', `/api/v1/work-packages/${pkg.id}/settlement`), 404);
    // Once settled the vendor no longer reads the items' task data.
    expect(await managerB.expect<WorkPackageItemDto[]>(200, 'GET', `/api/v1/work-packages/${pkg.id}/items`)).toEqual([]);
  });

  it('two vendors accepting at once: exactly one wins; a cancellation closes the vendor out at once', async () => {
    await ownerA.expect(200, 'PUT', '/api/v1/catalog/settings', { twoPersonRule: false });
    const second = await ownerA.expect<WorkPackageDto>(201, 'POST', `/api/v1/projects/${project.id}/work-packages`, { ...body(), title: '第二批', taskIds: taskIds.slice(8) });
    expect((await post(ownerA, `${second.id}/offer`)).body.stage).toBe('offered');
    const race = await Promise.all([post(bossB, `${second.id}/accept`), post(bossC, `${second.id}/accept`)]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = race.find((r) => r.status === 200)!.body;
    const winnerClient = winner.vendor!.orgId === orgB ? bossB : bossC;
    await winnerClient.expect(200, 'PUT', `/api/v1/work-packages/${second.id}/staff`, { annotators: [winnerClient.me!.user.id], reviewers: [] });
    expect((await winnerClient.request('POST', `/api/v1/projects/${winner.vendorProjectId}/next`)).status).toBe(200);
    const cancelled = await post(ownerA, `${second.id}/cancel`, { reason: '需求变更' });
    expect(cancelled.body).toMatchObject({ stage: 'cancelled', cancelReason: '需求变更' });
    await refused(winnerClient.request('POST', `/api/v1/projects/${winner.vendorProjectId}/next`), 403, 'cancelled');
    expect(await winnerClient.expect<WorkPackageItemDto[]>(200, 'GET', `/api/v1/work-packages/${second.id}/items`)).toEqual([]);
    await refused(post(winnerClient, `${second.id}/deliver`), 409, 'cancelled');
    await refused(post(ownerA, `${second.id}/cancel`, { reason: 'again' }), 409);
    expect((await auditOf(winnerClient, 'work_package.refused')).length).toBeGreaterThan(0);
    expect((await auditOf(ownerA, 'work_package.cancel')).map((e) => e.objectId)).toEqual([second.id]);
  });
});
