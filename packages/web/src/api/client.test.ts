import { describe, expect, it } from 'vitest';
import type { MeDto } from '@yungang/core';
import { ApiClient, type FetchLike } from './client.ts';
import { ApiError, importErrorDetails } from './api-error.ts';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(responses: Response[]): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error('no response queued');
    return Promise.resolve(next);
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const me: MeDto = {
  user: { id: '00000000-0000-4000-8000-000000000001', email: 'a@b.c', name: 'A' },
  orgs: [{ id: '00000000-0000-4000-8000-0000000000aa', name: 'Org', role: 'owner' }],
  csrfToken: 'csrf-1',
};

function headersOf(call: Call | undefined): Record<string, string> {
  return (call?.init?.headers ?? {}) as Record<string, string>;
}

describe('ApiClient', () => {
  it('sends the CSRF token from login on state-changing requests, and X-Org-Id always', async () => {
    const { fetch, calls } = fakeFetch([json(200, me), json(200, { items: [] }), json(201, { id: 'p' })]);
    const client = new ApiClient({ fetch, getOrgId: () => 'org-9' });
    await client.login('a@b.c', 'pw');
    await client.listProjects();
    await client.createProject({ name: 'x', labelConfig: {} });
    expect(calls[0]?.url).toBe('/api/v1/auth/login');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ email: 'a@b.c', password: 'pw' });
    expect(headersOf(calls[1])['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(calls[1])['X-Org-Id']).toBe('org-9');
    expect(headersOf(calls[2])['X-CSRF-Token']).toBe('csrf-1');
    expect(headersOf(calls[2])['Content-Type']).toBe('application/json');
  });

  it('throws ApiError with code, message, details and status', async () => {
    const body = { error: { code: 'bad_request', message: 'bad line', details: { line: 3, path: 'data.text', issues: [{ line: 3, path: 'data.text', message: 'required' }] } } };
    const { fetch } = fakeFetch([json(400, body)]);
    const client = new ApiClient({ fetch });
    const error = await client.importTasks('p1', new Blob(['x']), 'a.jsonl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe('bad_request');
    expect(apiError.message).toBe('bad line');
    expect(importErrorDetails(apiError.details)).toEqual({ line: 3, path: 'data.text', issues: [{ line: 3, path: 'data.text', message: 'required' }] });
  });

  it('calls onUnauthorized on 401, except for the login and session probes', async () => {
    const unauthorized = { error: { code: 'unauthenticated', message: 'no session' } };
    const { fetch } = fakeFetch([json(401, unauthorized), json(401, unauthorized), json(401, unauthorized)]);
    let lost = 0;
    const client = new ApiClient({ fetch, onUnauthorized: () => lost++ });
    await expect(client.login('a@b.c', 'wrong')).rejects.toMatchObject({ status: 401 });
    await expect(client.me()).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(lost).toBe(0);
    await expect(client.listProjects()).rejects.toBeInstanceOf(ApiError);
    expect(lost).toBe(1);
  });

  it('uploads imports as multipart with the format in the query, and keeps 204 as undefined', async () => {
    const { fetch, calls } = fakeFetch([json(200, { importId: 'i', taskCount: 3, format: 'jsonl' }), new Response(null, { status: 204 })]);
    const client = new ApiClient({ fetch });
    const result = await client.importTasks('p 1', new Blob(['{}']), 'x.jsonl', 'jsonl');
    expect(result.taskCount).toBe(3);
    expect(calls[0]?.url).toBe('/api/v1/projects/p%201/import?format=jsonl');
    const body = calls[0]?.init?.body;
    expect(body).toBeInstanceOf(FormData);
    expect((body as FormData).get('file')).toBeInstanceOf(Blob);
    expect(headersOf(calls[0])['Content-Type']).toBeUndefined();
    await expect(client.skipAssignment('a1')).resolves.toBeUndefined();
    expect(calls[1]?.url).toBe('/api/v1/assignments/a1/skip');
  });

  it('builds task list queries without empty parameters and export links', async () => {
    const { fetch, calls } = fakeFetch([json(200, { items: [], nextCursor: null })]);
    const client = new ApiClient({ fetch });
    await client.listTasks('p', { limit: 50, after: 'c1', annotator: undefined, status: 'open' });
    expect(calls[0]?.url).toBe('/api/v1/projects/p/tasks?limit=50&after=c1&status=open');
    expect(client.exportUrl('p', 'csv')).toBe('/api/v1/projects/p/export?format=csv');
    expect(client.exportUrl('p', 'jsonl', 'o1')).toBe('/api/v1/projects/p/export?format=jsonl&org=o1');
  });

  it('turns network failures and non-JSON errors into ApiError', async () => {
    const failing: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(new ApiClient({ fetch: failing }).health()).rejects.toMatchObject({ code: 'network', status: 0 });
    const { fetch } = fakeFetch([new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' })]);
    await expect(new ApiClient({ fetch }).health()).rejects.toMatchObject({ code: 'internal', status: 502, message: 'Bad Gateway' });
  });

  it('edits an annotation with PUT and baseVersion, surfaces a stale version as a conflict, and lists versions', async () => {
    const conflict = { error: { code: 'conflict', message: 'stale', details: { currentVersion: 3, baseVersion: 2 } } };
    const { fetch, calls } = fakeFetch([json(200, me), json(409, conflict), json(200, [{ annotationId: 'a 1', version: 1 }])]);
    const client = new ApiClient({ fetch });
    await client.login('a@b.c', 'pw');
    const error: unknown = await client.updateAnnotation('a 1', { result: [], leadTimeMs: 5, baseVersion: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', details: { currentVersion: 3, baseVersion: 2 } });
    expect(calls[1]?.url).toBe('/api/v1/annotations/a%201');
    expect(calls[1]?.init?.method).toBe('PUT');
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({ result: [], leadTimeMs: 5, baseVersion: 2 });
    expect(headersOf(calls[1])['X-CSRF-Token']).toBe('csrf-1');
    await expect(client.annotationVersions('a 1')).resolves.toHaveLength(1);
    expect(calls[2]?.url).toBe('/api/v1/annotations/a%201/versions');
    expect(calls[2]?.init?.method).toBe('GET');
  });
  it('reads histories, dataset versions and the transparency log, and builds bundle links', async () => {
    const version = { id: 'v 1', projectId: 'p', version: 2, logIndex: null };
    const proof = { index: 7, treeSize: 9, leafHash: 'aGFzaA==', proof: [], checkpoint: 'origin\n9\nroot\n' };
    const { fetch, calls } = fakeFetch([
      json(200, me),
      json(200, { subjectType: 'task', subjectId: '42', items: [] }),
      json(200, { items: [version] }),
      json(201, version),
      json(200, version),
      json(200, { origin: 'o', trusted: ['o+ab+key'], revoked: [] }),
      new Response('yungang.local/log/1\n9\nroot=\n\n— sig\n', { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
      json(200, proof),
    ]);
    const client = new ApiClient({ fetch, getOrgId: () => 'org-9' });
    await client.login('a@b.c', 'pw');
    await expect(client.history('task', '42')).resolves.toMatchObject({ subjectId: '42', items: [] });
    expect(calls[1]?.url).toBe('/api/v1/history/task/42');
    await expect(client.listDatasetVersions('p')).resolves.toEqual([version]);
    expect(calls[2]?.url).toBe('/api/v1/projects/p/dataset-versions');
    await client.createDatasetVersion('p', { name: 'first', description: 'd' });
    expect(calls[3]?.url).toBe('/api/v1/projects/p/dataset-versions');
    expect(calls[3]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[3]?.init?.body))).toEqual({ name: 'first', description: 'd' });
    expect(headersOf(calls[3])['X-CSRF-Token']).toBe('csrf-1');
    await client.getDatasetVersion('v 1');
    expect(calls[4]?.url).toBe('/api/v1/dataset-versions/v%201');
    await expect(client.logKeys()).resolves.toEqual({ origin: 'o', trusted: ['o+ab+key'], revoked: [] });
    expect(calls[5]?.url).toBe('/api/v1/log/keys');
    // The checkpoint is a signed note in plain text: returned verbatim, not parsed as JSON.
    await expect(client.checkpoint()).resolves.toBe('yungang.local/log/1\n9\nroot=\n\n— sig\n');
    expect(calls[6]?.url).toBe('/api/v1/log/checkpoint');
    expect(headersOf(calls[6]).Accept).toBe('text/plain');
    await expect(client.inclusionProof(7)).resolves.toEqual(proof);
    expect(calls[7]?.url).toBe('/api/v1/log/proof/inclusion?index=7');
    expect(client.datasetBundleUrl('v 1')).toBe('/api/v1/dataset-versions/v%201/bundle');
    expect(client.datasetBundleUrl('v1', 'o1')).toBe('/api/v1/dataset-versions/v1/bundle?org=o1');
  });

  it('answers a history the log does not hold with a 404 ApiError', async () => {
    const { fetch, calls } = fakeFetch([json(404, { error: { code: 'not_found', message: 'dataset-version not found' } })]);
    const error: unknown = await new ApiClient({ fetch }).history('dataset-version', 'd1').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(calls[0]?.url).toBe('/api/v1/history/dataset-version/d1');
  });

  it('edits the quality policy with a partial PATCH and sets or removes gold results', async () => {
    const result = [{ id: 'r1', from_name: 'sentiment', to_name: 'text', type: 'choices' as const, value: { choices: ['positive'] } }];
    const { fetch, calls } = fakeFetch([json(200, me), json(200, { id: 'p' }), json(200, { taskId: '7', result }), new Response(null, { status: 204 })]);
    const client = new ApiClient({ fetch, getOrgId: () => 'org-9' });
    await client.login('a@b.c', 'pw');
    await client.updateQualityPolicy('p 1', { review: 'all', aql: null });
    expect(calls[1]?.url).toBe('/api/v1/projects/p%201');
    expect(calls[1]?.init?.method).toBe('PATCH');
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({ qualityPolicy: { review: 'all', aql: null } });
    expect(headersOf(calls[1])['X-CSRF-Token']).toBe('csrf-1');
    await expect(client.setGold('7', result)).resolves.toEqual({ taskId: '7', result });
    expect(calls[2]?.url).toBe('/api/v1/tasks/7/gold');
    expect(calls[2]?.init?.method).toBe('PUT');
    expect(JSON.parse(String(calls[2]?.init?.body))).toEqual({ result });
    await expect(client.removeGold('7')).resolves.toBeUndefined();
    expect(calls[3]?.url).toBe('/api/v1/tasks/7/gold');
    expect(calls[3]?.init?.method).toBe('DELETE');
    expect(headersOf(calls[3])['X-CSRF-Token']).toBe('csrf-1');
  });

  it('takes the next review item, decides it, and lists returned work', async () => {
    const review = { id: 'rv', annotationId: 'a', version: 1, decision: 'reject', comment: 'fix', lot: null };
    const returned = { task: { id: '7' }, annotation: { id: 'a', version: 1 }, comment: 'fix', reviewerEmail: 'r@x', rejectedAt: '2025-01-01T00:00:00.000Z' };
    const { fetch, calls } = fakeFetch([
      json(200, me),
      json(200, { item: null }),
      json(200, review),
      json(400, { error: { code: 'bad_request', message: 'a reject needs a comment' } }),
      json(200, { items: [returned] }),
    ]);
    const client = new ApiClient({ fetch });
    await client.login('a@b.c', 'pw');
    await expect(client.nextReview('p')).resolves.toEqual({ item: null });
    expect(calls[1]?.url).toBe('/api/v1/projects/p/review/next');
    expect(calls[1]?.init?.method).toBe('POST');
    expect(headersOf(calls[1])['X-CSRF-Token']).toBe('csrf-1');
    await expect(client.decideReview('rv 1', { decision: 'reject', comment: 'fix' })).resolves.toEqual(review);
    expect(calls[2]?.url).toBe('/api/v1/reviews/rv%201');
    expect(calls[2]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[2]?.init?.body))).toEqual({ decision: 'reject', comment: 'fix' });
    await expect(client.decideReview('rv', { decision: 'reject' })).rejects.toMatchObject({ status: 400, code: 'bad_request' });
    await expect(client.returnedWork('p')).resolves.toEqual([returned]);
    expect(calls[4]?.url).toBe('/api/v1/projects/p/returned');
    expect(calls[4]?.init?.method).toBe('GET');
  });

  it('creates and lists lots, adjudicates, and reads the quality summary', async () => {
    const lots = { items: [], severity: 'normal', discontinued: false };
    const { fetch, calls } = fakeFetch([
      json(200, me),
      json(201, { id: 'l1', number: 1 }),
      json(201, { id: 'l2', number: 2 }),
      json(200, lots),
      json(200, { item: null }),
      json(200, { taskId: '9', agreement: 0.5, status: 'done', result: [], adjudicatorEmail: 'a@b.c' }),
      json(200, { review: { pending: 0, accepted: 1, rejected: 1 } }),
    ]);
    const client = new ApiClient({ fetch });
    await client.login('a@b.c', 'pw');
    await client.createLot('p');
    expect(calls[1]?.url).toBe('/api/v1/projects/p/lots');
    expect(calls[1]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({});
    await client.createLot('p', 500);
    expect(JSON.parse(String(calls[2]?.init?.body))).toEqual({ size: 500 });
    await expect(client.listLots('p')).resolves.toEqual(lots);
    expect(calls[3]?.url).toBe('/api/v1/projects/p/lots');
    expect(calls[3]?.init?.method).toBe('GET');
    await expect(client.nextAdjudication('p')).resolves.toEqual({ item: null });
    expect(calls[4]?.url).toBe('/api/v1/projects/p/adjudication/next');
    expect(calls[4]?.init?.method).toBe('POST');
    await client.adjudicate('9', []);
    expect(calls[5]?.url).toBe('/api/v1/tasks/9/adjudication');
    expect(calls[5]?.init?.method).toBe('PUT');
    expect(JSON.parse(String(calls[5]?.init?.body))).toEqual({ result: [] });
    await expect(client.qualitySummary('p')).resolves.toMatchObject({ review: { accepted: 1, rejected: 1 } });
    expect(calls[6]?.url).toBe('/api/v1/projects/p/quality');
  });

  it('reads the quality report with a GET, and passes a 403 on as an ApiError', async () => {
    const report = { identity: { projectId: 'p 1', projectName: 'P' }, gbt36344: [], process: [{ check: 'reviewer-is-not-annotator', status: 'pass', detail: '0 of 2' }] };
    const { fetch, calls } = fakeFetch([json(200, report), json(403, { error: { code: 'forbidden', message: 'no' } })]);
    const client = new ApiClient({ fetch, getOrgId: () => 'org-1' });
    await expect(client.qualityReport('p 1')).resolves.toEqual(report);
    expect(calls[0]?.url).toBe('/api/v1/projects/p%201/quality/report');
    expect(calls[0]?.init?.method).toBe('GET');
    expect(headersOf(calls[0])['X-Org-Id']).toBe('org-1');
    expect(calls[0]?.init?.body).toBeUndefined();
    const error = await client.qualityReport('p').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('starts and lists inspections of a dataset version, takes the next sampled label and judges it', async () => {
    const inspection = { id: 'in 1', datasetVersionId: 'v 1', sampleSize: 3, inspected: 0, correct: 0, estimate: null, lower: null, upper: null, createdAt: '2025-01-01T00:00:00.000Z' };
    const judged = { ...inspection, inspected: 1, correct: 0, estimate: 0, lower: 0, upper: 0.79 };
    const item = { id: 'it 1', inspectionId: 'in 1', taskId: '7', data: { text: 'x' }, label: { result: [], method: 'single' }, expiresAt: '2025-01-01T00:30:00.000Z' };
    const { fetch, calls } = fakeFetch([
      json(200, me),
      json(201, inspection),
      json(200, { items: [inspection] }),
      json(200, { item }),
      json(200, judged),
      json(400, { error: { code: 'bad_request', message: 'a wrong label needs a comment' } }),
      json(200, { item: null }),
    ]);
    const client = new ApiClient({ fetch, getOrgId: () => 'org-9' });
    await client.login('a@b.c', 'pw');
    await expect(client.createInspection('v 1', { sampleSize: 3 })).resolves.toEqual(inspection);
    expect(calls[1]?.url).toBe('/api/v1/dataset-versions/v%201/inspections');
    expect(calls[1]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({ sampleSize: 3 });
    expect(headersOf(calls[1])['X-CSRF-Token']).toBe('csrf-1');
    expect(headersOf(calls[1])['X-Org-Id']).toBe('org-9');
    await expect(client.listInspections('v 1')).resolves.toEqual([inspection]);
    expect(calls[2]?.url).toBe('/api/v1/dataset-versions/v%201/inspections');
    expect(calls[2]?.init?.method).toBe('GET');
    await expect(client.nextInspectionItem('in 1')).resolves.toEqual({ item });
    expect(calls[3]?.url).toBe('/api/v1/inspections/in%201/next');
    expect(calls[3]?.init?.method).toBe('POST');
    expect(headersOf(calls[3])['X-CSRF-Token']).toBe('csrf-1');
    await expect(client.judgeInspectionItem('it 1', { correct: false, comment: 'wrong class' })).resolves.toEqual(judged);
    expect(calls[4]?.url).toBe('/api/v1/inspection-items/it%201');
    expect(calls[4]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[4]?.init?.body))).toEqual({ correct: false, comment: 'wrong class' });
    await expect(client.judgeInspectionItem('it 1', { correct: false })).rejects.toMatchObject({ status: 400, code: 'bad_request' });
    await expect(client.nextInspectionItem('in 1')).resolves.toEqual({ item: null });
  });
});
