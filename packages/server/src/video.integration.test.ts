import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, JobDto, MediaFileResult, MediaIntakeResultDto, OrgDto, ProjectDto, TaskDto, TaskPageDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { settleIntake, waitForJob } from './test-support/jobs.js';
import { ffmpegAvailable, testVideo } from './test-support/test-video.js';
import type { FrameIndex } from './media/video-pipeline.js';
import { JobRunner } from './jobs/job-runner.js';
import { createJobHandlers } from './jobs/handlers.js';

const run = promisify(execFile);

const VIDEO_CONFIG = {
  version: 1,
  fields: [{ name: 'video', type: 'video' }],
  controls: [{ type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'car', color: '#e5484d', hotkey: '1' }] }],
};

function form(files: { name: string; bytes: Buffer }[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return data;
}

async function get(client: ApiClient, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(client.baseUrl + path, { headers: { ...client.authHeaders('GET', {}), ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe.skipIf(!ffmpegAvailable()).each(BACKENDS)('video intake on $name', (backend) => {
  let t: TestServer;
  let dir: string;
  let intake: MediaIntakeResultDto;
  let answered: MediaIntakeResultDto;
  let project: ProjectDto;
  const files: { name: string; bytes: Buffer }[] = [];
  const file = (name: string) => intake.files.find((f) => f.name === name)!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-video-'));
    // Already playable and fast-start: served as it is. MPEG-4 Part 2 in Matroska: transcoded. H.264 with
    // the index at the end: only remuxed.
    files.push({ name: 'ready.mp4', bytes: await testVideo(dir, 'ready.mp4', 2, ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart']) });
    files.push({ name: 'old.mkv', bytes: await testVideo(dir, 'old.mkv', 2, ['-c:v', 'mpeg4', '-c:a', 'libvorbis']) });
    files.push({ name: 'late-index.mp4', bytes: await testVideo(dir, 'late-index.mp4', 1, ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-an']) });
    // A phone video: playable streams, but the player is told to turn the picture 90°.
    await run('ffmpeg', ['-v', 'error', '-y', '-i', join(dir, 'late-index.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', join(dir, 'phone.mov')]);
    files.push({ name: 'phone.mov', bytes: await readFile(join(dir, 'phone.mov')) });
    files.push({ name: 'notes.mp4', bytes: Buffer.from('not a film, just text with an .mp4 name') });
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'traffic', labelConfig: VIDEO_CONFIG });
    const res = await t.owner.upload<MediaIntakeResultDto & ErrorBody>(`/api/v1/projects/${project.id}/media`, form(files));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    answered = res.body;
    intake = await settleIntake(t.owner, res.body);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('probes, converts only what browsers cannot play, and rejects what is no video', () => {
    // What plays, or only needs its streams moved, is stored by the upload; a re-encode is a job.
    expect(answered.files.map((f) => [f.name, f.status])).toEqual([
      ['ready.mp4', 'stored'],
      ['old.mkv', 'processing'],
      ['late-index.mp4', 'stored'],
      ['phone.mov', 'processing'],
      ['notes.mp4', 'rejected'],
    ]);
    expect(answered.files[1]).toMatchObject({ sha256: expect.any(String) as unknown, jobId: expect.any(String) as unknown });
    expect(answered.files[1]!.taskId).toBeUndefined();
    expect(intake.stored).toBe(4);
    const ready = file('ready.mp4');
    // Served as uploaded: the served name is the original's.
    expect(ready.url).toBe(`/api/v1/media/${ready.sha256!}`);
    expect(file('old.mkv').url).not.toBe(`/api/v1/media/${file('old.mkv').sha256!}`);
    expect(file('late-index.mp4').url).not.toBe(`/api/v1/media/${file('late-index.mp4').sha256!}`);
    for (const name of ['ready.mp4', 'old.mkv']) {
      const f = file(name);
      expect(f, name).toMatchObject({ status: 'stored', fps: 25, frames: 50, width: 320, height: 240, framesUrl: `${f.url!}/frames`, thumbnailUrl: `${f.url!}/thumb` });
      expect(f.duration).toBeGreaterThanOrEqual(1.96);
      expect(f.duration).toBeLessThan(2.1);
    }
    expect(file('late-index.mp4').frames).toBe(25);
    // Re-encoded upright: box percentages refer to the picture as shown.
    expect(file('phone.mov')).toMatchObject({ status: 'stored', width: 240, height: 320, frames: 25 });
    expect(file('phone.mov').url).not.toBe(`/api/v1/media/${file('phone.mov').sha256!}`);
    expect(file('notes.mp4')).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/not a supported video: send MP4, MOV, MKV\/WebM or AVI/) as unknown });
  });

  it('makes no full-resolution copy where the proxy already has the original\'s size', async () => {
    expect(file('old.mkv').url).not.toBe(`/api/v1/media/${file('old.mkv').sha256!}`);
    expect((await t.owner.expect<{ items: JobDto[] }>(200, 'GET', `/api/v1/jobs?kind=video-full&projectId=${project.id}`)).items).toEqual([]);
    const index = JSON.parse((await get(t.owner, file('old.mkv').framesUrl!)).bytes.toString('utf8')) as { fullUrl?: string };
    expect(index.fullUrl).toBeUndefined();
  });

  it('task data holds the URL, fps, frame count, duration and size', async () => {
    const f = file('old.mkv');
    const task = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${f.taskId!}`);
    expect(task.data).toEqual({ video: f.url, fps: 25, frames: 50, duration: f.duration, width: 320, height: 240 });
  });

  it('serves H.264 in a fast-start MP4, the original untouched, a poster and the frame index', async () => {
    const f = file('old.mkv');
    const display = await get(t.owner, f.url!);
    expect(display.status).toBe(200);
    expect(display.headers.get('content-type')).toBe('video/mp4');
    expect(display.headers.get('accept-ranges')).toBe('bytes');
    expect(display.bytes.toString('latin1', 4, 8)).toBe('ftyp');
    expect(display.bytes.indexOf('moov')).toBeLessThan(display.bytes.indexOf('mdat'));
    expect((await get(t.owner, `${f.url!}/original`)).bytes.equals(files[1]!.bytes)).toBe(true);
    const thumb = await get(t.owner, f.thumbnailUrl!);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const index = JSON.parse((await get(t.owner, f.framesUrl!)).bytes.toString('utf8')) as FrameIndex;
    expect(index.fps).toBe(25);
    expect(index.times).toHaveLength(50);
    expect(index.times[0]).toBe(0);
    expect(index.times[1]).toBeCloseTo(0.04, 6);
    expect(index.times[49]).toBeCloseTo(1.96, 6);
  });

  it('answers byte ranges, as browsers seek with them', async () => {
    const f = file('ready.mp4');
    const size = files[0]!.bytes.length;
    const part = await get(t.owner, f.url!, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(part.bytes.equals(files[0]!.bytes.subarray(100, 200))).toBe(true);
    const tail = await get(t.owner, f.url!, { range: `bytes=${size - 10}-` });
    expect(tail.bytes.equals(files[0]!.bytes.subarray(size - 10))).toBe(true);
    const past = await get(t.owner, f.url!, { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('checks tracks against the task\'s frame count', async () => {
    const claim = await t.owner.expect<{ task: TaskDto | null; assignment: { id: string } | null }>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const frames = claim.task!.data['frames'] as number;
    const track = (frame: number) => ({ id: 't', from_name: 'box', to_name: 'video', type: 'videorectangle', value: { framesCount: frames, duration: 2, sequence: [{ frame, x: 10, y: 10, width: 20, height: 20, enabled: true, time: 0 }], labels: ['car'] } });
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/assignments/${claim.assignment!.id}/annotations`, { result: [track(frames + 1)], leadTimeMs: 1000 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain(`must be within 1..${frames}`);
    await t.owner.expect(201, 'POST', `/api/v1/assignments/${claim.assignment!.id}/annotations`, { result: [track(frames)], leadTimeMs: 1000 });
  });

  it('remuxes H.264 out of Matroska at once, re-encodes 1080p MPEG-4 Part 2 in a job into a 540p proxy with the same frames, then a full-size copy with them too, and fails an unconvertible file without a task', async () => {
    // No runner in this server: the job waits in the queue until the test starts one.
    const idle = await startTestServer(backend, { config: { jobWorkers: 0 } });
    let runner: JobRunner | undefined;
    try {
      const clips = await idle.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'queued videos', labelConfig: VIDEO_CONFIG });
      const h264Mkv = await testVideo(dir, 'h264.mkv', 1, ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']);
      const big = join(dir, 'big.avi');
      await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25:duration=1', '-c:v', 'mpeg4', '-q:v', '8', big]);
      const bigBytes = await readFile(big);
      // Headers intact, pictures gone: ffprobe reads it at upload, ffmpeg cannot convert it in the job.
      const small = await testVideo(dir, 'small.avi', 1, ['-c:v', 'mpeg4', '-an']);
      const movi = small.indexOf('movi') + 4;
      const broken = Buffer.concat([small.subarray(0, movi), Buffer.alloc(small.length - movi)]);
      const res = await idle.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${clips.id}/media`, form([{ name: 'h264.mkv', bytes: h264Mkv }, { name: 'big.avi', bytes: bigBytes }, { name: 'broken.avi', bytes: broken }]));
      expect(res.status).toBe(200);
      const [remuxed, queued, bad] = res.body.files;
      expect(bad).toMatchObject({ status: 'processing', jobId: expect.any(String) as unknown });
      expect(remuxed).toMatchObject({ status: 'stored', frames: 25, width: 320, height: 240, taskId: expect.any(String) as unknown });
      expect(remuxed!.url).not.toBe(`/api/v1/media/${remuxed!.sha256!}`);
      expect(queued).toMatchObject({ status: 'processing', jobId: expect.any(String) as unknown });
      expect(await idle.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${queued!.jobId!}`)).toMatchObject({ kind: 'video-intake', status: 'queued', done: 0 });
      const taskIds = async () => (await idle.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${clips.id}/tasks?limit=50`)).items.map((i) => i.id).sort();
      expect(await taskIds()).toEqual([remuxed!.taskId]);

      runner = new JobRunner(idle.database, createJobHandlers(idle.server.services), { pollMs: 50, log: () => undefined });
      runner.start();
      const finished = await waitForJob(idle.owner, queued!.jobId!);
      expect(finished).toMatchObject({ status: 'succeeded', done: 25, total: 25 });
      const stored = finished.result as MediaFileResult;
      // Sizes are the original's (exports turn percentages into its pixels); the served copy is half as large.
      expect(stored).toMatchObject({ status: 'stored', sha256: queued!.sha256, frames: 25, fps: 25, width: 1920, height: 1080, taskId: expect.any(String) as unknown });
      expect(await taskIds()).toEqual([remuxed!.taskId!, stored.taskId!].sort());
      const task = await idle.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${stored.taskId!}`);
      expect(task.data).toEqual({ video: stored.url, fps: 25, frames: 25, duration: stored.duration, width: 1920, height: 1080 });
      const served = await get(idle.owner, stored.url!);
      expect(served.headers.get('content-type')).toBe('video/mp4');
      await writeFile(join(dir, 'served.mp4'), served.bytes);
      const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', join(dir, 'served.mp4')]);
      expect(stdout.trim()).toBe('h264,960,540');
      const index = JSON.parse((await get(idle.owner, stored.framesUrl!)).bytes.toString('utf8')) as FrameIndex;
      const { stdout: pts } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', big]);
      const originalTimes = pts.trim().split('\n').map(Number).sort((a, b) => a - b);
      expect(index.times).toEqual(originalTimes.map((t) => Math.round((t - originalTimes[0]!) * 1e6) / 1e6));

      // The proxy's last transaction queued the full-resolution copy; until it is made the index names none.
      const fullJobs = (await idle.owner.expect<{ items: JobDto[] }>(200, 'GET', `/api/v1/jobs?kind=video-full&projectId=${clips.id}`)).items;
      expect(fullJobs).toHaveLength(1);
      const fullJob = await waitForJob(idle.owner, fullJobs[0]!.id);
      expect(fullJob).toMatchObject({ status: 'succeeded', done: 25, total: 25 });
      const framesAnswer = await get(idle.owner, stored.framesUrl!);
      // The answer gains fullUrl under the same URL: browsers must ask again, not keep it for a year.
      expect(framesAnswer.headers.get('cache-control')).toBe('private, no-cache');
      const withFull = JSON.parse(framesAnswer.bytes.toString('utf8')) as FrameIndex & { fullUrl?: string };
      expect(withFull.times).toEqual(index.times);
      const fullSha = (fullJob.result as { fullSha256: string }).fullSha256;
      expect(withFull.fullUrl).toBe(`/api/v1/media/${fullSha}`);
      const fullCopy = await get(idle.owner, withFull.fullUrl!);
      expect(fullCopy.status).toBe(200);
      expect(fullCopy.headers.get('content-type')).toBe('video/mp4');
      expect(fullCopy.bytes.indexOf('moov')).toBeLessThan(fullCopy.bytes.indexOf('mdat'));
      expect((await get(idle.owner, withFull.fullUrl!, { range: 'bytes=0-99' })).status).toBe(206);
      await writeFile(join(dir, 'full.mp4'), fullCopy.bytes);
      const { stdout: fullStream } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,pix_fmt', '-of', 'csv=p=0', join(dir, 'full.mp4')]);
      expect(fullStream.trim()).toBe('h264,1920,1080,yuv420p');
      const { stdout: fullPts } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', join(dir, 'full.mp4')]);
      const fullTimes = fullPts.trim().split('\n').map(Number).sort((a, b) => a - b);
      expect(fullTimes.map((t) => Math.round((t - fullTimes[0]!) * 1e6) / 1e6)).toEqual(index.times);
      // The task still names the proxy: annotators started on it, and the workbench switches by the index.
      expect((await idle.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${stored.taskId!}`)).data['video']).toBe(stored.url);
      // Behind the tenant wall like the proxy: another organisation's member gets 404, a viewer of this one 200.
      const orgB = await idle.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
      const stranger = await addMember(idle, 'video-outsider@example.com', 'owner', { orgId: orgB.id });
      expect((await get(stranger, withFull.fullUrl!)).status).toBe(404);
      expect((await get(stranger, `${withFull.fullUrl!}?org=${orgB.id}`)).status).toBe(404);
      const viewer = await addMember(idle, 'video-viewer@example.com', 'viewer');
      expect((await get(viewer, withFull.fullUrl!)).status).toBe(200);
      // The broken file fails its job with the reason, and no task was made for it.
      const failed = await waitForJob(idle.owner, bad!.jobId!);
      expect(failed.status).toBe('failed');
      expect(failed.error).toContain('broken.avi: the video could not be converted (ffmpeg:');
      expect(await taskIds()).toEqual([remuxed!.taskId!, stored.taskId!].sort());
      // The same video again is a duplicate at upload, without a second job.
      const again = await idle.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${clips.id}/media`, form([{ name: 'again.avi', bytes: bigBytes }]));
      expect(again.body.files[0]).toMatchObject({ status: 'duplicate', taskId: stored.taskId });
    } finally {
      await runner?.stop();
      await idle.close();
    }
  }, 180_000);
});
