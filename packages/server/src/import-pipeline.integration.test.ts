import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, ImportPipelineDto, ImportResultDto, ProjectDto, TaskPageDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { addMember, createChoiceProject } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * A project's import pipeline over real HTTP (docs/pipelines.md, "On import"; issue 8 item 1): every import
 * runs its records through the project's text operators, dropped records never become tasks, changed ones
 * are stored changed, the uploaded file is kept byte for byte as the import's source, pseudonyms stay the
 * same across imports, and a spec the import cannot run is refused with the path of what is wrong.
 */
describe.each(BACKENDS)('import pipeline on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  const url = () => `/api/v1/projects/${project.id}/import-pipeline`;
  const importJsonl = (lines: unknown[]) =>
    t.owner.request<ImportResultDto & ErrorBody>('POST', `/api/v1/projects/${project.id}/import?format=jsonl`, lines.map((l) => JSON.stringify(l)).join('\n'), { 'content-type': 'application/x-ndjson' });

  beforeAll(async () => {
    t = await startTestServer(backend);
    project = await createChoiceProject(t.owner, { name: '入库清洗' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses specs an import cannot run, naming the path, and only managers set one', async () => {
    expect(await t.owner.expect<ImportPipelineDto>(200, 'GET', url())).toEqual({ spec: null, updatedBy: null, updatedAt: null });
    const media = await t.owner.request<ErrorBody>('PUT', url(), { spec: { operators: [{ op: 'normalize' }, { op: 'image-resize', maxSide: 100 }] } });
    expect(media.status).toBe(400);
    expect(JSON.stringify(media.body.error.details)).toContain('spec.operators[1].op');
    const named = await t.owner.request<ErrorBody>('PUT', url(), { spec: 'operators:\n  - op: keyword-filter\n    list: banned\n' });
    expect(named.status).toBe(400);
    expect(JSON.stringify(named.body.error.details)).toContain('spec.operators[0].list');
    const typo = await t.owner.request<ErrorBody>('PUT', url(), { spec: { operators: [{ op: 'near-dedup', treshold: 0.5 }] } });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body.error.details)).toContain('treshold');
    const annotator = await addMember(t, 'annotator@example.com', 'annotator');
    expect((await annotator.request('PUT', url(), { spec: { operators: [{ op: 'strip' }] } })).status).toBe(403);
  });

  it('cleans every import: drops and changes records, keeps the uploaded file as it was, pseudonyms stable across imports', async () => {
    const spec = `
operators:
  - op: strip
  - op: normalize
  - op: pii
    types: { mobile: pseudonymize, email: mask, id-card: drop }
  - op: length-filter
    min: 4
  - op: exact-dedup
`;
    const set = await t.owner.expect<ImportPipelineDto>(200, 'PUT', url(), { spec });
    expect(set).toMatchObject({ updatedBy: t.owner.me!.user.email, spec: { operators: [{ op: 'strip' }, { op: 'normalize' }, { op: 'pii' }, { op: 'length-filter', min: 4 }, { op: 'exact-dedup' }] } });
    const lines = [
      { text: '<b>请拨打 13812345678 联系</b>' },
      { text: 'ＦＵＬＬ　ＷＩＤＴＨ 邮箱 someone@example.com' },
      { text: '身份证 11010519491231002X 办理' },
      { text: '短' },
      { text: '重复的评论内容' },
      { text: '重复的评论内容' },
    ];
    const body = lines.map((l) => JSON.stringify(l)).join('\n');
    const first = await importJsonl(lines);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ taskCount: 3, pipeline: { records: 6, dropped: 3, changed: 2 } });
    // The source blob is the upload, byte for byte: only the tasks are cleaned.
    expect(first.body.sourceSha256).toBe(createHash('sha256').update(body).digest('hex'));
    const tasks = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    const texts = tasks.items.map((x) => x.data.text as string);
    expect(texts).toHaveLength(3);
    expect(texts.join('\n')).not.toMatch(/13812345678|someone@example\.com|11010519491231002X|<b>/);
    expect(texts).toContain('FULL WIDTH 邮箱 [EMAIL]');
    const pseudonym = /\[MOBILE_[0-9a-f]{8}\]/.exec(texts.find((x) => x.startsWith('请拨打'))!)![0];
    // A second import: the same number gets the same pseudonym (the key is the project's, not the import's).
    const second = await importJsonl([{ text: '回电 138-1234-5678 谢谢' }]);
    expect(second.status).toBe(201);
    const again = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    expect(again.items.map((x) => x.data.text)).toContain(`回电 ${pseudonym} 谢谢`);
    // A file the pipeline drops entirely imports nothing, and says why.
    const none = await importJsonl([{ text: '短' }]);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('import pipeline dropped all 1 records');
    // An invalid record still stops the whole file, as without a pipeline.
    const invalid = await importJsonl([{ text: '正常的一句话' }, { nottext: 1 }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('line 2');
    // Removed: imports store records as they come.
    await t.owner.expect(200, 'DELETE', url());
    expect((await importJsonl([{ text: '短' }])).body).toMatchObject({ taskCount: 1 });
    expect((await importJsonl([{ text: '短' }])).body.pipeline).toBeUndefined();
  });
});
