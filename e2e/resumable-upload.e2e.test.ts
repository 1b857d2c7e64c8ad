/**
 * End to end, in a real browser (docs/media.md, "Resumable uploads"): with a tiny chunk size set through
 * the test hook (`localStorage['yungang.upload.chunkBytes']`), a video goes through an upload session in
 * chunks; one chunk's connection fails and is retried; a second upload is interrupted, the page reloaded,
 * and picking the same file again continues from the server's offset instead of starting over.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH) and ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser, haveFfmpeg } from './e2e-support.js';

const CHUNK = 8 * 1024;
const config = {
  version: 1,
  fields: [{ name: 'video', type: 'video' }],
  controls: [{ type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'car', color: '#e5484d', hotkey: '1' }] }],
};

describe.skipIf((!haveBrowser || !haveFfmpeg) && process.env.CI !== 'true')('resumable upload end to end', () => {
  const app = useE2eApp('resumable-upload');

  it('sends a video in chunks, retries a broken chunk, and resumes after a reload', async () => {
    if (!haveFfmpeg) throw new Error('CI=true but ffmpeg is not installed: apt-get install -y ffmpeg');
    const { owner, url, dataDir, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `断点续传 ${Date.now()}`, labelConfig: config });
    expect(project.status).toBe(201);
    const files = ['first.mp4', 'second.mp4'].map((name, i) => {
      const path = join(dataDir, name);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${2 + i}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path]);
      return { path, size: statSync(path).size, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
    });
    for (const f of files) expect(f.size).toBeGreaterThan(3 * CHUNK);

    const { page, context, errors } = await signedInPage();
    const soon = { timeout: 60_000 };
    await page.goto(`${url}/projects/${project.body.id}`);
    await page.evaluate((bytes) => window.localStorage.setItem('yungang.upload.chunkBytes', String(bytes)), CHUNK);
    const patches: { offset: number; failed: boolean }[] = [];
    const track = (request: Request, failed: boolean) => {
      if (request.method() === 'PATCH') patches.push({ offset: Number(request.headers()['upload-offset']), failed });
    };
    page.on('requestfinished', (r) => track(r, false));
    page.on('requestfailed', (r) => track(r, true));

    // 1. The third chunk's connection breaks once: it is retried after a backoff, and the file arrives whole.
    let seen = 0;
    await page.route('**/api/v1/uploads/*', (route) => (route.request().method() === 'PATCH' && ++seen === 3 ? route.abort('connectionreset') : route.continue()));
    await page.getByTestId('tab-import').click();
    await page.getByTestId('media-files').setInputFiles(files[0]!.path);
    await page.getByTestId('media-submit').click();
    await expect.poll(() => page.getByTestId('media-result').locator('tr[data-status="stored"]').count(), soon).toBe(1);
    const chunks = Math.ceil(files[0]!.size / CHUNK);
    expect(patches.filter((p) => !p.failed).length).toBe(chunks);
    expect(patches.filter((p) => p.failed).length).toBe(1);
    // The retried chunk starts where the server stood: every offset is a chunk boundary, sent once successfully.
    expect(patches.filter((p) => !p.failed).map((p) => p.offset)).toEqual(Array.from({ length: chunks }, (_, i) => i * CHUNK));
    await shot(page, 'resumable-upload-00-stored');
    await page.unroute('**/api/v1/uploads/*');

    // 2. Every chunk after the second fails (the network is gone); the page is reloaded mid-upload.
    patches.length = 0;
    let passed = 0;
    await page.route('**/api/v1/uploads/*', (route) => (route.request().method() === 'PATCH' && ++passed > 2 ? route.abort('internetdisconnected') : route.continue()));
    await page.getByTestId('media-files').setInputFiles(files[1]!.path);
    await page.getByTestId('media-submit').click();
    await expect.poll(() => patches.filter((p) => p.failed).length, soon).toBeGreaterThan(0);
    // The panel says it is waiting to try again, and keeps what was sent.
    await page.getByTestId('media-retrying').waitFor(soon);
    await shot(page, 'resumable-upload-01-retrying');
    await page.unroute('**/api/v1/uploads/*');
    await page.reload();
    // After the reload the same file is picked again: the remembered session goes on from 2 chunks in.
    patches.length = 0;
    await page.getByTestId('tab-import').click();
    await page.getByTestId('media-files').setInputFiles(files[1]!.path);
    await page.getByTestId('media-submit').click();
    await expect.poll(() => page.getByTestId('media-result').locator('tr[data-status="stored"]').count(), soon).toBe(1);
    expect(patches[0]?.offset).toBe(2 * CHUNK);
    expect(patches.filter((p) => !p.failed).length).toBe(Math.ceil(files[1]!.size / CHUNK) - 2);
    expect(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('yungang.upload.') && k !== 'yungang.upload.chunkBytes'))).toEqual([]);

    // Both videos are in the project, byte for byte: playable as uploaded, each is served under its own SHA-256.
    const tasks = await owner.call<{ items: { data: { video: string } }[] }>('GET', `/projects/${project.body.id}/tasks?limit=10`);
    expect(tasks.status, JSON.stringify(tasks.body)).toBe(200);
    expect(tasks.body.items.map((t) => t.data.video).sort()).toEqual(files.map((f) => `/api/v1/media/${f.sha256}`).sort());
    expect(errors).toEqual([]);
    await context.close();
  });
});
