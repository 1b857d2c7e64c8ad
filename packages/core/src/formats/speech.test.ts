import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKaldi, parseNemo, parseWenet, writeKaldi, writeNemo, writeWenet } from './speech.js';

const fixtures = join(import.meta.dirname, 'test-fixtures');
const kaldiDir = join(fixtures, 'kaldi', 'mini_librispeech');
const kaldiFiles = new Map(readdirSync(kaldiDir).map((name) => [name, readFileSync(join(kaldiDir, name), 'utf8')]));

/** A Kaldi table as Kaldi reads it: one space after the key, no trailing blanks. */
function normalised(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/^(\S+)\s+/u, '$1 '))
    .filter((l) => l !== '')
    .map((l) => `${l}\n`)
    .join('');
}

describe('Kaldi data directory (lhotse mini_librispeech fixture)', () => {
  it('reads utterances with their recording, pipe command, span, speaker and duration', () => {
    const utterances = parseKaldi(kaldiFiles);
    expect(utterances).toHaveLength(38);
    expect(utterances[1]).toEqual({
      id: 'lbi-1272-141231-0000',
      recording: 'lbi-1272-141231-0000',
      audio: 'sox  -r  16000  -b16  -c  1  --null  -t  wav  -  synth  74400s   sine  300-3300  |',
      start: 0,
      end: 4.65,
      duration: 4.65,
      text: 'A MAN SAID TO THE UNIVERSE SIR I EXIST',
      speaker: 'lbi-1272-141231',
    });
  });

  it('writes back the same tables (sorted, one space after the key)', () => {
    const written = writeKaldi(parseKaldi(kaldiFiles));
    expect([...written.keys()].sort()).toEqual(['segments', 'spk2utt', 'text', 'utt2dur', 'utt2spk', 'wav.scp']);
    for (const [name, text] of written) expect(text, name).toBe(normalised(kaldiFiles.get(name)!));
    expect(parseKaldi(written)).toEqual(parseKaldi(kaldiFiles));
  });

  it('reads a directory without segments (utterance = recording) and says where ids do not match', () => {
    const plain = new Map([
      ['wav.scp', 'u1 /data/u1.wav\nu2 /data/u2.wav\n'],
      ['text', 'u1 你好 世界\nu2 再见\n'],
    ]);
    expect(parseKaldi(plain)).toEqual([
      { id: 'u1', recording: 'u1', audio: '/data/u1.wav', text: '你好 世界' },
      { id: 'u2', recording: 'u2', audio: '/data/u2.wav', text: '再见' },
    ]);
    expect(writeKaldi(parseKaldi(plain)).has('segments')).toBe(false);
    expect(() => parseKaldi(new Map([...plain, ['text', 'u3 x\n']]))).toThrow('text line 1: utterance "u3" is not in wav.scp');
    expect(() => parseKaldi(new Map([...plain, ['segments', 'u1 r9 0 1\nu2 u2 0 1\n']]))).toThrow('segments line 1: recording "r9" is not in wav.scp');
    expect(() => parseKaldi(new Map([...plain, ['segments', 'u1 u1 2 1\nu2 u2 0 1\n']]))).toThrow('segments line 1 (end): must be greater than the start 2, got 1');
    expect(() => parseKaldi(new Map([...plain, ['utt2spk', 'u1 a\nu9 b\n']]))).toThrow('utt2spk line 2: utterance "u9" is not in text');
    expect(() => parseKaldi(new Map([['text', 'u1 x\n']]))).toThrow(/has no wav.scp/);
    expect(() => writeKaldi([{ id: 'a b', recording: 'r', audio: 'r.wav', text: '' }])).toThrow(/whitespace/);
  });
});

describe('WeNet data.list (wenet test resources)', () => {
  const text = readFileSync(join(fixtures, 'wenet', 'data.list'), 'utf8');

  it('reads key, wav and txt, and writes the same lines back', () => {
    const utterances = parseWenet(text);
    expect(utterances.map((u) => [u.id, u.audio, u.text.slice(0, 6)])).toEqual([
      ['test/resources/dataset/aishell-BAC009S0724W0121', 'test/resources/dataset/aishell-BAC009S0724W0121.wav', '广州市房地产'],
      ['test/resources/dataset/librispeech-1995-1837-0001', 'test/resources/dataset/librispeech-1995-1837-0001.wav', 'IT WAS'],
    ]);
    // Same objects; WeNet writes ", " and ": " between items (Python's json.dumps), we write compact JSON.
    expect(writeWenet(utterances).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(text.trim().split('\n').map((l) => JSON.parse(l) as unknown));
  });

  it('keeps spans and speakers, and names the line of a bad entry', () => {
    const line = '{"key":"k1","wav":"/a.wav","txt":"好","start":1.5,"end":3,"spk":"S1"}\n';
    expect(parseWenet(line)).toEqual([{ id: 'k1', recording: '/a.wav', audio: '/a.wav', text: '好', start: 1.5, end: 3, speaker: 'S1' }]);
    expect(writeWenet(parseWenet(line))).toBe(line);
    expect(() => parseWenet('{"key":"k","wav":"a.wav"}')).toThrow('data.list line 1: txt: must be the transcript (a string), got nothing');
    expect(() => parseWenet('{"key":"k","wav":"a.wav","txt":""}\n\n{"key":"k","wav":"b.wav","txt":""}')).toThrow('data.list line 3: key: duplicate key "k" (also line 1)');
  });
});

describe('NeMo manifest (NeMo tarred AN4 test manifest)', () => {
  const text = readFileSync(join(fixtures, 'nemo', 'tarred_an4_manifest.json'), 'utf8');

  it('reads audio_filepath, duration and text, keeps shard_id, and writes the same objects back', () => {
    const utterances = parseNemo(text);
    expect(utterances).toHaveLength(32);
    expect(utterances[0]).toEqual({ id: '_data_an4_wav_an4_clstk_fash_an251-fash-b', recording: '_data_an4_wav_an4_clstk_fash_an251-fash-b.wav', audio: '_data_an4_wav_an4_clstk_fash_an251-fash-b.wav', text: 'yes', duration: 1, extra: { shard_id: 0 } });
    expect(writeNemo(utterances).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(text.trim().split('\n').map((l) => JSON.parse(l) as unknown));
  });

  it('reads offsets as spans of a longer file, with ids that tell them apart', () => {
    const manifest = '{"audio_filepath":"/x/talk.wav","duration":2,"offset":0,"text":"一"}\n{"audio_filepath":"/x/talk.wav","duration":1.5,"offset":2.5,"text":"二","speaker":3}\n';
    const utterances = parseNemo(manifest);
    expect(utterances.map((u) => [u.id, u.start, u.end, u.speaker])).toEqual([
      ['talk-0', 0, 2, undefined],
      ['talk-2500', 2.5, 4, '3'],
    ]);
    expect(writeNemo(utterances)).toBe('{"audio_filepath":"/x/talk.wav","duration":2,"text":"一","offset":0}\n{"audio_filepath":"/x/talk.wav","duration":1.5,"text":"二","offset":2.5,"speaker":"3"}\n');
    expect(() => parseNemo('{"audio_filepath":"a.wav","duration":0,"text":""}')).toThrow('manifest.json line 1: duration: must be greater than 0 seconds, got 0');
  });

  it('converts between the three formats through the same utterances', () => {
    const fromKaldi = parseKaldi(kaldiFiles).slice(0, 3);
    const viaNemo = parseNemo(writeNemo(fromKaldi));
    expect(viaNemo.map((u) => [u.audio, u.start, u.end, u.text, u.speaker])).toEqual(fromKaldi.map((u) => [u.audio, u.start, u.end, u.text, u.speaker]));
    const viaWenet = parseWenet(writeWenet(fromKaldi));
    expect(viaWenet.map((u) => [u.id, u.start, u.end, u.text, u.speaker])).toEqual(fromKaldi.map((u) => [u.id, u.start, u.end, u.text, u.speaker]));
  });
});
