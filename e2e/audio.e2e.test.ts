/**
 * End to end, in a real browser: a whole-clip transcription project on audio. A tone made with ffmpeg is
 * uploaded through the media API; the workbench plays it in the browser's player (the served copy, with
 * its duration known), the annotator picks a quality and types a transcript with the keyboard, and the
 * export holds both. Needs Chromium and ffmpeg (Debian: `apt-get install -y chromium ffmpeg`).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '@yungang/core';
import { useE2eApp } from './e2e-app.js';
import { haveBrowser, haveFfmpeg } from './e2e-support.js';

const run = promisify(execFile);
const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'audio', type: 'audio', title: '录音' }],
  controls: [
    { type: 'choices', name: 'quality', toName: 'audio', choice: 'single', options: [{ value: 'clear', title: '清晰', hotkey: 'q' }, { value: 'noisy', title: '有噪声', hotkey: 'w' }] },
    { type: 'textarea', name: 'transcript', toName: 'audio', title: '转写', required: true, unit: 'char' },
  ],
};

describe.skipIf((!haveBrowser || !haveFfmpeg) && process.env.CI !== 'true')('audio transcription end to end', () => {
  const app = useE2eApp('audio');

  it('plays an uploaded recording and stores the transcript typed for it', async () => {
    const { owner, request, url, dataDir, signedInPage, shot } = app();
    if (!haveFfmpeg) throw new Error('CI=true but ffmpeg is not installed: apt-get install -y ffmpeg');
    const file = join(dataDir, 'tone.mp3');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', '-b:a', '64k', file]);
    const project = await owner.call<{ id: string }>('POST', '/projects', { name: `转写 ${Date.now()}`, labelConfig: config });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const uploaded = await request.post(`${url}/api/v1/projects/${project.body.id}/media`, {
      headers: owner.headers,
      multipart: { files: { name: 'tone.mp3', mimeType: 'audio/mpeg', buffer: await readFile(file) } },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(200);

    const { page, context, errors } = await signedInPage();
    await page.goto(`${url}/projects/${project.body.id}/annotate`);
    const player = page.getByTestId('audio-player');
    await player.waitFor();
    // The browser loaded the served copy far enough to know its length (about 2 s).
    await expect.poll(() => player.evaluate((a) => (a as HTMLAudioElement).duration)).toBeGreaterThan(1.5);
    await page.keyboard.press('q');
    await page.getByTestId('textarea-transcript').fill('今天天气很好');
    await page.keyboard.press('Escape');
    await shot(page, 'audio-01-workbench');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('no-more-tasks').waitFor();
    expect(errors).toEqual([]);

    const exported = await request.get(`${url}/api/v1/projects/${project.body.id}/export?format=jsonl&org=${owner.orgId}`);
    const record = JSON.parse((await exported.text()).trim()) as { data: { duration: number }; result: { type: string; value: { choices?: string[]; text?: string[] } }[] };
    expect(record.data.duration).toBeCloseTo(2, 0);
    expect(record.result.find((r) => r.type === 'choices')?.value.choices).toEqual(['clear']);
    expect(record.result.find((r) => r.type === 'textarea')?.value.text).toEqual(['今天天气很好']);
    await context.close();
  });
});
