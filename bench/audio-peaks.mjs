// Uploads one long recording (default 2 hours, 16 kHz mono WAV of a tone) through the real HTTP API and
// reports how long the intake took and how long opening it takes in the workbench: the task plus the
// waveform peaks, fetched and read (the browser copy streams while playing, so it is not waited for).
// Usage: node bench/audio-peaks.mjs [seconds=7200] [postgres://admin-url]
// Figures: makeSeconds (ffmpeg writing the WAV), intakeSeconds (upload → answer: probe, one decode into
// AAC + peaks + loudness, blobs, task), peaksBytes, openColdMs (first open), openWarmMs (median of 5).
// Needs the built packages (npm install builds them) and ffmpeg.
import { execFile } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 7200);
const scratch = process.argv[3] ? await createScratchDatabase(process.argv[3]) : undefined;
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-audio-'));
const file = join(dir, 'long.wav');

const t0 = performance.now();
await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=16000`, '-ac', '1', file]);
const makeSeconds = (performance.now() - t0) / 1000;
const bytes = (await stat(file)).size;

const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl: scratch?.url, demo: false, logLevel: 'warn', env: {} });
try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: 'Bench' }) });
  const me = await setup.json();
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const headers = { cookie, 'x-csrf-token': me.csrfToken };
  const labelConfig = { version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'transcript', toName: 'audio' }] };
  const project = await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', labelConfig }) })).json();

  const form = new FormData();
  form.append('files', await openAsBlob(file), 'long.wav');
  const t1 = performance.now();
  const intake = await (await fetch(`${server.url}/api/v1/projects/${project.id}/media`, { method: 'POST', headers, body: form })).json();
  const intakeSeconds = (performance.now() - t1) / 1000;
  const stored = intake.files[0];
  if (stored?.status !== 'stored') throw new Error(`upload failed: ${JSON.stringify(intake)}`);

  // What the workbench does to show the recording: the task, then the peaks, read into min/max pairs.
  const open = async () => {
    const t = performance.now();
    const task = await (await fetch(`${server.url}/api/v1/tasks/${stored.taskId}`, { headers })).json();
    const peaks = Buffer.from(await (await fetch(`${server.url}${task.data.audio}/peaks`, { headers })).arrayBuffer());
    const pairs = peaks.readUInt32LE(16);
    if (peaks.length !== 20 + pairs * 2) throw new Error('peaks cut short');
    return { ms: performance.now() - t, bytes: peaks.length };
  };
  const cold = await open();
  const warm = [];
  for (let i = 0; i < 5; i++) warm.push((await open()).ms);
  warm.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      seconds,
      wavBytes: bytes,
      backend: scratch ? 'postgres' : 'pglite',
      makeSeconds: +makeSeconds.toFixed(1),
      intakeSeconds: +intakeSeconds.toFixed(1),
      duration: stored.duration,
      loudness: stored.loudness,
      peaksBytes: cold.bytes,
      openColdMs: Math.round(cold.ms),
      openWarmMs: Math.round(warm[2]),
    }),
  );
} finally {
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
