// Uploads one huge image (default 20,000 × 20,000) through the real HTTP API and reports how long until a
// viewer can show it: the Deep Zoom descriptor plus the tiles of the first screen.
// Usage: node bench/huge-image.mjs [side=20000] [postgres://admin-url]
// Figures (seconds unless named otherwise):
//   uploadSeconds        sending the file (multipart) until its last byte was handed to the network
//   processingSeconds    last byte sent → the upload's answer (decode, thumbnail, tile pyramid, blobs, task)
//   firstScreenSeconds   last byte sent → descriptor + first screen's tiles received: "upload completion to viewable"
//   openColdMs           descriptor + first screen's tiles, right after the upload (tile manifest not yet cached)
//   openWarmMs           the same again, median of 5 (what a viewer opening the image later waits: "opens in under 2 s")
// The first screen is a 1920 × 1080 viewer fitting the whole image: the smallest level at least 1080 px
// high (1250 px for 20,000), fetched 6 at a time like a browser. Needs the built packages (npm install builds them).
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const run = promisify(execFile);
const side = Number(process.argv[2] ?? 20000);
const scratch = process.argv[3] ? await createScratchDatabase(process.argv[3]) : undefined;
const databaseUrl = scratch?.url;
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-huge-'));
const file = join(dir, 'huge.jpg');

// Mild Gaussian noise: compresses like a real scan, not like a flat colour (which would flatter every step).
// Made in a child process, so the memory figures below are the server's alone.
const t0 = performance.now();
const maker = `import sharp from 'sharp'; await sharp({ create: { width: ${side}, height: ${side}, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 12 } }, limitInputPixels: false }).jpeg({ quality: 85 }).toFile(${JSON.stringify(file)});`;
await run(process.execPath, ['--input-type=module', '-e', maker], { cwd: dirname(fileURLToPath(import.meta.url)) });
const makeSeconds = (performance.now() - t0) / 1000;
const bytes = (await stat(file)).size;

const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl, demo: false, logLevel: 'warn', env: {} });
let peakRss = process.memoryUsage().rss;
const baseRss = peakRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: 'Bench' }) });
  const me = await setup.json();
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const headers = { cookie, 'x-csrf-token': me.csrfToken };
  const labelConfig = { version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'textarea', name: 'caption', toName: 'image' }] };
  const project = await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', labelConfig }) })).json();

  // Streamed multipart upload, so "last byte sent" is observable ('finish' on the request).
  const boundary = `bench-${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="huge.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`);
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
  const stored = body.files[0];
  if (stored?.status !== 'stored' || !stored.tilesUrl) throw new Error(`upload not stored with tiles: ${JSON.stringify(body)}`);

  const maxLevel = Math.ceil(Math.log2(side));
  let level = maxLevel;
  while (level > 0 && Math.ceil(side / 2 ** (maxLevel - level + 1)) >= 1080) level--;
  const levelSide = Math.ceil(side / 2 ** (maxLevel - level));
  const perSide = Math.ceil(levelSide / 254);
  const tilePaths = [];
  for (let col = 0; col < perSide; col++) for (let row = 0; row < perSide; row++) tilePaths.push(`${stored.url}/tiles/image_files/${level}/${col}_${row}.jpeg`);

  const get = async (path) => {
    const res = await fetch(server.url + path, { headers: { cookie } });
    const buf = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    return buf.byteLength;
  };
  const openViewer = async () => {
    const t = performance.now();
    await get(stored.tilesUrl);
    let next = 0;
    let tileBytes = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < tilePaths.length) tileBytes += await get(tilePaths[next++]);
      }),
    );
    return { ms: performance.now() - t, tileBytes };
  };
  const cold = await openViewer();
  const tFirstScreen = performance.now();
  const warm = [];
  for (let i = 0; i < 5; i++) warm.push((await openViewer()).ms);
  warm.sort((a, b) => a - b);

  // The kernel's high-water mark catches native (libvips) peaks a 100 ms sampler can miss.
  const hwm = /VmHWM:\s+(\d+) kB/.exec(await readFile('/proc/self/status', 'utf8').catch(() => ''));
  if (hwm) peakRss = Math.max(peakRss, Number(hwm[1]) * 1024);
  console.log(
    JSON.stringify({
      backend: databaseUrl ? 'postgres' : 'pglite',
      image: `${side}x${side}`,
      fileMB: +(bytes / 1048576).toFixed(1),
      makeSeconds: +makeSeconds.toFixed(1),
      uploadSeconds: +((tSent - tStart) / 1000).toFixed(2),
      processingSeconds: +((tAnswer - tSent) / 1000).toFixed(1),
      firstScreenSeconds: +((tFirstScreen - tSent) / 1000).toFixed(1),
      firstScreen: { level, levelPx: levelSide, tiles: tilePaths.length, kB: Math.round(cold.tileBytes / 1024) },
      openColdMs: Math.round(cold.ms),
      openWarmMs: Math.round(warm[2]),
      baseRssMB: Math.round(baseRss / 1048576),
      peakRssMB: Math.round(peakRss / 1048576),
      rssGrowthMB: Math.round((peakRss - baseRss) / 1048576),
    }),
  );
} finally {
  clearInterval(sampler);
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
