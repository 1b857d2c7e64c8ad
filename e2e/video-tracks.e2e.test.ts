/**
 * End to end, in a real browser: polygon tracks, track attributes and events on a 2-second video made
 * with ffmpeg. A polygon is drawn corner by corner on one frame, given a per-keyframe attribute, moved on
 * another frame (two keyframes); an event is marked with Enter on its first and last frame; the submitted
 * annotation exports as CVAT for video XML that core reads back to the same keyframes. A reviewer then sees the
 * video in the review view: frames stepped, the polygon drawn on its frames, its attribute shown read-only,
 * the event on the timeline, and nothing to edit.
 * Needs Chromium (Debian: `apt-get install -y chromium`; elsewhere set CHROMIUM_PATH) and ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolatePoints, parseCvatVideo, type LabelConfig, type VideoEventResultItem, type VideoPolygonResultItem } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser, haveFfmpeg } from './e2e-support.js';

const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'video', type: 'video', title: '路口' }],
  controls: [
    { type: 'videopolygon', name: 'areas', toName: 'video', labels: [{ value: 'road', title: '路面', color: '#e5484d', hotkey: '1' }], attributes: [{ name: 'surface', type: 'choice', options: ['dry', 'wet'], mutable: true }] },
    { type: 'videoevents', name: 'events', toName: 'video', labels: [{ value: 'crossing', title: '横穿', color: '#1e88e5', hotkey: '2' }] },
  ],
};

describe.skipIf((!haveBrowser || !haveFfmpeg) && process.env.CI !== 'true')('video polygon tracks and events end to end', () => {
  const REVIEWER = { email: 'video-reviewer@yungang.local', password: 'reviewer-pass-1', name: '审核员小周' };
  const app = useE2eApp('video-tracks', async ({ owner }) => {
    const member = await owner.call('POST', `/orgs/${owner.orgId}/members`, { email: REVIEWER.email, role: 'reviewer', name: REVIEWER.name, password: REVIEWER.password });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
  });

  it('draws a two-keyframe polygon track with an attribute and an event, and exports CVAT for video', async () => {
    if (!haveFfmpeg) throw new Error('CI=true but ffmpeg is not installed: apt-get install -y ffmpeg');
    const { url, request, owner, dataDir } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `路面 ${Date.now()}`, labelConfig: config, qualityPolicy: { review: 'all' } });
    expect(project.status).toBe(201);
    const file = join(dataDir, 'road.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file]);
    const uploaded = await request.post(`${url}/api/v1/projects/${project.body.id}/media`, { headers: owner.headers, multipart: { files: { name: 'road.mp4', mimeType: 'video/mp4', buffer: readFileSync(file) } } });
    expect(uploaded.status(), await uploaded.text()).toBe(200);

    const { page, context, errors } = await app().signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const annotator = page.getByTestId('video-annotator');
    await annotator.waitFor();
    await expect.poll(() => annotator.getAttribute('data-frames')).toBe('50');
    // Measure the stage once the video has its size (the stage already has its shape from the task data).
    await expect.poll(() => page.getByTestId('video').evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 20_000 }).toBeGreaterThan(0);
    const stage = (await page.getByTestId('video-stage').boundingBox())!;
    const at = (px: number, py: number) => ({ x: stage.x + (stage.width * px) / 100, y: stage.y + (stage.height * py) / 100 });
    const frameIs = (n: number) => expect.poll(() => annotator.getAttribute('data-frame')).toBe(String(n));

    // Frame 4: a triangle, corner by corner, finished with Enter.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await frameIs(4);
    await page.keyboard.press('1');
    for (const [x, y] of [[10, 10], [30, 10], [20, 40]] as const) await page.mouse.click(at(x, y).x, at(x, y).y);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('timeline-keyframe').count()).toBe(1);
    // The surface is dry from here on (a mutable attribute: stored on this keyframe).
    const surface = page.getByTestId('video-attribute-surface');
    await surface.selectOption('dry');
    await surface.evaluate((el) => (el as HTMLSelectElement).blur());
    await app().shot(page, 'video-tracks-01-polygon');

    // Frame 24: the road has moved 30 % right; dragging the polygon pins a second keyframe.
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await frameIs(24);
    await page.mouse.move(at(20, 20).x, at(20, 20).y);
    await page.mouse.down();
    await page.mouse.move(at(50, 20).x, at(50, 20).y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('timeline-keyframe').count()).toBe(2);

    // An event from frame 10 to frame 20: pick its label, Enter on the first and on the last frame.
    await page.keyboard.press('2');
    for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowLeft');
    await frameIs(10);
    await page.keyboard.press('Enter');
    await page.getByTestId('timeline-event-pending').waitFor();
    await page.keyboard.press('Shift+ArrowRight');
    await frameIs(20);
    await page.keyboard.press('Enter');
    const event = page.getByTestId('timeline-event');
    await expect.poll(async () => [await event.getAttribute('data-start'), await event.getAttribute('data-end')]).toEqual(['10', '20']);
    await app().shot(page, 'video-tracks-02-event');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const jsonl = await request.get(`${url}/api/v1/projects/${project.body.id}/export?format=jsonl&org=${owner.orgId}`);
    const record = JSON.parse((await jsonl.text()).trim()) as { result: (VideoPolygonResultItem | VideoEventResultItem)[] };
    const polygon = record.result.find((r): r is VideoPolygonResultItem => r.type === 'videopolygon')!;
    expect(polygon.value.sequence.map((k) => [k.frame, k.attributes])).toEqual([
      [4, { surface: 'dry' }],
      [24, undefined],
    ]);
    // Half-way (frame 14) every corner has moved 15 % right.
    const middle = interpolatePoints(polygon.value.sequence, 14)!;
    expect(Math.abs(middle[0]![0] - 25)).toBeLessThan(0.5);
    expect(Math.abs(middle[0]![1] - 10)).toBeLessThan(0.5);
    expect(record.result.find((r) => r.type === 'videoevents')?.value).toEqual({ start: 10, end: 20, labels: ['crossing'] });

    const cvat = await request.get(`${url}/api/v1/projects/${project.body.id}/export?format=cvatvideo&org=${owner.orgId}`);
    expect(cvat.status()).toBe(200);
    const { video } = parseCvatVideo(await cvat.text(), 'road.xml');
    expect(video).toMatchObject({ name: 'road.mp4', size: { width: 320, height: 240 }, frames: 50 });
    expect(video.tracks).toHaveLength(1);
    const track = video.tracks[0]!;
    expect(track.kind).toBe('polygon');
    expect(track.keys.map((k) => [k.frame, k.enabled, k.attributes])).toEqual([
      [4, true, { surface: 'dry' }],
      [24, true, { surface: 'dry' }],
    ]);
    track.keys[0]!.points!.forEach(([x, y], i) => {
      expect(Math.abs(x - polygon.value.sequence[0]!.points[i]![0])).toBeLessThan(1e-6);
      expect(Math.abs(y - polygon.value.sequence[0]!.points[i]![1])).toBeLessThan(1e-6);
    });
    expect(decodeURIComponent(cvat.headers()['x-yungang-dropped'] ?? '')).toContain('videoevents item: 1');

    // The reviewer steps through the video read-only: the polygon appears from frame 4 and can be selected
    // to read its attribute, but there are no labels to pick and nothing to delete.
    // Polls wait up to 20 s: on a loaded machine the frame index and the video arrive later than expect.poll's 1 s default.
    const reviewer = await app().signedInPage(REVIEWER);
    await reviewer.page.goto(`${url}/projects/${project.body.id}/review`);
    await reviewer.page.getByTestId('review-item').waitFor();
    const shown = reviewer.page.getByTestId('result-video');
    await expect.poll(() => shown.getAttribute('data-frames'), { timeout: 20_000 }).toBe('50');
    await expect.poll(() => reviewer.page.getByTestId('result-video-counts').innerText(), { timeout: 20_000 }).toMatch(/1 .* 1$/);
    const polygonShown = shown.locator('[data-region-id]');
    expect(await polygonShown.count()).toBe(0);
    for (let i = 0; i < 3; i++) await shown.getByTestId('video-next').click();
    await expect.poll(() => shown.getAttribute('data-frame'), { timeout: 20_000 }).toBe('4');
    await expect.poll(() => polygonShown.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const box = (await polygonShown.first().boundingBox())!;
    await reviewer.page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.3);
    const reviewSurface = shown.getByTestId('video-attribute-surface');
    await expect.poll(() => reviewSurface.inputValue(), { timeout: 20_000 }).toBe('dry');
    expect(await reviewSurface.isDisabled()).toBe(true);
    expect(await shown.getByTestId('video-keyframe-state').count()).toBe(1);
    expect(await shown.getByTestId('video-delete-track').count()).toBe(0);
    expect(await shown.locator('.label-bar').count()).toBe(0);
    expect(await shown.getByTestId('timeline-event').count()).toBe(1);
    await app().shot(reviewer.page, 'video-tracks-03-review');
    expect(reviewer.errors).toEqual([]);
  });
});
