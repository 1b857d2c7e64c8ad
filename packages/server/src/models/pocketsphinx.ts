import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { speechResult, type SpeechSettingsJson, type SpeechSpan, type TranscribedSegment, type TranscriptWord } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { ModelBackendError, type ModelBackend, type ModelHealth, type ModelPrediction, type ModelProject, type ModelTask } from './model-backend.js';
import { detectSpeech, vadOptionsOf } from './silero-vad.js';
import { withDecodedSpeech, writeWavSlice } from './speech-audio.js';

export const POCKETSPHINX_VERSION = 'pocketsphinx-en-us';
const MISSING = 'pocketsphinx is not installed on this server (Debian: apt-get install pocketsphinx pocketsphinx-en-us)';

/**
 * Words of `pocketsphinx_continuous -time yes` output: after each hypothesis line, one line per word,
 * `word start end posterior` (seconds, 0..1). Sentence marks, silences and fillers (`<s>`, `<sil>`,
 * `[NOISE]`, `++UH++`) are dropped, and alternative pronunciations (`read(2)`) named by their word.
 */
export function parsePocketsphinxWords(output: string, offset = 0): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const line of output.split('\n')) {
    const m = /^(\S+) (\d+\.\d+) (\d+\.\d+) (\d+(?:\.\d+)?)$/.exec(line.trim());
    if (!m) continue;
    const word = m[1]!.replace(/\(\d+\)$/, '');
    if (/^(<.*>|\[.*\]|\+\+.*\+\+)$/.test(word)) continue;
    const round = (v: number) => Math.round(v * 1000) / 1000;
    words.push({ word, start: round(offset + Number(m[2])), end: round(offset + Number(m[3])), confidence: Math.round(Number(m[4]) * 1000) / 1000 });
  }
  return words;
}

/** Runs Debian's `pocketsphinx_continuous` (US English model) on a 16 kHz mono WAV file; its stdout. */
export function runPocketsphinx(wavPath: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pocketsphinx_continuous', ['-infile', wavPath, '-time', 'yes', '-logfn', '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => reject(signal.aborted ? (signal.reason as Error) : new ModelBackendError(e.code === 'ENOENT' ? MISSING : `pocketsphinx failed to start: ${e.message}`, false)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new ModelBackendError(`pocketsphinx exited with ${String(code)}: ${Buffer.concat(err).toString('utf8').slice(0, 300)}`, false));
    });
  });
}

/**
 * Built-in offline English speech recognition (kind `pocketsphinx`). When the project has segments with a
 * per-segment transcript (and `speech.segment` is not false), Silero VAD cuts the recording first and each
 * segment is transcribed on its own: the built-in VAD → ASR pipeline. Otherwise the whole clip is
 * transcribed into the whole-clip text area. Word confidences go to the prediction's meta (the workbench
 * underlines the doubtful ones); the score is the mean word confidence.
 */
export class PocketsphinxBackend implements ModelBackend {
  constructor(
    private readonly blobs: BlobStore,
    private readonly settings: SpeechSettingsJson | null,
  ) {}

  health(signal: AbortSignal): Promise<ModelHealth> {
    return new Promise((resolve, reject) => {
      const child = spawn('pocketsphinx_continuous', ['-h'], { stdio: 'ignore', signal });
      child.on('error', () => reject(new ModelBackendError(MISSING, false)));
      child.on('close', () => resolve({ ok: true, detail: `${POCKETSPHINX_VERSION}, segmented by Silero VAD when the project has segments` }));
    });
  }

  setup(): Promise<{ modelVersion: string }> {
    return Promise.resolve({ modelVersion: POCKETSPHINX_VERSION });
  }

  async predict(project: ModelProject, tasks: ModelTask[], _context: unknown, signal: AbortSignal): Promise<ModelPrediction[]> {
    const config = project.labelConfig;
    const field = config.fields.find((f) => f.type === 'audio' && config.controls.some((c) => c.type === 'textarea' && c.toName === f.name))?.name;
    if (field === undefined) throw new ModelBackendError('pocketsphinx writes transcripts, and this project has no text area on an audio field', false);
    const segmented =
      this.settings?.segment !== false &&
      config.controls.some((c) => c.type === 'labels' && c.toName === field) &&
      config.controls.some((c) => c.type === 'textarea' && c.toName === field && c.perRegion === true);
    const out: ModelPrediction[] = [];
    for (const task of tasks) {
      const transcribe = async (segments: SpeechSpan[], pcmPath: string | null): Promise<TranscribedSegment[]> => {
        const scratch = await mkdtemp(join(tmpdir(), 'yungang-asr-'));
        try {
          const done: TranscribedSegment[] = [];
          for (const [i, s] of segments.entries()) {
            const wav = join(scratch, `${i}.wav`);
            await writeWavSlice(pcmPath!, s.start, s.end, wav);
            const words = parsePocketsphinxWords(await runPocketsphinx(wav, signal), s.start);
            done.push({ ...s, text: words.map((w) => w.word).join(' '), words });
          }
          return done;
        } finally {
          await rm(scratch, { recursive: true, force: true });
        }
      };
      const segments = segmented
        ? await detectSpeech(this.blobs, task.data[field], task.id, vadOptionsOf(this.settings), signal, ({ segments: found, pcmPath }) => transcribe(found, pcmPath), true)
        : await withDecodedSpeech(this.blobs, task.data[field], task.id, signal, () => undefined, ({ pcmPath, samples }) => transcribe([{ start: 0, end: samples / 16_000 }], pcmPath), true);
      const { result, meta } = speechResult(config, field, segments, { label: this.settings?.label ?? null, idPrefix: 'asr' });
      const words = segments.flatMap((s) => s.words ?? []);
      const score = words.length === 0 ? null : Math.round((words.reduce((a, w) => a + w.confidence, 0) / words.length) * 1000) / 1000;
      out.push({ taskId: task.id, result, score, modelVersion: POCKETSPHINX_VERSION, meta });
    }
    return out;
  }
}
