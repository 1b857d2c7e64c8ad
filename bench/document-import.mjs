// Uploads one long text PDF through the real HTTP API and reports how long its import takes and how much
// memory the server process held: the upload stores the PDF and answers with a `document-intake` job,
// which reads every page's text layer, draws it as a JPEG picture and a thumbnail, and stores them in
// batches of pages with a checkpoint after each (docs/documents.md). The issue's case: a 300-page document.
// Usage: node bench/document-import.mjs [pages=300] [postgres://admin-url]
// Figures: pdfBytes, uploadSeconds (request sent → answer, the job queued), readySeconds (request sent →
// job succeeded and the task made, polled every 100 ms), pagesPerSecond (over readySeconds), peakRssMB (the whole
// process: server, pdf.js, canvas; sampled every 50 ms), layoutKB (the manifest the viewer opens first),
// openSeconds (layout + page 150's picture and text layer, as the workbench asks for them).
// Needs the built packages (npm install builds them).
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const pages = Number(process.argv[2] ?? 300);
const scratch = process.argv[3] ? await createScratchDatabase(process.argv[3]) : undefined;

/** A text PDF: `pages` A4 pages of 40 lines of Helvetica each (the same writer as the tests', inlined). */
function textPdf(count) {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'];
  const kids = [];
  for (let p = 1; p <= count; p++) {
    const lines = [];
    for (let l = 0; l < 40; l++) lines.push(`BT /F1 11 Tf 60 ${780 - l * 18} Td (Page ${p}, line ${l + 1}: Article ${l + 1} of the regulation on data security applies to every ministry.) Tj ET`);
    const content = lines.join('\n');
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${objects.length} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const pdf = textPdf(pages);
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-document-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl: scratch?.url, demo: false, logLevel: 'warn', env: {} });
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: 'Bench' }) });
  const me = await setup.json();
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const headers = { cookie, 'x-csrf-token': me.csrfToken };
  const labelConfig = { version: 1, fields: [{ name: 'document', type: 'document' }], controls: [{ type: 'rectanglelabels', name: 'regions', toName: 'document', labels: [{ value: 'table', color: '#43a047' }] }] };
  const project = await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', labelConfig }) })).json();
  // node:http rather than fetch: fetch gives up on an answer that takes over 300 s to start.
  const boundary = `bench-${Date.now()}`;
  const multipart = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="long.pdf"\r\ncontent-type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const { status, body } = await new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}/api/v1/projects/${project.id}/media`, { method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': multipart.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(multipart);
  });
  const uploadSeconds = (performance.now() - t0) / 1000;
  if (status !== 200 || body.files[0]?.status !== 'processing') throw new Error(`upload failed: ${status} ${JSON.stringify(body).slice(0, 500)}`);
  let job;
  for (;;) {
    job = await (await fetch(`${server.url}/api/v1/jobs/${body.files[0].jobId}`, { headers })).json();
    if (job.status !== 'queued' && job.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const readySeconds = (performance.now() - t0) / 1000;
  if (job.status !== 'succeeded' || !job.result.taskId) throw new Error(`intake job ${job.status}: ${job.error}`);
  const file = job.result;
  const t1 = performance.now();
  const layout = await (await fetch(`${server.url}${file.layoutUrl}`, { headers })).arrayBuffer();
  const middle = Math.ceil(pages / 2);
  await (await fetch(`${server.url}${file.url}/pages/${middle}`, { headers })).arrayBuffer();
  await (await fetch(`${server.url}${file.url}/pages/${middle}/text`, { headers })).arrayBuffer();
  const openSeconds = (performance.now() - t1) / 1000;
  console.log(
    JSON.stringify({
      pages,
      pdfBytes: pdf.length,
      textLength: file.textLength,
      uploadSeconds: Math.round(uploadSeconds * 100) / 100,
      readySeconds: Math.round(readySeconds * 10) / 10,
      pagesPerSecond: Math.round((pages / readySeconds) * 10) / 10,
      rssBeforeMB: Math.round(rssBefore / 1048576),
      peakRssMB: Math.round(peakRss / 1048576),
      layoutKB: Math.round(layout.byteLength / 1024),
      openSeconds: Math.round(openSeconds * 1000) / 1000,
      database: scratch ? 'postgres' : 'pglite',
    }),
  );
} finally {
  clearInterval(sampler);
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
