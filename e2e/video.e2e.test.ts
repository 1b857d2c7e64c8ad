/**
 * End to end, in a real browser: a 2-second video generated with ffmpeg is uploaded through the media
 * API, re-encoded into a proxy and then a full-size copy (which the workbench plays), and annotated there: stepped frame by frame, a track drawn on one frame and moved on
 * another (two keyframes), the box in between interpolated, and the export holds the Label Studio
 * videorectangle sequence, whose interpolation in core gives the box drawn on screen.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH) and ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, request as playwrightRequest, type APIRequestContext, type Browser } from 'playwright-core';
import { interpolateTrack, type LabelConfig, type VideoRectangleResultItem } from '@yungang/core';
import { startServer } from '@yungang/server';
import { apiAs, chromiumArgs, chromiumPath, DEMO, distDir, ensureWebBuild, haveBrowser, haveFfmpeg, loginUi, shotDir, type ApiCaller } from './e2e-support.js';


const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'video', type: 'video', title: '路口' }],
  controls: [{ type: 'videorectangle', name: 'vehicles', toName: 'video', labels: [{ value: 'car', title: '汽车', color: '#e5484d', hotkey: '1' }] }],
};

describe.skipIf((!haveBrowser || !haveFfmpeg) && process.env.CI !== 'true')('video end to end', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let request: APIRequestContext | undefined;
  let owner: ApiCaller | undefined;
  let dataDir = '';

  beforeAll(async () => {
    if (!haveBrowser || !haveFfmpeg) return; // the test itself fails, with the reason
    await ensureWebBuild();
    mkdirSync(shotDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'yungang-e2e-video-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir: distDir, demo: true, logLevel: 'warn' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    request = await playwrightRequest.newContext();
    expect((await request.post(`${server.url}/api/v1/auth/login`, { data: DEMO })).status()).toBe(200);
    owner = await apiAs(request, server.url);
  });

  afterAll(async () => {
    await request?.dispose();
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('steps frames, tracks a box over two keyframes and exports the sequence', async () => {
    if (!haveBrowser) throw new Error(`CI=true but no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    if (!haveFfmpeg) throw new Error('CI=true but ffmpeg is not installed: apt-get install -y ffmpeg');
    if (!owner || !request || !server || !browser) throw new Error('not started');
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `路口 ${Date.now()}`, labelConfig: config });
    expect(project.status).toBe(201);
    // MPEG-4 Part 2 in Matroska: a background job transcodes it to an H.264 proxy (960 × 540) in MP4 and
    // indexes its 50 frames; a second job then makes the full-size (1280 × 720) copy the workbench plays.
    const file = join(dataDir, 'crossing.mkv');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=1280x720:rate=25:duration=2', '-c:v', 'mpeg4', '-q:v', '5', file]);
    const uploaded = await request.post(`${server.url}/api/v1/projects/${project.body.id}/media`, {
      headers: owner.headers,
      multipart: { files: { name: 'crossing.mkv', mimeType: 'video/x-matroska', buffer: readFileSync(file) } },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(200);
    // The re-encode is a `video-intake` job: the task appears when it succeeds.
    const answer = (await uploaded.json()) as { files: { status: string; jobId?: string }[] };
    expect(answer.files[0]).toMatchObject({ status: 'processing' });
    const api = owner;
    await expect.poll(async () => (await api.call<{ status: string }>('GET', `/jobs/${answer.files[0]!.jobId!}`)).body.status, { timeout: 60_000 }).toBe('succeeded');
    const fullJobs = async () => (await api.call<{ items: { status: string; result: { fullSha256?: string } | null }[] }>('GET', `/jobs?kind=video-full&projectId=${project.body.id}`)).body.items;
    await expect.poll(async () => (await fullJobs())[0]?.status, { timeout: 60_000 }).toBe('succeeded');
    const fullSha = (await fullJobs())[0]!.result!.fullSha256!;

    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginUi(page, server.url, DEMO.email, DEMO.password);
    await page.goto(`${server.url}/projects/${project.body.id}/annotate`);
    const annotator = page.getByTestId('video-annotator');
    await annotator.waitFor();
    await expect.poll(() => annotator.getAttribute('data-frames')).toBe('50');
    const videoState = () => page.getByTestId('video').evaluate((v) => ({ ready: (v as HTMLVideoElement).readyState, time: (v as HTMLVideoElement).currentTime, src: (v as HTMLVideoElement).currentSrc, width: (v as HTMLVideoElement).videoWidth }));
    await expect.poll(async () => (await videoState()).ready, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    // The frame index names the full-resolution copy: the player shows it, not the task's proxy.
    expect(await videoState()).toMatchObject({ src: expect.stringContaining(`/api/v1/media/${fullSha}`) as unknown, width: 1280 });

    // Three frames on: frame 4, shown from 0.12 s to 0.16 s; the player sits in its middle.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => annotator.getAttribute('data-frame')).toBe('4');
    await expect.poll(async () => (await videoState()).time).toBeCloseTo(0.14, 3);

    const stage = (await page.getByTestId('video-stage').boundingBox())!;
    const at = (px: number, py: number) => ({ x: stage.x + (stage.width * px) / 100, y: stage.y + (stage.height * py) / 100 });
    const drag = async (from: { x: number; y: number }, to: { x: number; y: number }) => {
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 5 });
      await page.mouse.up();
    };
    // A car from (10 %, 20 %) to (30 %, 50 %) on frame 4.
    await page.keyboard.press('1');
    await drag(at(10, 20), at(30, 50));
    await expect.poll(() => page.getByTestId('timeline-keyframe').count()).toBe(1);
    await page.screenshot({ path: join(shotDir, 'video-01-track.png') });

    // Twenty frames on (Shift+→ twice), the car has moved 40 % right: dragging it pins a second keyframe.
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => annotator.getAttribute('data-frame')).toBe('24');
    await expect(page.getByTestId('video-keyframe-state').textContent()).resolves.toBe('插值');
    await drag(at(20, 35), at(60, 35));
    await expect.poll(() => page.getByTestId('timeline-keyframe').count()).toBe(2);
    await expect(page.getByTestId('video-keyframe-state').textContent()).resolves.toBe('关键帧');

    // Half-way back (frame 14) the box is drawn interpolated, 20 % right of where it started.
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => annotator.getAttribute('data-frame')).toBe('14');
    const drawn = await page.getByTestId('image-box').evaluate((r) => ({ x: Number.parseFloat(r.getAttribute('x') ?? ''), width: Number.parseFloat(r.getAttribute('width') ?? '') }));
    expect(Math.abs(drawn.x - 30)).toBeLessThan(0.5);
    expect(Math.abs(drawn.width - 20)).toBeLessThan(0.5);
    await page.screenshot({ path: join(shotDir, 'video-02-interpolated.png') });

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const exported = await request.get(`${server.url}/api/v1/projects/${project.body.id}/export?format=jsonl&org=${owner.orgId}`);
    const record = JSON.parse((await exported.text()).trim()) as { result: VideoRectangleResultItem[] };
    const track = record.result.find((r) => r.type === 'videorectangle')!;
    expect(track.value.framesCount).toBe(50);
    expect(track.value.labels).toEqual(['car']);
    expect(track.value.sequence.map((k) => k.frame)).toEqual([4, 24]);
    expect(track.value.sequence[0]!.time).toBeCloseTo(0.12, 6);
    expect(track.value.sequence[1]!.time).toBeCloseTo(0.92, 6);
    const middle = interpolateTrack(track.value.sequence, 14)!;
    expect(Math.abs(middle.x - 30)).toBeLessThan(0.5);
    expect(Math.abs(middle.y - 20)).toBeLessThan(0.5);
    expect(Math.abs(middle.width - 20)).toBeLessThan(0.5);
    expect(Math.abs(middle.height - 30)).toBeLessThan(0.5);
    await context.close();
  });
});
