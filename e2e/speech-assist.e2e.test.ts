/**
 * End to end, in a real browser: speech assistance in the segment workbench (docs/models.md, Speech). A
 * LibriVox recording (two utterances, packages/server/src/test-fixtures/speech) is uploaded; the built-in
 * pocketsphinx backend pre-annotates it as a background job (Silero VAD cuts it, pocketsphinx transcribes
 * each segment); the annotator's workbench starts from that prediction, underlines the words the
 * recogniser was unsure of, shows the spectrogram of the visible window with Alt+G, and moves a segment's
 * end by dragging it with the mouse. Needs Chromium, ffmpeg and pocketsphinx (Debian: `apt-get install -y
 * chromium ffmpeg pocketsphinx pocketsphinx-en-us`).
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { speechSegmentsTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser, haveFfmpeg } from './e2e-support.js';

const havePocketsphinx = spawnSync('pocketsphinx_continuous', ['-h'], { stdio: 'ignore' }).error === undefined;
if (!havePocketsphinx && process.env.CI !== 'true') console.warn('[yungang e2e] pocketsphinx is not installed: skipping the speech assistance test (Debian: apt-get install pocketsphinx pocketsphinx-en-us).');
const FIXTURE = join(import.meta.dirname, '..', 'packages/server/src/test-fixtures/speech/en-librivox.flac');

describe.skipIf((!haveBrowser || !haveFfmpeg || !havePocketsphinx) && process.env.CI !== 'true')('speech assistance end to end', () => {
  const app = useE2eApp('speech-assist');

  it('starts from a VAD + pocketsphinx prediction, underlines doubtful words, shows the spectrogram and drags an edge', async () => {
    const { owner, request, url, signedInPage, shot } = app();
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `语音辅助 ${Date.now()}`, labelConfig: speechSegmentsTemplate });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const uploaded = await request.post(`${url}/api/v1/projects/${project.body.id}/media`, {
      headers: owner.headers,
      multipart: { files: { name: 'librivox.flac', mimeType: 'audio/flac', buffer: await readFile(FIXTURE) } },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(200);
    const backend = await owner.call<{ id: string }>('POST', '/model-backends', { name: `asr-${Date.now()}`, kind: 'pocketsphinx', timeoutMs: 300_000, speech: { minSilenceMs: 500 } });
    expect(backend.status, JSON.stringify(backend.body)).toBe(201);
    const started = await owner.call<{ id: string }>('POST', `/projects/${project.body.id}/preannotate`, { backendId: backend.body.id });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    let job = { status: 'queued', summary: {} as unknown };
    for (let i = 0; i < 600 && !['succeeded', 'failed', 'cancelled'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await owner.call<typeof job>('GET', `/jobs/${started.body.id}`)).body;
    }
    expect(job.status, JSON.stringify(job)).toBe('succeeded');

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const segments = page.getByTestId('audio-segment');
    await expect.poll(() => segments.count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('waveform-canvas').getAttribute('data-peaks').then(Number), { timeout: 20_000 }).toBeGreaterThan(700);
    // The transcripts came from the recogniser; its doubtful words are underlined under their boxes.
    const transcripts = page.getByTestId('segment-transcript');
    expect(await transcripts.nth(0).inputValue()).toMatch(/young man/);
    await expect.poll(() => page.getByTestId('low-confidence-word').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // Alt+G shows the spectrogram of the visible window, drawn by the server.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Alt+KeyG');
    const spectrogram = page.getByTestId('spectrogram');
    await expect.poll(() => spectrogram.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);

    // Drag the first segment's end 40 px to the right.
    const waveform = page.getByTestId('waveform');
    const box = (await waveform.boundingBox())!;
    const pps = Number(await waveform.getAttribute('data-px-per-second'));
    const viewStart = Number(await waveform.getAttribute('data-view-start'));
    const first = segments.nth(0);
    const end = Number(await first.getAttribute('data-end'));
    const x = box.x + (end - viewStart) * pps;
    await page.mouse.move(x, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(x + 20, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(x + 40, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Number(await first.getAttribute('data-end')), { timeout: 5_000 }).toBeGreaterThan(end + 30 / pps);
    expect(Number(await first.getAttribute('data-end'))).toBeLessThan(end + 50 / pps);
    expect(await segments.count()).toBe(2);
    await shot(page, 'speech-assist-01-workbench');
    expect(errors).toEqual([]);
    await context.close();
  });
});
