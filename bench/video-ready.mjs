// Uploads one long video through the real HTTP API and reports how long until annotators can open it:
// the upload's answer (probe, browser copy, frame index, poster, blobs, task; for a video that must be
// re-encoded: the original stored and a `video-intake` job queued, then polled every 100 ms until its task
// exists), then the first byte range of the served video and its frame index, as the workbench asks for them. The floor: a
// 10-minute 1080p video is ready within one minute of its upload finishing.
// Usage: node bench/video-ready.mjs [minutes=10] [kind=playable|transcode] [postgres://admin-url]
//   playable   H.264 + AAC in a fast-start MP4 (what phones and cameras mostly give): served as uploaded
//   transcode  MPEG-4 Part 2 in Matroska: a background job re-encodes it into a 960x540 H.264 proxy (docs/media.md)
// Figures (seconds unless named otherwise):
//   makeSeconds        generating the test video with ffmpeg (testsrc2 + a tone; `-preset fast` for H.264)
//   uploadSeconds      sending the file until its last byte was handed to the network
//   processingSeconds  last byte sent → the upload's answer
//   jobSeconds         the upload's answer → its video-intake job succeeded (transcode only)
//   readySeconds       last byte sent → answer + first 1 MB range of the video + frame index received
// Needs ffmpeg and the built packages (npm install builds them). The video is cached in .tmp/bench-video/.
import { createReadStream, existsSync } from 'node:fs';
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
const minutes = Number(process.argv[2] ?? 10);
const kind = process.argv[3] ?? 'playable';
if (kind !== 'playable' && kind !== 'transcode') throw new Error(`kind must be "playable" or "transcode", got "${kind}"`);
const scratch = process.argv[4] ? await createScratchDatabase(process.argv[4]) : undefined;
const cacheDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.tmp', 'bench-video');
await mkdir(cacheDir, { recursive: true });
const file = join(cacheDir, `${minutes}min-1080p-${kind}.${kind === 'playable' ? 'mp4' : 'mkv'}`);

let makeSeconds = 0;
if (!existsSync(file)) {
  const t0 = performance.now();
  const seconds = minutes * 60;
  const codec = kind === 'playable' ? ['-c:v', 'libx264', '-preset', 'fast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart'] : ['-c:v', 'mpeg4', '-q:v', '6', '-c:a', 'libvorbis'];
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-shortest', ...codec, `${file}.part.${kind === 'playable' ? 'mp4' : 'mkv'}`]);
  await run('mv', [`${file}.part.${kind === 'playable' ? 'mp4' : 'mkv'}`, file]);
  makeSeconds = (performance.now() - t0) / 1000;
}
const bytes = (await stat(file)).size;

const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-video-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl: scratch?.url, demo: false, logLevel: 'warn', env: {} });
try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: 'Bench' }) });
  const me = await setup.json();
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const headers = { cookie, 'x-csrf-token': me.csrfToken };
  const labelConfig = { version: 1, fields: [{ name: 'video', type: 'video' }], controls: [{ type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'car', color: '#e5484d' }] }] };
  const project = await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', labelConfig }) })).json();

  // Streamed multipart upload, so "last byte sent" is observable ('finish' on the request).
  const boundary = `bench-${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="${file.split('/').pop()}"\r\ncontent-type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const tStart = performance.now();
  let tSent = 0;
  const body = await new Promise((resolve, reject) => {
    const url = new URL(`${server.url}/api/v1/projects/${project.id}/media`);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + bytes + tail.length } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error(`${res.statusCode} ${Buffer.concat(chunks)}`))));
      },
    );
    req.on('error', reject);
    req.on('finish', () => (tSent = performance.now()));
    req.write(head);
    const source = createReadStream(file);
    source.pipe(req, { end: false });
    source.on('end', () => req.end(tail));
  });
  const tAnswer = performance.now();
  let stored = body.files[0];
  const viaJob = stored?.status === 'processing';
  if (viaJob) {
    for (;;) {
      const job = await (await fetch(`${server.url}/api/v1/jobs/${stored.jobId}`, { headers: { cookie } })).json();
      if (job.status === 'succeeded') {
        stored = job.result;
        break;
      }
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`video-intake job ${job.status}: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const tJob = performance.now();
  if (stored?.status !== 'stored') throw new Error(`upload not stored: ${JSON.stringify(body)}`);
  const range = await fetch(server.url + stored.url, { headers: { cookie, range: 'bytes=0-1048575' } });
  await range.arrayBuffer();
  if (range.status !== 206) throw new Error(`range request answered ${range.status}`);
  const index = await (await fetch(server.url + stored.framesUrl, { headers: { cookie } })).json();
  const tReady = performance.now();
  console.log(
    JSON.stringify({
      backend: scratch ? 'postgres' : 'pglite',
      video: `${minutes} min 1920x1080 25 fps, ${kind}`,
      fileMB: +(bytes / 1048576).toFixed(1),
      ...(makeSeconds ? { makeSeconds: +makeSeconds.toFixed(1) } : {}),
      uploadSeconds: +((tSent - tStart) / 1000).toFixed(2),
      processingSeconds: +((tAnswer - tSent) / 1000).toFixed(2),
      ...(viaJob ? { jobSeconds: +((tJob - tAnswer) / 1000).toFixed(2) } : {}),
      readySeconds: +((tReady - tSent) / 1000).toFixed(2),
      frames: stored.frames,
      indexedFrames: index.times.length,
      served: stored.url.endsWith(stored.sha256) ? 'original' : 'converted copy',
    }),
  );
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
  await scratch?.drop();
}
