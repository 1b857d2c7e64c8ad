/**
 * Segmented clips export over real HTTP on every backend (docs/formats.md, Speech corpora: `clips`): an
 * uploaded recording with two transcribed segments comes back as a zip of two 16 kHz mono WAVs, cut to the
 * segments' bounds (durations read from the WAV headers), with a manifest and transcripts that match.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speechSegmentsTemplate, type MediaIntakeResultDto, type NextTaskDto, type ProjectDto } from '@yungang/core';
import { ffmpegAvailable } from './test-support/test-video.js';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

const run = promisify(execFile);

/** Sample rate, channels, bits and seconds from a WAV's `fmt ` and `data` chunks. */
function wavHeader(wav: Uint8Array): { rate: number; channels: number; bits: number; seconds: number } {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let fmt = { rate: 0, channels: 0, bits: 0, byteRate: 0 };
  for (let at = 12; at + 8 <= wav.byteLength; ) {
    const id = strFromU8(wav.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') fmt = { channels: view.getUint16(at + 10, true), rate: view.getUint32(at + 12, true), byteRate: view.getUint32(at + 16, true), bits: view.getUint16(at + 22, true) };
    if (id === 'data') return { rate: fmt.rate, channels: fmt.channels, bits: fmt.bits, seconds: size / fmt.byteRate };
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

describe.each(BACKENDS)('speech clips export on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(!ffmpegAvailable())('cuts each delivered segment to a 16 kHz WAV with a matching manifest and transcripts', async () => {
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'clips', labelConfig: speechSegmentsTemplate });
    const dir = await mkdtemp(join(tmpdir(), 'yungang-clips-test-'));
    try {
      // A 44.1 kHz stereo original, so the clips show the resampling and downmix too.
      await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', '-ar', '44100', '-ac', '2', join(dir, 'meeting.wav')]);
      const data = new FormData();
      data.append('files', new Blob([new Uint8Array(await readFile(join(dir, 'meeting.wav')))]), 'meeting.wav');
      expect((await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, data)).status).toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const taskId = next.task!.id;
    const segment = (id: string, start: number, end: number) => ({ id, from_name: 'segments', to_name: 'audio', type: 'labels', value: { start, end, labels: ['speech'] } });
    const transcript = (id: string, text: string) => ({ id, from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: [text] } });
    await t.owner.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: [segment('b', 2.25, 3.5), transcript('b', '第二段'), segment('a', 0.5, 1.75), transcript('a', '第一段')] });

    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${project.id}/export?format=clips`, { headers: t.owner.authHeaders('GET') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const wavs = Object.keys(files).filter((n) => n.endsWith('.wav')).sort();
    expect(wavs).toEqual([`${taskId}/${taskId}-1.wav`, `${taskId}/${taskId}-2.wav`]);
    const headers = wavs.map((n) => wavHeader(files[n]!));
    for (const h of headers) expect([h.rate, h.channels, h.bits]).toEqual([16000, 1, 16]);
    expect(Math.abs(headers[0]!.seconds - 1.25)).toBeLessThan(0.02);
    expect(Math.abs(headers[1]!.seconds - 1.25)).toBeLessThan(0.02);

    const manifest = strFromU8(files['manifest.jsonl']!).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(manifest.map((m) => ({ ...m, duration: undefined }))).toEqual([
      { audio_filepath: wavs[0], duration: undefined, text: '第一段', speaker: null, label: 'speech', task_id: taskId, start: 0.5, end: 1.75 },
      { audio_filepath: wavs[1], duration: undefined, text: '第二段', speaker: null, label: 'speech', task_id: taskId, start: 2.25, end: 3.5 },
    ]);
    manifest.forEach((m, n) => expect(Math.abs((m['duration'] as number) - headers[n]!.seconds)).toBeLessThan(0.002));
    expect(strFromU8(files['transcripts.txt']!)).toBe(`${taskId}-1 第一段\n${taskId}-2 第二段\n`);
  });

  it('refuses a project without an audio field', async () => {
    const image = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'img', labelConfig: { version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'textarea', name: 'c', toName: 'image' }] } });
    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${image.id}/export?format=clips`, { headers: t.owner.authHeaders('GET') });
    expect(res.status).toBe(400);
  });
});
