import { sql } from 'kysely';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chineseNerTemplate,
  nerWithClassificationTemplate,
  type AnnotationDto,
  type AnnotationVersionDto,
  type ErrorBody,
  type ExportRecord,
  type ImportResultDto,
  type NextTaskDto,
  type ProjectDto,
  type TaskPageDto,
} from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = resolve(REPO_ROOT, '../shared/fixtures');
const LS_TASKS = join(FIXTURES, 'label-studio/text-ner/tasks.json');

interface ImportError {
  error: { code: string; message: string; details: { line: number; path: string; issues: { line: number; path: string; message: string }[] } };
}

const BOM = '\uFEFF';

async function allTasks(owner: ApiClient, projectId: string): Promise<TaskPageDto['items']> {
  return (await owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${projectId}/tasks?limit=500`)).items;
}

function multipart(content: string | Buffer, fileName: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), fileName);
  return form;
}

describe.each(BACKENDS)('import and export on $name', (backend) => {
  let t: TestServer;
  const newProject = async (name: string, labelConfig: unknown = nerWithClassificationTemplate) =>
    t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name, labelConfig });
  const rawImport = (projectId: string, body: string | Buffer, contentType: string, query = '') =>
    t.owner.request<ImportResultDto & ImportError>('POST', `/api/v1/projects/${projectId}/import${query}`, body, { 'content-type': contentType });

  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports a JSON array uploaded as multipart (format from the file name), flat and Label Studio records alike', async () => {
    const p = await newProject('json');
    const records = [{ text: '北京欢迎你', source: 'news' }, { data: { text: '上海, 浦东', extra: 1 }, annotations: [] }, { text: '' }];
    const res = await t.owner.upload<ImportResultDto>(`/api/v1/projects/${p.id}/import`, multipart(JSON.stringify(records), 'batch.json'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 3, format: 'json' });
    const tasks = await allTasks(t.owner, p.id);
    expect(tasks.map((x) => x.data)).toEqual([{ text: '北京欢迎你', source: 'news' }, { text: '上海, 浦东', extra: 1 }, { text: '' }]);
  });

  it('imports JSONL as a raw body and as multipart', async () => {
    const p = await newProject('jsonl');
    const lines = ['{"text":"第一行"}', '', '{"text":"第二行 with \\"quotes\\""}', '{"data":{"text":"😀 第三行"}}'].join('\r\n') + '\r\n';
    const raw = await rawImport(p.id, lines, 'application/x-ndjson');
    expect(raw.status).toBe(201);
    expect(raw.body.taskCount).toBe(3);
    const up = await t.owner.upload<ImportResultDto>(`/api/v1/projects/${p.id}/import`, multipart('{"text":"上传"}\n', 'more.jsonl'));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ taskCount: 1, format: 'jsonl' });
    expect((await allTasks(t.owner, p.id)).map((x) => x.data.text)).toEqual(['第一行', '第二行 with "quotes"', '😀 第三行', '上传']);
  });

  it('imports 40,000 tiny tasks in file order (one insert chunk holds tens of thousands of them)', async () => {
    const p = await newProject('tiny');
    const n = 40_000;
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ text: String(i) })).join('\n') + '\n';
    const res = await rawImport(p.id, lines, 'application/x-ndjson');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.taskCount).toBe(n);
    const texts = await t.database.system((tx) => sql<{ text: string }>`SELECT data->>'text' AS text FROM tasks WHERE project_id = ${p.id} ORDER BY id`.execute(tx));
    expect(texts.rows.length).toBe(n);
    expect(texts.rows.every((r, i) => r.text === String(i))).toBe(true);
  });

  it('imports CSV with and without a UTF-8 BOM, CRLF line ends, quoted commas, quotes and newlines', async () => {
    const p = await newProject('csv');
    const csv = BOM + 'text,city\r\n"你好, 世界",北京\r\n"第一行\r\n第二行",上海\r\n"他说 ""好""",广州\r\nplain,深圳\r\n';
    const raw = await rawImport(p.id, csv, 'text/csv; charset=utf-8');
    expect(raw.status).toBe(201);
    expect(raw.body).toMatchObject({ taskCount: 4, format: 'csv' });
    const noBom = 'city,text\n杭州,"逗号, 和\n换行"\n';
    const up = await t.owner.upload<ImportResultDto>(`/api/v1/projects/${p.id}/import`, multipart(Buffer.from(noBom, 'utf8'), '表格.csv'));
    expect(up.status).toBe(201);
    expect(up.body.taskCount).toBe(1);
    const tasks = await allTasks(t.owner, p.id);
    expect(tasks.map((x) => x.data)).toEqual([
      { text: '你好, 世界', city: '北京' },
      { text: '第一行\r\n第二行', city: '上海' },
      { text: '他说 "好"', city: '广州' },
      { text: 'plain', city: '深圳' },
      { city: '杭州', text: '逗号, 和\n换行' },
    ]);
    // The BOM did not end up in the first column's name (jsonb orders keys its own way).
    expect(Object.keys(tasks[0]!.data).sort()).toEqual(['city', 'text']);
  });

  it.each([
    { name: 'JSONL, missing field', format: 'jsonl', body: '{"text":"ok"}\n{"title":"no text"}\n{"text":"ok"}\n', line: 2, path: 'text' },
    { name: 'JSONL, invalid JSON line', format: 'jsonl', body: '{"text":"ok"}\n{"text":"ok"}\n{"text": "unterminated\n', line: 3, path: '' },
    { name: 'JSONL, wrong type', format: 'jsonl', body: '{"text":"ok"}\n{"text":42}\n', line: 2, path: 'text' },
    { name: 'JSONL, Label Studio record with wrong type', format: 'jsonl', body: '{"data":{"text":"ok"}}\n{"data":{"text":["a"]}}\n', line: 2, path: 'data.text' },
    { name: 'JSONL, not an object', format: 'jsonl', body: '{"text":"ok"}\n"just a string"\n', line: 2, path: '' },
    { name: 'JSON array, wrong type in item 3', format: 'json', body: '[{"text":"a"},{"text":"b"},{"text":null}]', line: 3, path: 'text' },
    { name: 'JSON, not an array', format: 'json', body: '{"text":"a"}', line: 1, path: '' },
    { name: 'CSV without the text column', format: 'csv', body: 'title,city\nx,北京\n', line: 2, path: 'text' },
    { name: 'CSV with a ragged row', format: 'csv', body: 'text,city\nok,北京\nbad\n', line: 3, path: '' },
    { name: 'JSONL, the NUL character in a string', format: 'jsonl', body: '{"text":"ok"}\n{"text":"a\\u0000b"}\n', line: 2, path: 'text' },
  ])('a bad record ($name) is 400 validation_failed with its line and path, and nothing is imported', async ({ format, body, line, path }) => {
    const p = await newProject(`bad ${format}`);
    expect((await rawImport(p.id, '{"text":"已有"}\n', 'application/x-ndjson')).status).toBe(201);
    const res = await rawImport(p.id, body, 'application/octet-stream', `?format=${format}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.line).toBe(line);
    expect(res.body.error.details.path).toBe(path);
    expect(res.body.error.message).toMatch(/nothing was imported/);
    const project = await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`);
    expect(project.stats.tasks).toBe(1);
    expect((await allTasks(t.owner, p.id)).map((x) => x.data.text)).toEqual(['已有']);
  });

  it('a bad record after megabytes of good ones imports nothing (on PostgreSQL the good ones were inserted already)', async () => {
    const p = await newProject('late bad');
    // 3 MB of valid tasks: several insert batches of 1 MiB go to the database before the bad line is read.
    const good = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ text: `第${i}条 ` + '长'.repeat(330) })).join('\n');
    const res = await rawImport(p.id, `${good}\n{"text":42}\n{"text":"after"}\n`, 'application/x-ndjson');
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details.line).toBe(3001);
    const rows = await t.database.system((tx) => sql<{ tasks: number; imports: number }>`SELECT (SELECT count(*)::int FROM tasks WHERE project_id = ${p.id}) AS tasks, (SELECT count(*)::int FROM imports WHERE project_id = ${p.id}) AS imports`.execute(tx));
    expect(rows.rows[0]).toEqual({ tasks: 0, imports: 0 });
    // The same file without the bad line imports whole, in order, and its import row has its count and source.
    const ok = await rawImport(p.id, `${good}\n{"text":"after"}\n`, 'application/x-ndjson');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.taskCount).toBe(3001);
    const imported = await t.database.system((tx) => sql<{ task_count: number; source_sha256: string | null; last: string }>`SELECT i.task_count, i.source_sha256, (SELECT data->>'text' FROM tasks WHERE import_id = i.id ORDER BY id DESC LIMIT 1) AS last FROM imports i WHERE i.project_id = ${p.id}`.execute(tx));
    expect(imported.rows).toEqual([{ task_count: 3001, source_sha256: ok.body.sourceSha256, last: 'after' }]);
  });

  it('answers other requests while an upload is still arriving (the import holds no transaction PGlite would queue behind)', async () => {
    const p = await newProject('slow upload');
    let finish!: () => void;
    const rest = new Promise<void>((resolve) => (finish = resolve));
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('{"text":"先到"}\n'.repeat(2000)));
        await rest;
        controller.enqueue(encoder.encode('{"text":"后到"}\n'));
        controller.close();
      },
    });
    const upload = fetch(`${t.url}/api/v1/projects/${p.id}/import`, { method: 'POST', headers: t.owner.authHeaders('POST', { 'content-type': 'application/x-ndjson' }), body, duplex: 'half' } as RequestInit);
    // Mid-upload, reads and writes elsewhere go through; were they queued behind the import, this would never return.
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.owner.request('GET', `/api/v1/projects/${p.id}`)).status).toBe(200);
    expect((await newProject('made meanwhile')).id).toBeTruthy();
    finish();
    const res = await upload;
    expect(res.status).toBe(201);
    expect(((await res.json()) as ImportResultDto).taskCount).toBe(2001);
  });

  it('reports every bad record of a file, not only the first', async () => {
    const p = await newProject('many bad');
    const res = await rawImport(p.id, '{"text":1}\n{"text":"ok"}\n{"nope":true}\n', 'application/x-ndjson');
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i) => [i.line, i.path])).toEqual([
      [1, 'text'],
      [3, 'text'],
    ]);
    expect((await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`)).stats.tasks).toBe(0);
  });

  it('refuses an upload whose format it cannot tell, and an empty file', async () => {
    const p = await newProject('unknown format');
    const unknown = await t.owner.upload<ErrorBody>(`/api/v1/projects/${p.id}/import`, multipart('{"text":"x"}', 'tasks.txt'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('bad_request');
    const empty = await rawImport(p.id, '\n\n', 'application/x-ndjson');
    expect(empty.status).toBe(400);
    expect((await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`)).stats.tasks).toBe(0);
  });

  it.skipIf(!existsSync(LS_TASKS))("imports Label Studio's own text-NER tasks file", async () => {
    const file = await readFile(LS_TASKS);
    const source = JSON.parse(file.toString('utf8')) as { data: { text: string } }[];
    const p = await newProject('label studio', chineseNerTemplate);
    const res = await t.owner.upload<ImportResultDto>(`/api/v1/projects/${p.id}/import`, multipart(file, 'tasks.json'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.taskCount).toBe(source.length);
    const tasks = await allTasks(t.owner, p.id);
    expect(tasks.map((x) => x.data.text)).toEqual(source.map((r) => r.data.text));
  });
  if (!existsSync(LS_TASKS)) console.warn(`[import-export] ${LS_TASKS} is absent: skipping the Label Studio fixture import`);

  describe('export', () => {
    let p: ProjectDto;
    let annotation: AnnotationDto;
    const v1 = [
      { id: 'n1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '李明', labels: ['PER'] } },
      { id: 's1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['neutral'] } },
    ];
    const v2 = [
      { id: 'n1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '李明', labels: ['PER'] } },
      { id: 'n2', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 7, text: '北京大学', labels: ['ORG'] } },
      { id: 's1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
    ];

    beforeAll(async () => {
      p = await newProject('导出 项目');
      await rawImport(p.id, ['{"text":"李明在北京大学读书，很开心。"}', '{"text":"=1+1, 未标注的\\"任务\\""}'].join('\n'), 'application/x-ndjson');
      const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`);
      expect(next.task!.data.text).toBe('李明在北京大学读书，很开心。');
      annotation = await t.owner.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: v1, leadTimeMs: 1200 });
      expect(annotation.version).toBe(1);
    });

    it('an edit on the current baseVersion saves version 2; a stale baseVersion is 409 and changes nothing', async () => {
      const edited = await t.owner.expect<AnnotationDto>(200, 'PUT', `/api/v1/annotations/${annotation.id}`, { result: v2, baseVersion: 1, leadTimeMs: 300 });
      expect(edited.version).toBe(2);
      expect(edited.result).toEqual(v2);
      const stale = await t.owner.request<ErrorBody>('PUT', `/api/v1/annotations/${annotation.id}`, { result: v1, baseVersion: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('conflict');
      expect(stale.body.error.details).toMatchObject({ currentVersion: 2, baseVersion: 1 });
      const noBase = await t.owner.request<ErrorBody>('PUT', `/api/v1/annotations/${annotation.id}`, { result: v1 });
      expect(noBase.status).toBe(409);
      const versions = await t.owner.expect<AnnotationVersionDto[]>(200, 'GET', `/api/v1/annotations/${annotation.id}/versions`);
      expect(versions.map((v) => [v.version, v.result])).toEqual([
        [1, v1],
        [2, v2],
      ]);
      const task = await t.owner.expect<{ annotations: AnnotationDto[] }>(200, 'GET', `/api/v1/tasks/${annotation.taskId}`);
      expect(task.annotations.map((a) => a.version)).toEqual([2]);
    });

    it('JSONL export holds every task, every annotation version and the latest result', async () => {
      const res = await t.owner.get<string>(`/api/v1/projects/${p.id}/export?format=jsonl`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''.*\.jsonl$/);
      const records = res.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ExportRecord);
      expect(records).toHaveLength(2);
      const [done, open] = records;
      expect(done!.data).toEqual({ text: '李明在北京大学读书，很开心。' });
      expect(done!.annotations).toHaveLength(1);
      expect(done!.annotations[0]!.annotator).toBe('owner@example.com');
      expect(done!.annotations[0]!.versions.map((v) => [v.version, v.result, v.lead_time_ms, v.created_by])).toEqual([
        [1, v1, 1200, 'owner@example.com'],
        [2, v2, 300, 'owner@example.com'],
      ]);
      expect(done!.annotations[0]!.result).toEqual(v2);
      expect(done!.result).toEqual(v2);
      expect(open!.annotations).toEqual([]);
      expect(open!.result).toBeNull();
      expect(open!.data.text).toBe('=1+1, 未标注的"任务"');
    });

    it('CSV export parses back with the right columns, Chinese intact', async () => {
      // Raw bytes: Response.text() would drop the BOM we want to see.
      const res = await fetch(`${t.url}/api/v1/projects/${p.id}/export?format=csv`, { headers: t.owner.authHeaders('GET') });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/csv/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(2);
      expect(Object.keys(rows[0]!)).toEqual(['id', 'text', 'ner', 'sentiment', 'annotators', 'annotation_count']);
      const [done, open] = rows;
      expect(done!.text).toBe('李明在北京大学读书，很开心。');
      expect(JSON.parse(done!.ner!)).toEqual([
        { start: 0, end: 2, text: '李明', label: 'PER' },
        { start: 3, end: 7, text: '北京大学', label: 'ORG' },
      ]);
      expect(done!.sentiment).toBe('positive');
      expect(done!.annotators).toBe('owner@example.com');
      expect(done!.annotation_count).toBe('1');
      // Formula-looking text is defused for spreadsheets, the rest kept verbatim.
      expect(open!.text).toBe(`'=1+1, 未标注的"任务"`);
      expect(open!.annotation_count).toBe('0');
    });
  });
});
