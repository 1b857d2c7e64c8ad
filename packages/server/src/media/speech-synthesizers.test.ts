import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioContainerOf } from './audio-source.js';
import { espeakNg, ttsServer } from './speech-synthesizers.js';

/** Whether espeak-ng is installed; under CI=true a missing one is an error (.ci/run installs it). */
function espeakAvailable(): boolean {
  if (spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env['CI'] === 'true') throw new Error('espeak-ng is not installed, and CI=true forbids skipping the speech synthesis tests: apt-get install espeak-ng');
  console.warn('[yungang tests] espeak-ng is not installed: skipping the espeak-ng tests (Debian: apt-get install espeak-ng).');
  return false;
}

/** Seconds of audio in a PCM WAV espeak-ng wrote (its data chunk follows a 44-byte header). */
function wavSeconds(wav: Buffer): number {
  const rate = wav.readUInt32LE(24);
  const bytesPerSample = wav.readUInt16LE(32);
  return (wav.length - 44) / (rate * bytesPerSample);
}

describe('speech synthesizers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-tts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('espeak-ng speaks English, Han characters and tone-numbered pinyin (cmn-latn-pinyin), text passed on stdin', async () => {
    if (!espeakAvailable()) return;
    const cases = [
      { voice: 'en', text: '-v --help The quick brown fox.' },
      { voice: 'cmn-latn-pinyin', text: '你好，世界。' },
      { voice: 'cmn-latn-pinyin', text: 'ni3 hao3 shi4 jie4' },
    ];
    for (const [i, c] of cases.entries()) {
      const out = join(dir, `${i}.wav`);
      await espeakNg({ text: c.text, voice: c.voice, speed: 160 }, out, new AbortController().signal);
      const wav = await readFile(out);
      expect(audioContainerOf(wav)).toBe('wav');
      expect(wavSeconds(wav)).toBeGreaterThan(0.5);
    }
    await expect(espeakNg({ text: 'x', voice: 'no-such-voice', speed: 160 }, join(dir, 'bad.wav'), new AbortController().signal)).rejects.toThrow('espeak-ng has no voice "no-such-voice"');
  });

  it('a TTS server gets model, input and voice, and its audio is written as sent', async () => {
    let seen: unknown;
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        seen = { path: req.url, auth: req.headers.authorization, body: JSON.parse(raw) as unknown };
        if (req.url !== '/v1/audio/speech') return void res.writeHead(404).end();
        res.end(Buffer.from('RIFF....WAVEfmt '));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const out = join(dir, 'tts.wav');
      await ttsServer({ url, model: 'tts-1', apiKey: 'sk-test' })({ text: '你好', voice: 'alloy', speed: 160 }, out, new AbortController().signal);
      expect((await readFile(out)).toString()).toBe('RIFF....WAVEfmt ');
      expect(seen).toEqual({ path: '/v1/audio/speech', auth: 'Bearer sk-test', body: { model: 'tts-1', input: '你好', voice: 'alloy', response_format: 'wav' } });
      await expect(ttsServer({ url: `${url}/nope`, model: 'm', apiKey: null })({ text: 'a', voice: 'v', speed: 1 }, out, new AbortController().signal)).rejects.toThrow(/answered 404/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
