/**
 * End to end, in a real browser: the speech segment workbench. A 4-second recording made with ffmpeg is
 * uploaded through the media API; the workbench draws its waveform from the server's peaks, plays it,
 * and the annotator drags a segment, labels it with a hotkey, splits it at the play cursor (Alt+X), undoes,
 * redoes, merges (Alt+J) and undoes again, nudges a boundary, picks a speaker, types a transcript for each
 * part, is stopped by the project's transcription conventions (a number in digits where numbers are
 * written in words), fixes it and submits. The stored annotation is then read back through the API, and
 * the settings form shows the per-segment controls and conventions. Needs Chromium and ffmpeg (Debian:
 * `apt-get install -y chromium ffmpeg`).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { speechSegmentsTemplate } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser, haveFfmpeg } from './e2e-support.js';

const run = promisify(execFile);

interface Item {
  id: string;
  from_name: string;
  type: string;
  value: { start?: number; end?: number; labels?: string[]; text?: string[]; choices?: string[] };
}

describe.skipIf((!haveBrowser || !haveFfmpeg) && process.env.CI !== 'true')('speech segments end to end', () => {
  const app = useE2eApp('audio-segments');

  it('draws, labels, splits and transcribes segments, checks the conventions and stores Label Studio items', async () => {
    const { owner, request, url, dataDir, signedInPage, shot } = app();
    if (!haveFfmpeg) throw new Error('CI=true but ffmpeg is not installed: apt-get install -y ffmpeg');
    const file = join(dataDir, 'speech.wav');
    // Two tones, so the waveform has something to show: 2 s at 440 Hz, then 2 s at 660 Hz, quieter.
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=660:duration=2', '-filter_complex', '[1]volume=0.3[b];[0][b]concat=n=2:v=0:a=1', '-ar', '16000', file]);
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `语音切分 ${Date.now()}`, labelConfig: speechSegmentsTemplate });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const uploaded = await request.post(`${url}/api/v1/projects/${project.body.id}/media`, {
      headers: owner.headers,
      multipart: { files: { name: 'speech.wav', mimeType: 'audio/wav', buffer: await readFile(file) } },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(200);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const canvas = page.getByTestId('waveform-canvas');
    // The peaks came from the server: 100 pairs per second of the 4-second clip.
    await expect.poll(() => canvas.getAttribute('data-peaks').then(Number), { timeout: 20_000 }).toBeGreaterThanOrEqual(399);
    const audio = page.getByTestId('audio-element');
    await expect.poll(() => audio.evaluate((a) => (a as HTMLAudioElement).duration), { timeout: 20_000 }).toBeGreaterThan(3.5);

    // Plays at 2×, then pauses with Space.
    await page.getByTestId('audio-speed').selectOption('2');
    await page.getByTestId('audio-play').click();
    await expect.poll(() => audio.evaluate((a) => (a as HTMLAudioElement).currentTime), { timeout: 20_000 }).toBeGreaterThan(0.3);
    expect(await audio.evaluate((a) => (a as HTMLAudioElement).playbackRate)).toBe(2);
    await page.keyboard.press('Space');
    await expect.poll(() => audio.evaluate((a) => (a as HTMLAudioElement).paused), { timeout: 10_000 }).toBe(true);

    // Drag from 0.4 s to 3.6 s (the whole clip fits the width), then label it "music" with hotkey 2.
    const wave = page.getByTestId('waveform');
    const box = (await wave.boundingBox())!;
    const xAt = (seconds: number) => box.x + (seconds / 4) * box.width;
    const y = box.y + box.height / 2;
    await page.mouse.move(xAt(0.4), y);
    await page.mouse.down();
    await page.mouse.move(xAt(2), y, { steps: 5 });
    await page.mouse.move(xAt(3.6), y, { steps: 5 });
    await page.mouse.up();
    const segments = page.getByTestId('audio-segment');
    // A busy machine may take a while to render; every edit below is a synchronous reducer step otherwise.
    const soon = { timeout: 10_000 };
    await expect.poll(() => segments.count(), soon).toBe(1);
    await page.keyboard.press('2');
    await expect.poll(() => segments.first().getAttribute('data-label'), soon).toBe('music');
    await page.keyboard.press('1');
    await expect.poll(() => segments.first().getAttribute('data-label'), soon).toBe('speech');

    // A click at 2 s puts the play cursor there and selects the segment; Alt+X splits it there.
    await page.mouse.click(xAt(2), y);
    await page.keyboard.press('Alt+X');
    await expect.poll(() => segments.count(), soon).toBe(2);
    // The split is one step of the workbench's undo history; merging (Alt+J) joins the parts again.
    await page.keyboard.press('Control+Z');
    await expect.poll(() => segments.count(), soon).toBe(1);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => segments.count(), soon).toBe(2);
    await page.keyboard.press('Alt+J');
    await expect.poll(() => segments.count(), soon).toBe(1);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => segments.count(), soon).toBe(2);
    // ] moves the selected segment's start 50 ms later, [ back.
    const startOf = () => segments.first().getAttribute('data-start').then(Number);
    const before = await startOf();
    await page.keyboard.press(']');
    await expect.poll(startOf, soon).toBeCloseTo(before + 0.05, 3);
    await page.keyboard.press('[');
    await expect.poll(startOf, soon).toBeCloseTo(before, 3);
    const bounds = await segments.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-start')), Number(e.getAttribute('data-end'))]));
    expect(bounds[0]![0]).toBeCloseTo(0.4, 1);
    expect(bounds[0]![1]).toBeCloseTo(2, 1);
    expect(bounds[1]![0]).toBe(bounds[0]![1]);
    expect(bounds[1]![1]).toBeCloseTo(3.6, 1);

    const transcripts = page.getByTestId('segment-transcript');
    await transcripts.nth(0).fill('你好[noise]');
    await transcripts.nth(1).fill('2024年');
    await page.getByTestId('segment-speaker').nth(0).selectOption('A');
    await page.getByTestId('segment-speaker').nth(1).selectOption('B');
    await transcripts.nth(1).blur();
    await page.keyboard.press('Control+Enter');
    // The conventions stop the submit, saying where and what to write instead.
    const issues = page.getByTestId('result-issues');
    await issues.waitFor();
    expect(await issues.textContent()).toContain('number "2024" in digits; this project writes numbers out in words');
    await shot(page, 'audio-segments-01-conventions');

    await transcripts.nth(1).fill('二零二四年');
    await transcripts.nth(1).blur();
    await shot(page, 'audio-segments-02-workbench');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const exported = await request.get(`${url}/api/v1/projects/${project.body.id}/export?format=jsonl&org=${owner.orgId}`);
    const record = JSON.parse((await exported.text()).trim()) as { result: Item[] };
    const stored = record.result.filter((r) => r.type === 'labels').sort((a, b) => a.value.start! - b.value.start!);
    expect(stored.map((s) => s.value.labels)).toEqual([['speech'], ['speech']]);
    const textOf = (id: string) => record.result.find((r) => r.id === id && r.type === 'textarea');
    const speakerOf = (id: string) => record.result.find((r) => r.id === id && r.type === 'choices')?.value.choices;
    expect(textOf(stored[0]!.id)?.value).toEqual({ text: ['你好[noise]'], start: stored[0]!.value.start, end: stored[0]!.value.end });
    expect(textOf(stored[1]!.id)?.value.text).toEqual(['二零二四年']);
    expect([speakerOf(stored[0]!.id), speakerOf(stored[1]!.id)]).toEqual([['A'], ['B']]);

    // The project's settings show the per-segment controls and the conventions in the config form.
    await page.goto(`${url}/projects/${project.body.id}/settings`);
    const perRegion = page.getByTestId('config-per-region');
    await expect.poll(() => perRegion.count(), { timeout: 10_000 }).toBe(2);
    expect(await perRegion.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([true, true]);
    expect(await page.getByTestId('config-convention-tags').inputValue()).toBe('noise laughter music');
    await context.close();
  });
});
