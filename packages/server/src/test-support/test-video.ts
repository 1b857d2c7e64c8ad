import { execFile, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Whether ffmpeg is installed. Video tests skip with a message without it, except under CI=true, where
 * a missing ffmpeg is an error (.ci/run installs it), like the browser and PostgreSQL.
 */
export function ffmpegAvailable(): boolean {
  const found = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  if (process.env['CI'] === 'true') throw new Error('ffmpeg is not installed, and CI=true forbids skipping the audio and video tests: apt-get install ffmpeg');
  console.warn('[yungang tests] ffmpeg is not installed: skipping the audio and video tests (Debian: apt-get install ffmpeg).');
  return false;
}

/** A test-pattern video (ffmpeg's testsrc, 320 × 240, 25 fps) of `seconds`, encoded with `codecArgs` into `file` under `dir`. */
export async function testVideo(dir: string, file: string, seconds: number, codecArgs: string[]): Promise<Buffer<ArrayBuffer>> {
  const out = join(dir, file);
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-shortest', ...codecArgs, out]);
  return readFile(out);
}
