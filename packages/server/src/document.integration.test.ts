import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { characterErrorRate, documentExtractionTemplate, type DocumentLayout, type DocumentPageText, type ErrorBody, type JobDto, type MediaFileResult, type MediaIntakeResultDto, type NextTaskDto, type OrgDto, type ProjectDto, type TaskPageDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember } from './test-support/helpers.js';
import { writePdf } from './test-support/pdf-writer.js';
import { tesseractAvailable } from './test-support/tesseract.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { settleIntake, waitForJob } from './test-support/jobs.js';
import { JobRunner } from './jobs/job-runner.js';
import { createJobHandlers } from './jobs/handlers.js';

const ocr = tesseractAvailable();

/** An A4 page of Helvetica text (a real text layer). */
const A4 = { width: 595, height: 842 };
const textPdf = writePdf([
  { ...A4, lines: [{ x: 72, y: 770, size: 18, text: 'Notice on Data Security' }, { x: 72, y: 740, size: 12, text: 'Issued by: General Office' }] },
  { ...A4, lines: [{ x: 72, y: 770, size: 12, text: 'Document No. 5' }, { x: 72, y: 700, size: 12, text: 'Date: 2024-05-01' }] },
]);
const SCANNED_LINES = ['关于开展数据安全检查的通知', '各省人民政府办公厅：'];

/** A scanned page: Chinese text drawn in the WenQuanYi font by sharp, as a JPEG filling the page (no text layer). */
async function scannedPdf(): Promise<Buffer> {
  const [w, h] = [1240, 1754];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="white"/>${SCANNED_LINES.map(
    (l, i) => `<text x="120" y="${300 + i * 120}" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="56" fill="black">${l}</text>`,
  ).join('')}</svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
  return writePdf([{ ...A4, jpeg, pixelWidth: w, pixelHeight: h }]);
}

function form(files: { name: string; bytes: Buffer }[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return data;
}

const taskCount = async (client: ApiClient, projectId: string) => (await client.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${projectId}/tasks?limit=500`)).items.length;

async function getBytes(client: ApiClient, path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(client.baseUrl + path, { headers: client.authHeaders('GET', {}) });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe.each(BACKENDS)('document intake and annotation on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  let intake: MediaIntakeResultDto;
  const file = (name: string) => intake.files.find((f) => f.name === name)!;

  beforeAll(async () => {
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'documents', labelConfig: documentExtractionTemplate });
    const files = [
      { name: 'notice.pdf', bytes: textPdf },
      { name: 'fake.pdf', bytes: Buffer.from('not a PDF at all') },
      ...(ocr ? [{ name: 'scan.pdf', bytes: await scannedPdf() }] : []),
    ];
    const res = await t.owner.upload<MediaIntakeResultDto & ErrorBody>(`/api/v1/projects/${project.id}/media`, form(files));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The upload stored the PDFs and queued one job each; the pages are read in the background.
    expect(res.body.files.find((f) => f.name === 'notice.pdf')).toMatchObject({ status: 'processing', jobId: expect.any(String) as unknown });
    intake = await settleIntake(t.owner, res.body);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('stores a text PDF as one task with its page count and text length, and rejects what is no PDF', async () => {
    const notice = file('notice.pdf');
    expect(notice).toMatchObject({ status: 'stored', pages: 2, ocrPages: 0, url: `/api/v1/media/${notice.sha256!}`, layoutUrl: `/api/v1/media/${notice.sha256!}/layout` });
    expect(file('fake.pdf')).toMatchObject({ status: 'rejected', reason: expect.stringContaining('not a supported document: send PDF files') as unknown });
    const task = await t.owner.expect<{ data: Record<string, unknown> }>(200, 'GET', `/api/v1/tasks/${notice.taskId!}`);
    expect(task.data).toEqual({ document: notice.url, pages: 2, textLength: notice.textLength });
    // The PDF itself is what the document's URL serves.
    const pdf = await getBytes(t.owner, notice.url!);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.equals(textPdf)).toBe(true);
    // The same PDF again is recognised before it is read a second time.
    const again = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, form([{ name: 'again.pdf', bytes: textPdf }]));
    expect(again.body.files[0]).toMatchObject({ status: 'duplicate', taskId: notice.taskId, pages: 2, textLength: notice.textLength });
  });

  it('extracts the text layer with boxes in percent of the page, page by page, and draws each page', async () => {
    const notice = file('notice.pdf');
    const layout = await t.owner.expect<DocumentLayout>(200, 'GET', notice.layoutUrl!);
    expect(layout.pages.map((p) => [p.width, p.height, p.source, p.offset])).toEqual([
      [595, 842, 'text', 0],
      [595, 842, 'text', layout.pages[0]!.length + 1],
    ]);
    expect(layout.textLength).toBe(notice.textLength);
    const page1 = await t.owner.expect<DocumentPageText>(200, 'GET', `${notice.url!}/pages/1/text`);
    expect(page1.text).toBe('Notice on Data Security\nIssued by: General Office');
    const page2 = await t.owner.expect<DocumentPageText>(200, 'GET', `${notice.url!}/pages/2/text`);
    expect(page2.text).toBe('Document No. 5\nDate: 2024-05-01');
    // "Date: …" starts 72 pt from the left and its 12 pt line sits 700 pt above the bottom edge.
    const date = page2.items.find((i) => page2.text.slice(i.start, i.end).startsWith('Date'))!;
    expect(date.x).toBeCloseTo((72 / 595) * 100, 1);
    expect(date.y).toBeCloseTo(((842 - 700 - 12) / 842) * 100, 1);
    expect(date.h).toBeCloseTo((12 / 842) * 100, 1);
    const picture = await getBytes(t.owner, `${notice.url!}/pages/2`);
    expect(picture.type).toBe('image/jpeg');
    const meta = await sharp(picture.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([layout.pages[1]!.imageWidth, 1600]);
    // The page is drawn: some dark pixels where the text is.
    const stats = await sharp(picture.bytes).stats();
    expect(stats.channels[0]!.min).toBeLessThan(80);
    const thumb = await sharp((await getBytes(t.owner, `${notice.url!}/pages/1/thumb`)).bytes).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(256);
    expect((await t.owner.request<ErrorBody>('GET', `${notice.url!}/pages/3`)).status).toBe(404);
  });

  it.skipIf(!ocr)('OCRs a scanned page (no text layer) with chi_sim+eng, with word boxes and confidence', async () => {
    const scan = file('scan.pdf');
    expect(scan).toMatchObject({ status: 'stored', pages: 1, ocrPages: 1 });
    const layout = await t.owner.expect<DocumentLayout>(200, 'GET', scan.layoutUrl!);
    expect(layout.pages[0]).toMatchObject({ source: 'ocr' });
    expect(layout.pages[0]!.confidence).toBeGreaterThan(50);
    const page = await t.owner.expect<DocumentPageText>(200, 'GET', `${scan.url!}/pages/1/text`);
    const cer = characterErrorRate(SCANNED_LINES.join('').replace(/\s/g, ''), page.text.replace(/\s/g, '')).rate;
    expect(cer, page.text).toBeLessThan(0.2);
    expect(page.items.every((i) => i.conf !== undefined && i.x >= 0 && i.x + i.w <= 100.001)).toBe(true);
  });

  it('takes a page box, a span, a key–value pair and a reading order, and checks them against the document', async () => {
    const claim = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const notice = file('notice.pdf');
    expect(claim.task!.id).toBe(notice.taskId);
    const page1 = await t.owner.expect<DocumentPageText>(200, 'GET', `${notice.url!}/pages/1/text`);
    const start = page1.text.indexOf('General Office');
    const result = [
      { id: 'b1', from_name: 'regions', to_name: 'document', type: 'rectanglelabels', value: { page: 1, x: 10, y: 6, width: 40, height: 4, rectanglelabels: ['title'] } },
      { id: 'b2', from_name: 'regions', to_name: 'document', type: 'rectanglelabels', value: { page: 2, x: 10, y: 14, width: 30, height: 3, rectanglelabels: ['text'] } },
      { id: 's1', from_name: 'fields', to_name: 'document', type: 'labels', value: { page: 1, start, end: start + 14, text: 'General Office', labels: ['VALUE'] } },
      { id: 'kv', from_name: 'kv', to_name: 'document', type: 'keyvalue', value: { key: 'issuer', valueId: 's1' } },
      { id: 'ro', from_name: 'order', to_name: 'document', type: 'readingorder', value: { order: ['b1', 'b2'] } },
    ];
    const bad = structuredClone(result);
    (bad[1]!.value as { page: number }).page = 3;
    (bad[2]!.value as { end: number }).end = 999;
    const refused = await t.owner.request<ErrorBody>('POST', `/api/v1/assignments/${claim.assignment!.id}/annotations`, { result: bad, leadTimeMs: 1000 });
    expect(refused.status).toBe(400);
    const text = JSON.stringify(refused.body);
    expect(text).toContain('result[1].value.page');
    expect(text).toContain('must be ≤ 2, the document');
    expect(text).toContain('result[2].value.end');
    await t.owner.expect(201, 'POST', `/api/v1/assignments/${claim.assignment!.id}/annotations`, { result, leadTimeMs: 1000 });
    const exported = await t.owner.get<string>(`/api/v1/projects/${project.id}/export?format=jsonl`);
    const line = (exported.body as string).split('\n').find((l) => l.includes(notice.taskId!))!;
    expect(line).toContain('"readingorder"');
    expect(line).toContain('"General Office"');
  });

  it('answers the upload before the pages are read, makes the task only when the job finishes, resumes after a stop, and fails a broken PDF without a task', async () => {
    // No runner in this server: the jobs wait in the queue until the test starts one.
    const idle = await startTestServer(backend, { config: { jobWorkers: 0 } });
    let runner: JobRunner | undefined;
    try {
      const docs = await idle.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'queued documents', labelConfig: documentExtractionTemplate });
      const pageCount = 45;
      const long = writePdf(Array.from({ length: pageCount }, (_, i) => ({ ...A4, lines: [{ x: 72, y: 770, size: 14, text: `Page ${i + 1} of the annual report` }] })));
      const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]);
      const res = await idle.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${docs.id}/media`, form([{ name: 'report.pdf', bytes: long }, { name: 'broken.pdf', bytes: broken }]));
      expect(res.status).toBe(200);
      const [report, bad] = res.body.files;
      expect(report).toMatchObject({ status: 'processing', jobId: expect.any(String) as unknown, url: expect.stringContaining('/api/v1/media/') as unknown });
      expect(bad).toMatchObject({ status: 'processing' });
      expect(await idle.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${report!.jobId!}`)).toMatchObject({ kind: 'document-intake', status: 'queued', done: 0 });
      expect(await taskCount(idle.owner, docs.id)).toBe(0);

      // A worker reads the first batches, then stops (as on shutdown) and gives the job back at its checkpoint.
      runner = new JobRunner(idle.database, createJobHandlers(idle.server.services), { pollMs: 50, log: () => undefined });
      runner.start();
      const partway = await waitForJob(idle.owner, report!.jobId!, (j) => j.done >= 10 || j.status === 'succeeded');
      await runner.stop();
      const stopped = await idle.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${report!.jobId!}`);
      if (partway.status !== 'succeeded' && stopped.status !== 'succeeded') {
        // Stopped mid-document: its pages are checkpointed, and no task exists yet.
        expect(stopped).toMatchObject({ status: 'queued', total: pageCount });
        expect(stopped.done % 10).toBe(0);
        expect(await taskCount(idle.owner, docs.id)).toBe(0);
      }

      runner = new JobRunner(idle.database, createJobHandlers(idle.server.services), { pollMs: 50, log: () => undefined });
      runner.start();
      const finished = await waitForJob(idle.owner, report!.jobId!);
      expect(finished).toMatchObject({ status: 'succeeded', done: pageCount, total: pageCount });
      const stored = finished.result as MediaFileResult;
      expect(stored).toMatchObject({ status: 'stored', pages: pageCount, ocrPages: 0, sha256: report!.sha256, taskId: expect.any(String) as unknown });
      const layout = await idle.owner.expect<DocumentLayout>(200, 'GET', stored.layoutUrl!);
      expect(layout.pages.map((p) => p.offset)).toEqual(layout.pages.map((_, i) => layout.pages.slice(0, i).reduce((n, p) => n + p.length + 1, 0)));
      const page45 = await idle.owner.expect<DocumentPageText>(200, 'GET', `${stored.url!}/pages/45/text`);
      expect(page45.text).toBe('Page 45 of the annual report');

      // The broken PDF passes the upload's sniff and fails in its job, with the reason and no task.
      const failed = await waitForJob(idle.owner, bad!.jobId!);
      expect(failed.status).toBe('failed');
      expect(failed.error).toContain('broken.pdf: not a readable PDF');
      const tasks = await idle.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${docs.id}/tasks?limit=500`);
      expect(tasks.items.map((i) => i.id)).toEqual([stored.taskId]);
    } finally {
      await runner?.stop();
      await idle.close();
    }
  }, 180_000);

  it('serves the layout and pages only to members of an organisation that has the document', async () => {
    const notice = file('notice.pdf');
    const org = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
    const outsider = await addMember(t, 'doc-outsider@example.com', 'owner', { orgId: org.id });
    for (const path of [notice.url!, notice.layoutUrl!, `${notice.url!}/pages/1`, `${notice.url!}/pages/1/text`, `${notice.url!}/pages/1/thumb`]) {
      expect((await outsider.request<ErrorBody>('GET', path)).status, path).toBe(404);
    }
  });
});
