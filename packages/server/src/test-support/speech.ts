import { spawnSync } from 'node:child_process';

/**
 * Whether the speech tests can run: ffmpeg decodes, Debian's pocketsphinx (with its US English model)
 * recognises, espeak-ng speaks Mandarin. Missing tools skip those tests with a warning, except under
 * CI=true, where skipping would hide a broken install.
 */
export function speechToolsAvailable(): boolean {
  const missing = [
    spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0 ? '' : 'ffmpeg',
    spawnSync('pocketsphinx_continuous', ['-h'], { stdio: 'ignore' }).error === undefined ? '' : 'pocketsphinx pocketsphinx-en-us',
    spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0 ? '' : 'espeak-ng',
  ].filter((m) => m !== '');
  if (missing.length === 0) return true;
  const message = `speech tools are missing: skipping the speech pre-annotation tests (Debian: apt-get install ${missing.join(' ')})`;
  if (process.env['CI'] === 'true') throw new Error(`${message}; CI=true forbids skipping them`);
  console.warn(`[yungang tests] ${message}.`);
  return false;
}
