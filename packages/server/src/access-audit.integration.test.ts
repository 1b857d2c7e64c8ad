import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAlertsDto, AuditEntryDto, DatasetVersionDto, ErrorBody, NextTaskDto, ProjectDto, TaskPageDto } from '@yungang/core';
import { startServer, type RunningServer } from './server.js';
import { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, choiceResult, createChoiceProject, importTexts } from './test-support/helpers.js';

/**
 * The access audit over real HTTP (docs/security.md): every view, download and export of task data is
 * recorded with the client's address; managers search and export the log; heavy readers raise alerts.
 * The server trusts X-Forwarded-For here (YUNGANG_TRUST_PROXY=1), so each request can say where it comes from.
 */

const TASKS = 45;
const HEAVY_READS = 40;
const WORKED = 32;

const from = (address: string) => ({ 'x-forwarded-for': address });

describe.each(BACKENDS)('access audit on $name', (backend) => {
  let server: RunningServer;
  let dataDir = '';
  let drop: () => Promise<void> = async () => {};
  let owner: ApiClient;
  let reader: ApiClient;
  let worker: ApiClient;
  let annotatorOnly: ApiClient;
  let project: ProjectDto;
  let taskIds: string[] = [];
  let dataset: DatasetVersionDto;
  const audit = (query = '') => owner.expect<AuditEntryDto[]>(200, 'GET', `/api/v1/audit${query}`);

  beforeAll(async () => {
    const db = await backend.create();
    drop = db.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'yungang-audit-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: db.databaseUrl, demo: false, logLevel: 'warn', trustProxy: true, env: {} });
    owner = new ApiClient(server.url);
    await owner.setup({ email: 'owner@example.com', password: 'owner-password', name: 'Owner', orgName: '审计机构' });
    reader = await addMember({ url: server.url, owner }, 'reader@example.com', 'reviewer');
    worker = await addMember({ url: server.url, owner }, 'worker@example.com', 'annotator');
    // A spreadsheet formula in an e-mail: the CSV export must not let it run.
    annotatorOnly = await addMember({ url: server.url, owner }, '=1+2@example.com', 'annotator');
    project = await createChoiceProject(owner, { name: 'audit' });
    await importTexts(owner, project.id, TASKS, '机密');
    const page = await owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=100`);
    taskIds = page.items.map((x) => x.id);
    expect(taskIds).toHaveLength(TASKS);
  });
  afterAll(async () => {
    await server?.close();
    await drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('records reads, claims, exports, dataset reads and bundle downloads with who, when and the address', async () => {
    const before = Date.now() - 1000;
    await reader.expect(200, 'GET', `/api/v1/tasks/${taskIds[TASKS - 1]}`, undefined, from('203.0.113.7'));
    const claimed = await annotatorOnly.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`, undefined, from('203.0.113.8'));
    const exported = await owner.request<string>('GET', `/api/v1/projects/${project.id}/export?format=csv`, undefined, from('198.51.100.2'));
    expect(exported.status).toBe(200);
    dataset = await owner.expect<DatasetVersionDto>(201, 'POST', `/api/v1/projects/${project.id}/dataset-versions`, { name: 'v1' });
    await owner.expect(200, 'GET', `/api/v1/dataset-versions/${dataset.id}`, undefined, from('198.51.100.3'));
    const bundle = await owner.request('GET', `/api/v1/dataset-versions/${dataset.id}/bundle`, undefined, from('198.51.100.4'));
    expect(bundle.status).toBe(200);

    const entries = await audit('?limit=1000');
    const one = (action: string, objectId: string) => {
      const found = entries.filter((e) => e.action === action && e.objectId === objectId);
      expect(found, `${action} ${objectId}`).toHaveLength(1);
      return found[0]!;
    };
    expect(one('task.read', taskIds[TASKS - 1]!)).toMatchObject({ userEmail: 'reader@example.com', objectType: 'task', address: '203.0.113.7' });
    expect(one('task.claim', claimed.task!.id)).toMatchObject({ userEmail: '=1+2@example.com', address: '203.0.113.8' });
    expect(one('project.export', project.id)).toMatchObject({ userEmail: 'owner@example.com', address: '198.51.100.2', details: { format: 'csv' } });
    expect(one('dataset.read', dataset.id)).toMatchObject({ address: '198.51.100.3' });
    expect(one('dataset.download', dataset.id)).toMatchObject({ address: '198.51.100.4' });
    // Without a forwarded address it is the socket's; "when" is the server's clock.
    expect(entries.find((e) => e.action === 'dataset.version')?.address).toBe('127.0.0.1');
    for (const e of entries.slice(0, 6)) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before);
  });

  it('the audit log is append-only for requests, and only for audit.read', async () => {
    const denied = await reader.request<ErrorBody>('GET', '/api/v1/audit');
    expect(denied.status).toBe(403);
    expect((await reader.request('GET', '/api/v1/audit/export')).status).toBe(403);
    expect((await worker.request('GET', '/api/v1/audit/alerts')).status).toBe(403);
    const orgId = owner.orgId!;
    await expect(server.services.database.tenant({ orgId }, (tx) => tx.updateTable('audit_log').set({ action: 'nothing.happened' }).execute())).rejects.toThrow(/permission denied/);
    await expect(server.services.database.tenant({ orgId }, (tx) => tx.deleteFrom('audit_log').execute())).rejects.toThrow(/permission denied/);
  });

  it('searches by user, action, object and time, a keyset page at a time', async () => {
    const byEmail = await audit('?user=reader@example.com');
    expect(byEmail.length).toBeGreaterThan(0);
    expect(byEmail.every((e) => e.userEmail === 'reader@example.com')).toBe(true);
    const byId = await audit(`?user=${byEmail[0]!.userId}`);
    expect(byId.map((e) => e.id)).toEqual(byEmail.map((e) => e.id));
    expect(await audit('?user=nobody@example.com')).toEqual([]);

    const datasetActs = await audit('?action=dataset.*');
    expect(new Set(datasetActs.map((e) => e.action))).toEqual(new Set(['dataset.version', 'dataset.read', 'dataset.download']));
    expect((await audit('?action=dataset.read')).map((e) => e.objectId)).toEqual([dataset.id]);
    const onTask = await audit(`?objectType=task&objectId=${taskIds[TASKS - 1]}`);
    expect(onTask.map((e) => e.action)).toEqual(['task.read']);

    const all = await audit('?limit=1000');
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await audit(`?from=${encodeURIComponent(future)}`)).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect((await audit(`?from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}&limit=1000`)).length).toBe(all.length);
    expect(await audit(`?to=${encodeURIComponent(past)}`)).toEqual([]);

    // Keyset pages: newest first, no gaps, no repeats.
    const pages: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await audit(`?limit=4${cursor ? `&before=${cursor}` : ''}`);
      pages.push(...page.map((e) => e.id));
      if (page.length < 4) break;
      cursor = page[page.length - 1]!.id;
    }
    expect(pages).toEqual(all.map((e) => e.id));
    expect([...pages].sort((x, y) => Number(y) - Number(x))).toEqual(pages);

    for (const bad of ['?action=DROP%20TABLE', '?user=not-a-user', `?from=${encodeURIComponent(future)}&to=${encodeURIComponent(past)}`, '?before=abc', '?limit=0']) {
      const res = await owner.request<ErrorBody>('GET', `/api/v1/audit${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('exports the matching entries as formula-safe CSV, and audits the export', async () => {
    const res = await owner.request<string>('GET', `/api/v1/audit/export?action=task.*`, undefined, from('192.0.2.9'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,user_email,user_id,action,object_type,object_id,address,details');
    const rows = lines.slice(1);
    const taskActs = await audit('?action=task.*&limit=1000');
    expect(rows).toHaveLength(taskActs.length);
    expect(rows.every((r) => /,task\.[a-z_]+,/.test(r))).toBe(true);
    const claim = rows.find((r) => r.includes(',task.claim,'))!;
    // The formula is defused with a leading apostrophe, the address kept.
    expect(claim).toContain(",'=1+2@example.com,");
    expect(claim).toContain(',203.0.113.8,');
    expect(rows.some((r) => r.startsWith('=') || r.includes(',=1+2@'))).toBe(false);

    const logged = await audit('?action=audit.export');
    expect(logged[0]).toMatchObject({ userEmail: 'owner@example.com', address: '192.0.2.9', details: { filters: { action: 'task.*' } } });

    // A browser download link cannot send X-Org-Id: the organisation rides in the query.
    const viaLink = await owner.request<string>('GET', `/api/v1/audit/export?org=${owner.orgId}&user=reader@example.com`);
    expect(viaLink.status).toBe(200);
    expect(viaLink.body.trimEnd().split('\r\n').slice(1).every((r) => r.includes(',reader@example.com,'))).toBe(true);
  });

  it('alerts on a person who reads far more than their work explains, not on a busy worker', async () => {
    // The heavy reader opens task after task and decides nothing.
    for (const id of taskIds.slice(0, HEAVY_READS - 1)) await reader.expect(200, 'GET', `/api/v1/tasks/${id}`, undefined, from('203.0.113.7'));
    // The worker claims and submits, task after task: every view is explained by work.
    for (let i = 0; i < WORKED; i++) {
      const next = await worker.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`, undefined, from('10.1.2.3'));
      await worker.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: choiceResult(), leadTimeMs: 1000 }, from('10.1.2.3'));
    }
    const report = await owner.expect<AuditAlertsDto>(200, 'GET', '/api/v1/audit/alerts');
    expect(report.rule).toEqual({ minViews: 30, viewsPerWork: 3, allowance: 10, highFactor: 3 });
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(24 * 3_600_000);
    const alerted = report.alerts.map((a) => a.userEmail);
    expect(alerted).toContain('reader@example.com');
    expect(alerted).not.toContain('worker@example.com');
    const heavy = report.alerts.find((a) => a.userEmail === 'reader@example.com')!;
    expect(heavy).toMatchObject({ views: HEAVY_READS, work: 0, expected: 10, factor: 4, severity: 'high', addresses: ['203.0.113.7'] });
    const busy = report.volumes.find((v) => v.userEmail === 'worker@example.com')!;
    expect(busy).toMatchObject({ views: WORKED, work: WORKED, exports: 0, addresses: ['10.1.2.3'] });
    // The owner's exports and downloads are counted as such.
    expect(report.volumes.find((v) => v.userEmail === 'owner@example.com')?.exports).toBeGreaterThanOrEqual(3);

    // A stricter look for one request: the worker's 32 views exceed 10 + 0.5 × 32 = 26.
    const strict = await owner.expect<AuditAlertsDto>(200, 'GET', '/api/v1/audit/alerts?hours=1&viewsPerWork=0.5&minViews=20');
    expect(strict.rule).toMatchObject({ minViews: 20, viewsPerWork: 0.5, allowance: 10 });
    expect(strict.alerts.find((a) => a.userEmail === 'worker@example.com')).toMatchObject({ expected: 26, severity: 'warning' });
    expect((await owner.request<ErrorBody>('GET', '/api/v1/audit/alerts?hours=0')).status).toBe(400);
  });
});
