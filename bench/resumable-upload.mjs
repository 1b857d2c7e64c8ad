// Sends one video through the resumable-upload API (docs/media.md, "Resumable uploads") and, for
// comparison, through the one-request multipart upload, over real HTTP; reports what chunking costs.
// Halfway through, one chunk's connection is broken after half its bytes, as a flaky network would, and the
// upload resumes from the offset the server kept.
// Usage: node bench/resumable-upload.mjs [minutes=2] [chunkMb=8] [postgres://admin-url]
// Figures (seconds unless named otherwise):
//   multipartSeconds   the whole file in one multipart request, until its answer (stored)
//   resumableSeconds   session created → last chunk's answer (stored), including the broken chunk and its resume
//   lastChunkSeconds   of that, the last chunk's request: its bytes, then hashing the whole file and the media intake
//   chunks (successful PATCHes), meanChunkMs (the others' mean round trip), resentBytes (sent twice because of
//   the break: 0 when the server kept every byte that reached it)
// Needs ffmpeg and the built packages. The video is cached in .tmp/bench-video/ (shared with video-ready.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const run = promisify(execFile);
const minutes = Number(process.argv[2] ?? 2);
const chunkBytes = Number(process.argv[3] ?? 8) * 1024 * 1024;
const scratch = process.argv[4] ? await createScratchDatabase(process.argv[4]) : undefined;
const cacheDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.tmp', 'bench-video');
await mkdir(cacheDir, { recursive: true });
const file = join(cacheDir, `${minutes}min-1080p-playable.mp4`);
if (!existsSync(file)) {
  const seconds = minutes * 60;
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-shortest', '-c:v', 'libx264', '-preset', 'fast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', `${file}.part.mp4`]);
  await run('mv', [`${file}.part.mp4`, file]);
}
const size = (await stat(file)).size;
const bytes = readFileSync(file);

const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-resumable-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl: scratch?.url, demo: false, logLevel: 'warn', env: {} });
try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: 'Bench' }) });
  const me = await setup.json();
  const headers = { cookie: setup.headers.get('set-cookie').split(';')[0], 'x-csrf-token': me.csrfToken };
  const labelConfig = { version: 1, fields: [{ name: 'video', type: 'video' }], controls: [{ type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'car', color: '#e5484d' }] }] };
  const newProject = async (name) => (await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name, labelConfig }) })).json()).id;

  // Baseline: the whole file in one multipart request.
  const form = new FormData();
  form.append('files', new Blob([bytes]), 'bench.mp4');
  let t0 = performance.now();
  const multipart = await (await fetch(`${server.url}/api/v1/projects/${await newProject('multipart')}/media`, { method: 'POST', headers, body: form })).json();
  const multipartSeconds = (performance.now() - t0) / 1000;
  if (multipart.stored !== 1) throw new Error(`multipart upload not stored: ${JSON.stringify(multipart)}`);

  // Resumable: chunk by chunk, one chunk broken halfway through the file.
  const project = await newProject('resumable');
  t0 = performance.now();
  const session = await (await fetch(`${server.url}/api/v1/projects/${project}/uploads`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ filename: 'bench.mp4', size }) })).json();
  const patch = (offset, body) => fetch(`${server.url}/api/v1/uploads/${session.id}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) }, body });
  let offset = 0;
  let chunks = 0;
  let resentBytes = 0;
  let broken = false;
  let lastChunkMs = 0;
  let otherChunksMs = 0;
  let answer;
  while (offset < size) {
    const end = Math.min(size, offset + chunkBytes);
    if (!broken && offset >= size / 2) {
      broken = true;
      const half = Math.floor((end - offset) / 2);
      await new Promise((resolve) => {
        const req = httpRequest(`${server.url}/api/v1/uploads/${session.id}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), 'content-length': String(end - offset) } });
        req.on('error', resolve).on('close', resolve);
        req.write(bytes.subarray(offset, offset + half), () => setTimeout(() => req.destroy(), 200));
      });
      let kept = offset;
      for (let i = 0; i < 100 && kept === offset; i++) {
        kept = Number((await fetch(`${server.url}/api/v1/uploads/${session.id}`, { method: 'HEAD', headers })).headers.get('upload-offset'));
        if (kept === offset) await new Promise((r) => setTimeout(r, 20));
      }
      resentBytes += offset + half - kept;
      offset = kept;
      continue;
    }
    const t = performance.now();
    const res = await patch(offset, bytes.subarray(offset, end));
    answer = await res.json();
    if (end === size) lastChunkMs = performance.now() - t;
    else otherChunksMs += performance.now() - t;
    if (res.status !== 200) throw new Error(`PATCH at ${offset}: ${res.status} ${JSON.stringify(answer)}`);
    offset = answer.offset;
    chunks++;
  }
  const resumableSeconds = (performance.now() - t0) / 1000;
  if (answer.status !== 'completed' || answer.result.stored !== 1) throw new Error(`resumable upload not stored: ${JSON.stringify(answer)}`);
  const round = (n) => Math.round(n * 100) / 100;
  console.log(
    JSON.stringify(
      {
        file: `${minutes} min 1080p H.264`,
        megabytes: round(size / 1048576),
        chunkMb: chunkBytes / 1048576,
        database: server.services.database.kind,
        multipartSeconds: round(multipartSeconds),
        resumableSeconds: round(resumableSeconds),
        lastChunkSeconds: round(lastChunkMs / 1000),
        chunks,
        meanChunkMs: round(otherChunksMs / Math.max(1, chunks - 1)),
        resentBytes,
      },
      null,
      1,
    ),
  );
} finally {
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
