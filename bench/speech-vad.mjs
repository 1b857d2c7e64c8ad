// Speech assistance figures (docs/models.md, Speech): Silero VAD throughput in seconds of audio per second,
// and pocketsphinx's WER on the LibriVox clip of Debian's pocketsphinx-testdata (our test fixture).
// Usage: node bench/speech-vad.mjs [minutes=10]
// The recording is the fixture (two utterances and a pause) looped to `minutes`; VAD time includes the
// ffmpeg decode to 16 kHz PCM, streamed, as the backend does it. Needs the built packages, ffmpeg and
// pocketsphinx (+ pocketsphinx-en-us).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { speechSegments, wordErrorRate, DEFAULT_VAD_OPTIONS } from '../packages/core/dist/index.js';
import { SileroStream } from '../packages/server/dist/models/silero-vad.js';
import { parsePocketsphinxWords, runPocketsphinx } from '../packages/server/dist/models/pocketsphinx.js';

const run = promisify(execFile);
const minutes = Number(process.argv[2] ?? 10);
const fixtures = join(import.meta.dirname, '..', 'packages/server/src/test-fixtures/speech');
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-speech-'));
try {
  const long = join(dir, 'long.flac');
  const clip = 7.78;
  await run('ffmpeg', ['-v', 'error', '-y', '-stream_loop', String(Math.ceil((minutes * 60) / clip) - 1), '-i', join(fixtures, 'en-librivox.flac'), '-t', String(minutes * 60), '-c:a', 'flac', long]);

  const t0 = performance.now();
  const vad = await SileroStream.open();
  const loaded = performance.now();
  const child = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-i', long, '-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let samples = 0;
  for await (const chunk of child.stdout) {
    samples += chunk.length / 2;
    await vad.push(chunk);
  }
  const probabilities = await vad.finish();
  const segments = speechSegments(probabilities, 512 / 16000, samples / 16000, DEFAULT_VAD_OPTIONS);
  const vadSeconds = (performance.now() - loaded) / 1000;

  // WER: each utterance of the fixture transcribed on its own, as the VAD → ASR pipeline does.
  const reference = (await readFile(join(fixtures, 'en-librivox.txt'), 'utf8')).trim().split('\n');
  const hypothesis = [];
  for (const [i, [start, end]] of [[0, 3.1], [4.4, 7.78]].entries()) {
    const wav = join(dir, `u${i}.wav`);
    await run('ffmpeg', ['-v', 'error', '-y', '-ss', String(start), '-to', String(end), '-i', join(fixtures, 'en-librivox.flac'), '-ac', '1', '-ar', '16000', wav]);
    hypothesis.push(parsePocketsphinxWords(await runPocketsphinx(wav, AbortSignal.timeout(120_000))).map((w) => w.word).join(' '));
  }
  const wer = wordErrorRate(reference, hypothesis);
  console.log(
    JSON.stringify({
      audioSeconds: Math.round(samples / 16000),
      modelLoadMs: Math.round(loaded - t0),
      vadSeconds: Math.round(vadSeconds * 100) / 100,
      vadAudioSecondsPerSecond: Math.round(samples / 16000 / vadSeconds),
      segments: segments.length,
      expectedSegments: Math.round((minutes * 60 * 2) / clip),
      pocketsphinxWer: Math.round(wer.rate * 1000) / 1000,
      hypothesis,
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
