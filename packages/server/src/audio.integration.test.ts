import { ffmpegAvailable } from './test-support/test-video.js';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDto, ErrorBody, MediaIntakeResultDto, OrgDto, ProjectDto, TaskDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { readPeaks } from './media/audio-peaks.js';

const run = promisify(execFile);

const AUDIO_CONFIG = {
  version: 1,
  fields: [{ name: 'audio', type: 'audio' }],
  controls: [
    { type: 'choices', name: 'quality', toName: 'audio', choice: 'single', options: [{ value: 'clear' }, { value: 'noisy' }] },
    { type: 'textarea', name: 'transcript', toName: 'audio' },
  ],
};

/** Encodes a 2 s, 440 Hz stereo tone at 44.1 kHz with ffmpeg, as the test's audio in every format. */
async function tone(dir: string, file: string, codecArgs: string[]): Promise<Buffer> {
  const out = join(dir, file);
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2:sample_rate=44100', '-ac', '2', ...codecArgs, out]);
  return readFile(out);
}

function form(files: { name: string; bytes: Buffer }[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return data;
}

async function getBytes(client: ApiClient, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(client.baseUrl + path, { headers: client.authHeaders('GET', {}) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const FORMATS: [string, string[]][] = [
  ['tone.wav', []],
  ['tone.mp3', ['-c:a', 'libmp3lame']],
  ['tone.flac', []],
  ['tone.m4a', ['-c:a', 'aac']],
  ['tone.opus', ['-c:a', 'libopus']],
  ['tone.ogg', ['-c:a', 'libvorbis']],
];

describe.skipIf(!ffmpegAvailable()).each(BACKENDS)('audio intake and peaks on $name', (backend) => {
  let t: TestServer;
  let dir: string;
  let project: ProjectDto;
  let intake: MediaIntakeResultDto;
  const files: { name: string; bytes: Buffer }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-audio-'));
    for (const [name, args] of FORMATS) files.push({ name, bytes: await tone(dir, name, args) });
    // Damaged: an MP3 whose frames after the first few kilobytes are overwritten with noise.
    const mp3 = Buffer.from(files[1]!.bytes);
    for (let i = 2000; i < mp3.length; i += 7) mp3[i] = (i * 131) & 0xff;
    files.push({ name: 'damaged.mp3', bytes: mp3 });
    files.push({ name: 'notes.wav', bytes: Buffer.from('these are not samples, just text with a .wav name') });
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'speech', labelConfig: AUDIO_CONFIG });
    const res = await t.owner.upload<MediaIntakeResultDto & ErrorBody>(`/api/v1/projects/${project.id}/media`, form(files));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    intake = res.body;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('probes every format, measures loudness and makes one task each; damaged files are reported per file', () => {
    expect(intake.stored).toBe(FORMATS.length);
    for (const [name] of FORMATS) {
      const f = intake.files.find((x) => x.name === name)!;
      expect(f.status, `${name}: ${f.reason ?? ''}`).toBe('stored');
      expect(f.sampleRate).toBe(name === 'tone.opus' ? 48000 : 44100);
      expect(f.channels).toBe(2);
      expect(f.duration).toBeGreaterThan(1.95);
      expect(f.duration).toBeLessThan(2.1);
      // A full-scale-ish sine at 1/8 amplitude: about -21 LUFS, whatever the codec.
      expect(f.loudness).toBeGreaterThan(-25);
      expect(f.loudness).toBeLessThan(-15);
      expect(f.peaksUrl).toBe(`${f.url}/peaks`);
    }
    const damaged = intake.files.find((x) => x.name === 'damaged.mp3')!;
    expect(damaged.status).toBe('rejected');
    expect(damaged.reason).toMatch(/damaged|not a readable audio/);
    const text = intake.files.find((x) => x.name === 'notes.wav')!;
    expect(text.status).toBe('rejected');
    expect(text.reason).toMatch(/not a supported audio file: send WAV, MP3, FLAC/);
  });

  it('task data holds the URL and the recording\'s properties', async () => {
    const f = intake.files.find((x) => x.name === 'tone.flac')!;
    const task = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${f.taskId!}`);
    expect(task.data).toEqual({ audio: f.url, duration: f.duration, sampleRate: 44100, channels: 2, loudness: f.loudness });
  });

  it('serves a browser copy (AAC in M4A), the original untouched, and the peaks', async () => {
    const f = intake.files.find((x) => x.name === 'tone.wav')!;
    const display = await getBytes(t.owner, f.url!);
    expect(display.status).toBe(200);
    expect(display.headers.get('content-type')).toBe('audio/mp4');
    expect(display.bytes.toString('latin1', 4, 8)).toBe('ftyp');
    const original = await getBytes(t.owner, `${f.url!}/original`);
    expect(original.bytes.equals(files[0]!.bytes)).toBe(true);
    const peaksRes = await getBytes(t.owner, f.peaksUrl!);
    expect(peaksRes.status).toBe(200);
    const peaks = readPeaks(peaksRes.bytes);
    expect(peaks.sampleRate / peaks.samplesPerPixel).toBe(100);
    expect(peaks.data.length / 2).toBe(200);
    // The tone is steady: every bucket reaches close to its ±1/8 of full scale (16 of 128; resampling rounds it down a little).
    const maxima = Array.from({ length: 200 }, (_, i) => peaks.data[2 * i + 1]!);
    expect(Math.min(...maxima.slice(2, 198))).toBeGreaterThanOrEqual(10);
    expect(Math.max(...maxima)).toBeLessThanOrEqual(17);
    const thumb = await getBytes(t.owner, f.thumbnailUrl!);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    // Opening the recording is audited; its peaks are not (they are a picture of what was opened).
    const audit = await t.owner.expect<AuditEntryDto[]>(200, 'GET', '/api/v1/audit?action=media.read&limit=1000');
    const variants = audit.filter((e) => e.objectId === f.url!.split('/').pop()).map((e) => (e.details as { variant: string }).variant);
    expect(variants.sort()).toEqual(['display', 'original', 'thumb']);
  });

  it('keeps the peaks behind the tenant wall: another organisation gets 404, a viewer of this one 200', async () => {
    const f = intake.files.find((x) => x.name === 'tone.mp3')!;
    // Org B is founded by the owner, so its member is a stranger to this organisation.
    const org = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
    const stranger = await addMember(t, 'audio-outsider@example.com', 'owner', { orgId: org.id });
    expect((await getBytes(stranger, f.peaksUrl!)).status).toBe(404);
    const viewer = await addMember(t, 'audio-viewer@example.com', 'viewer');
    expect((await getBytes(viewer, f.peaksUrl!)).status).toBe(200);
    const image = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'not audio', labelConfig: { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'textarea', name: 'note', toName: 'text' }] } });
    const refused = await t.owner.upload<ErrorBody>(`/api/v1/projects/${image.id}/media`, form([files[0]!]));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/no image, audio.* field in its label config/);
  });

  it('reports a re-upload as a duplicate with its recording\'s properties', async () => {
    const res = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, form([files[2]!]));
    const f = res.body.files[0]!;
    expect(f.status).toBe('duplicate');
    expect(f.peaksUrl).toMatch(/\/peaks$/);
    expect(f.duration).toBeGreaterThan(1.95);
  });
});
