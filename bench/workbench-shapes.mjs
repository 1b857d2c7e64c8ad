// Opens an image annotation holding 2,000 shapes (boxes, polygons, keypoints with a skeleton) on the edit
// page (real server, real Chromium), then zooms with the wheel and pans with the middle button for a few
// seconds while the page counts animation frames. Prints frames per second (the floor is 50) and how long
// the page took to show every shape. Usage: node bench/workbench-shapes.mjs [shapes=2000] [seconds=5]
// Needs the built packages and web app (npm run build) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
/* global document, requestAnimationFrame, window -- these run inside the page */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { DEMO_LOGIN, startServer } from '../packages/server/dist/index.js';

const shapes = Number(process.argv[2] ?? 2000);
const seconds = Number(process.argv[3] ?? 5);

/** A 1600 × 1000 PNG with a soft gradient and a grid, as a data: URL (image fields accept them). */
function scenePng(width, height) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const grid = x % 100 === 0 || y % 100 === 0 ? 40 : 0;
      rows.set([120 + ((x * 100) / width) - grid, 140 + ((y * 80) / height) - grid, 170 - grid], row + 1 + x * 3);
    }
  }
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run draws the same shapes. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POSE = ['head', 'neck', 'hip'];
const config = {
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [
    { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'car', color: '#e53935', hotkey: '1' }, { value: 'person', color: '#1e88e5', hotkey: '2' }] },
    { type: 'polygonlabels', name: 'areas', toName: 'image', labels: [{ value: 'road', color: '#43a047', hotkey: '3' }, { value: 'building', color: '#fb8c00', hotkey: '4' }] },
    {
      type: 'keypointlabels',
      name: 'pose',
      toName: 'image',
      labels: POSE.map((value, i) => ({ value, color: ['#8e24aa', '#00897b', '#6d4c41'][i], hotkey: String(5 + i) })),
      skeleton: [['head', 'neck'], ['neck', 'hip']],
    },
  ],
};

/** `n` shapes: a third boxes, a third polygons (5–8 corners), a third keypoints in head/neck/hip triples. */
function shapesResult(n) {
  const r = random(7);
  const round = (v) => Math.round(v * 1e4) / 1e4;
  const result = [];
  for (let i = 0; i < n; i++) {
    const id = `s${i}`;
    const cx = 5 + r() * 90;
    const cy = 5 + r() * 90;
    if (i % 3 === 0) {
      result.push({ id, from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x: round(cx - 3), y: round(cy - 2), width: 6, height: 4, rectanglelabels: [r() < 0.5 ? 'car' : 'person'] } });
    } else if (i % 3 === 1) {
      const corners = 5 + Math.floor(r() * 4);
      const points = Array.from({ length: corners }, (_, k) => {
        const angle = (k / corners) * 2 * Math.PI;
        const radius = 2 + r() * 2;
        return [round(cx + Math.cos(angle) * radius), round(cy + Math.sin(angle) * radius)];
      });
      result.push({ id, from_name: 'areas', to_name: 'image', type: 'polygonlabels', value: { points, polygonlabels: [r() < 0.5 ? 'road' : 'building'] } });
    } else {
      const label = POSE[Math.floor(i / 3) % 3];
      result.push({ id, from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: round(cx), y: round(cy), keypointlabels: [label] } });
    }
  }
  return result;
}

const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), demo: true, logLevel: 'warn', env: {} });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url + '/login');
  await page.fill('[data-testid=login-email]', DEMO_LOGIN.email);
  await page.fill('[data-testid=login-password]', DEMO_LOGIN.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=project-card]');

  // The project, its task and an annotation holding every shape, through the API with the page's session.
  const result = shapesResult(shapes);
  const editPath = await page.evaluate(
    async ({ config, image, result }) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      const post = async (path, body, extra = {}) => {
        const response = await fetch(path, { method: 'POST', headers: { ...headers, ...extra }, body });
        if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return response.json();
      };
      const p = await post('/api/v1/projects', JSON.stringify({ name: 'shapes', labelConfig: config }));
      await post(`/api/v1/projects/${p.id}/import?format=jsonl`, JSON.stringify({ image }), { 'content-type': 'application/x-ndjson' });
      const next = await post(`/api/v1/projects/${p.id}/next`, '{}');
      const annotation = await post(`/api/v1/assignments/${next.assignment.id}/annotations`, JSON.stringify({ result }));
      return `/projects/${p.id}/tasks/${next.task.id}/annotations/${annotation.id}/edit`;
    },
    { config, image: scenePng(1600, 1000), result },
  );

  let t0 = performance.now();
  await page.goto(server.url + editPath);
  await page.waitForSelector('[data-testid=image-stage]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=image-stage] [data-region-id]').length >= n, shapes, { timeout: 60_000 });
  await page.waitForFunction(() => (document.querySelector('[data-testid=workbench-image]')?.naturalWidth ?? 0) > 0);
  const openMs = performance.now() - t0;

  const viewport = await page.getByTestId('image-viewport').boundingBox();
  if (!viewport) throw new Error('image not shown');
  const cx = viewport.x + viewport.width / 2;
  const cy = viewport.y + viewport.height / 2;

  // Count frames in the page while the mouse zooms and pans from here.
  await page.evaluate(() => {
    const state = { frames: 0, start: performance.now(), running: true, longest: 0, last: performance.now() };
    window.__fps = state;
    const tick = (now) => {
      if (!state.running) return;
      state.frames++;
      state.longest = Math.max(state.longest, now - state.last);
      state.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  t0 = performance.now();
  let step = 0;
  while (performance.now() - t0 < seconds * 1000) {
    // Zoom in a few notches about a wandering point, pan around with the middle button, zoom back out.
    const phase = step % 3;
    const x = cx + Math.sin(step) * viewport.width * 0.2;
    const y = cy + Math.cos(step) * viewport.height * 0.2;
    await page.mouse.move(x, y);
    if (phase === 0) {
      for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -120);
    } else if (phase === 1) {
      await page.mouse.down({ button: 'middle' });
      for (let i = 1; i <= 20; i++) await page.mouse.move(x + Math.sin(i / 3) * 150, y + Math.cos(i / 4) * 100);
      await page.mouse.up({ button: 'middle' });
    } else {
      for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 120);
    }
    step++;
  }
  const measured = await page.evaluate(() => {
    const state = window.__fps;
    state.running = false;
    const elapsed = performance.now() - state.start;
    return { fps: (state.frames * 1000) / elapsed, longestFrameMs: state.longest, zoom: document.querySelector('[data-testid=image-zoom]')?.textContent ?? '' };
  });

  const counts = { rectangles: result.filter((s) => s.type === 'rectanglelabels').length, polygons: result.filter((s) => s.type === 'polygonlabels').length, keypoints: result.filter((s) => s.type === 'keypointlabels').length };
  console.log(JSON.stringify({ shapes, ...counts, fps: +measured.fps.toFixed(1), longestFrameMs: Math.round(measured.longestFrameMs), gestures: step, seconds, openMs: Math.round(openMs) }));
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
