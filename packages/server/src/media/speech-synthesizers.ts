/**
 * Text to speech for synthetic audio tasks (docs/augmentation.md, "Speech synthesis"): Debian's espeak-ng
 * on this server, or an external OpenAI-compatible `/audio/speech` endpoint. Both write one audio file per
 * text; the file then goes through audio intake like an upload, so its peaks and loudness exist.
 *
 * Mandarin: espeak-ng's `cmn-latn-pinyin` voice reads Han characters through its own Mandarin dictionary
 * and also pinyin with tone numbers (`ni3 hao3`); the plain `cmn` voice reads Latin letters as English.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { joinUrl } from '../models/http-json.js';
import { ModelBackendError } from '../models/model-backend.js';

export interface SpeechRequest {
  text: string;
  voice: string;
  /** espeak-ng words per minute. */
  speed: number;
}

/** Writes `out` (a WAV from espeak-ng; whatever the server sends for a TTS server). */
export type SpeechSynthesizer = (request: SpeechRequest, out: string, signal: AbortSignal) => Promise<void>;

let voices: Promise<Set<string>> | undefined;

/** The language names espeak-ng has voices for (`en`, `cmn-latn-pinyin`, …), read once per process. */
export function espeakVoices(): Promise<Set<string>> {
  voices ??= new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', ['--voices'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new Error('espeak-ng is not installed on this server; its operator installs it (Debian: apt-get install espeak-ng)') : err));
    child.on('close', () => {
      // Each line: priority, language, age/gender, name, file, then other languages it speaks as "(en 10)".
      const names = new Set<string>();
      for (const line of text.split('\n').slice(1)) {
        const language = line.trim().split(/\s+/)[1];
        if (language) names.add(language.toLowerCase());
        for (const m of line.matchAll(/\(([^\s()]+) \d+\)/g)) names.add(m[1]!.toLowerCase());
      }
      resolve(names);
    });
  });
  voices.catch(() => (voices = undefined));
  return voices;
}

/**
 * espeak-ng, run without a shell; the text is passed on stdin so no character of it is an option. An
 * unknown voice is refused here, since espeak-ng itself silently falls back to its default voice.
 */
export const espeakNg: SpeechSynthesizer = async (request, out, signal) => {
  if (!(await espeakVoices()).has(request.voice.toLowerCase())) throw new Error(`espeak-ng has no voice "${request.voice}"; use en, cmn-latn-pinyin (Han characters or pinyin with tone numbers) or another name from espeak-ng --voices`);
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', ['-v', request.voice, '-s', String(request.speed), '-w', out, '--stdin'], { stdio: ['pipe', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new Error('espeak-ng is not installed on this server; its operator installs it (Debian: apt-get install espeak-ng)') : err),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`espeak-ng failed (${code ?? 'killed'}): ${stderr.trim().slice(0, 300) || 'no output'}`))));
    child.stdin.end(request.text);
  });
};

/** An OpenAI-compatible speech endpoint: POST {base}/audio/speech {model, input, voice, response_format: wav}. */
export function ttsServer(endpoint: { url: string; model: string; apiKey: string | null }): SpeechSynthesizer {
  return async (request, out, signal) => {
    const url = joinUrl(endpoint.url, 'audio/speech');
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
        body: JSON.stringify({ model: endpoint.model, input: request.text, voice: request.voice, response_format: 'wav' }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new ModelBackendError(`TTS server ${endpoint.url}: cannot reach it (${(error as Error).message})`, true);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (!response.ok) throw new ModelBackendError(`TTS server ${url} answered ${response.status}: ${bytes.toString('utf8').slice(0, 300)}`, response.status >= 500 || response.status === 429);
    await writeFile(out, bytes);
  };
}
