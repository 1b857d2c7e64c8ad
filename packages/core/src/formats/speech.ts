/**
 * Speech corpora ↔ utterances: a Kaldi data directory (`wav.scp`, `text`, `segments`, `utt2spk`), a WeNet
 * raw `data.list` and a NeMo manifest. All three describe the same thing, an utterance with its audio,
 * optional time span inside a longer recording, transcript and speaker, so they convert through one
 * neutral list (`SpeechUtterance`), which `speech-tasks.ts` maps to and from tasks and segment results.
 */
import { isObject, numberAt, stringAt } from './json-reading.js';
import { FormatError } from './shapes.js';

export interface SpeechUtterance {
  /** Kaldi utterance id, WeNet `key`; for NeMo the line's `utt_id` if any, else made from the audio name. */
  id: string;
  /** The recording it is cut from (Kaldi recording id); the utterance id itself when it is a whole file. */
  recording: string;
  /**
   * Where the recording's audio is: a path, a URL, or a Kaldi pipe command (`sox … |`), as the file wrote it.
   */
  audio: string;
  /** Seconds into the recording, when the utterance is a part of it. */
  start?: number;
  end?: number;
  /** Length of the utterance in seconds, when the file states it (NeMo `duration`, Kaldi `utt2dur`). */
  duration?: number;
  text: string;
  speaker?: string;
  /** Keys of a WeNet or NeMo line this module does not interpret (`shard_id`, `lang` …), kept for a round trip. */
  extra?: Record<string, unknown>;
}

/** Lines of a Kaldi table: `key value…`, split at the first whitespace run; blank lines skipped. */
function kaldiTable(file: string, text: string): { key: string; value: string; line: number }[] {
  const rows: { key: string; value: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (line === '') return;
    const match = /^(\S+)(?:\s+(.*))?$/u.exec(line)!;
    rows.push({ key: match[1]!, value: (match[2] ?? '').trim(), line: n + 1 });
  });
  const seen = new Map<string, number>();
  for (const row of rows) {
    const earlier = seen.get(row.key);
    if (earlier !== undefined) throw new FormatError(`${file} line ${row.line}`, `duplicate key "${row.key}" (also line ${earlier})`);
    seen.set(row.key, row.line);
  }
  return rows;
}

function seconds(value: string | undefined, where: string): number {
  const n = value === undefined ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new FormatError(where, `must be a time ≥ 0 in seconds, got ${JSON.stringify(value ?? '')}`);
  return n;
}

/**
 * Reads a Kaldi data directory (file name → text). `wav.scp` and `text` are required; with `segments`,
 * utterances are spans of the recordings `wav.scp` names, otherwise each utterance is the whole file of
 * the same id. `utt2spk` gives speakers, `utt2dur` durations. Every id is checked against the others.
 */
export function parseKaldi(files: ReadonlyMap<string, string>): SpeechUtterance[] {
  const file = (name: string): string | undefined => [...files].find(([path]) => (path.split('/').pop() ?? path) === name)?.[1];
  const wavScp = file('wav.scp');
  const text = file('text');
  if (wavScp === undefined) throw new FormatError('data directory', 'has no wav.scp (recording id → audio path or command)');
  if (text === undefined) throw new FormatError('data directory', 'has no text (utterance id → transcript)');
  const recordings = new Map(kaldiTable('wav.scp', wavScp).map((r) => [r.key, r]));
  for (const r of recordings.values()) if (r.value === '') throw new FormatError(`wav.scp line ${r.line}`, `recording "${r.key}" has no audio path or command`);
  const segmentsText = file('segments');
  const segments = segmentsText === undefined ? null : new Map(kaldiTable('segments', segmentsText).map((r) => [r.key, r]));
  const speakers = new Map(kaldiTable('utt2spk', file('utt2spk') ?? '').map((r) => [r.key, r]));
  const durations = new Map(kaldiTable('utt2dur', file('utt2dur') ?? '').map((r) => [r.key, r]));

  const out: SpeechUtterance[] = kaldiTable('text', text).map((row) => {
    const utterance: SpeechUtterance = { id: row.key, recording: row.key, audio: '', text: row.value };
    if (segments) {
      const segment = segments.get(row.key);
      if (!segment) throw new FormatError(`text line ${row.line}`, `utterance "${row.key}" has no line in segments`);
      const [recording, start, end] = segment.value.split(/\s+/);
      const where = `segments line ${segment.line}`;
      const audio = recordings.get(recording ?? '');
      if (!audio) throw new FormatError(where, `recording "${recording ?? ''}" is not in wav.scp`);
      utterance.recording = audio.key;
      utterance.audio = audio.value;
      utterance.start = seconds(start, `${where} (start)`);
      // Kaldi writes -1 for "to the end of the recording".
      if (end !== '-1') {
        utterance.end = seconds(end, `${where} (end)`);
        if (utterance.end <= utterance.start) throw new FormatError(`${where} (end)`, `must be greater than the start ${utterance.start}, got ${utterance.end}`);
      }
    } else {
      const audio = recordings.get(row.key);
      if (!audio) throw new FormatError(`text line ${row.line}`, `utterance "${row.key}" is not in wav.scp (without a segments file, utterance and recording ids are the same)`);
      utterance.audio = audio.value;
    }
    const speaker = speakers.get(row.key);
    if (speaker && speaker.value !== '') utterance.speaker = speaker.value;
    const duration = durations.get(row.key);
    if (duration) utterance.duration = seconds(duration.value, `utt2dur line ${duration.line}`);
    return utterance;
  });
  const known = new Set(out.map((u) => u.id));
  for (const [name, table] of [['utt2spk', speakers], ['segments', segments ?? new Map()]] as const) {
    for (const row of table.values()) if (!known.has(row.key)) throw new FormatError(`${name} line ${row.line}`, `utterance "${row.key}" is not in text`);
  }
  return out;
}

/** Kaldi sorts its tables in C locale (byte order); its validation script refuses anything else. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function table(rows: [string, string][]): string {
  return rows
    .sort((a, b) => byteOrder(a[0], b[0]))
    .map(([k, v]) => `${k} ${v}\n`)
    .join('');
}

/**
 * Writes a Kaldi data directory: `wav.scp` (one line per recording), `text`, `utt2spk` and `spk2utt`
 * (utterances without a speaker get their own id as speaker, as Kaldi's recipes do), `segments` when any
 * utterance is a span, `utt2dur` when durations are known. Ids and speakers must not contain whitespace.
 */
export function writeKaldi(utterances: readonly SpeechUtterance[]): Map<string, string> {
  const recordings = new Map<string, string>();
  utterances.forEach((u, i) => {
    for (const [what, id] of [['id', u.id], ['recording', u.recording], ['speaker', u.speaker ?? 'x']] as const) {
      if (/\s/u.test(id) || id === '') throw new FormatError(`utterances[${i}].${what}`, `Kaldi ids cannot be empty or contain whitespace, got ${JSON.stringify(id)}`);
    }
    const earlier = recordings.get(u.recording);
    if (earlier !== undefined && earlier !== u.audio) throw new FormatError(`utterances[${i}].audio`, `recording "${u.recording}" is already ${JSON.stringify(earlier)}`);
    recordings.set(u.recording, u.audio);
  });
  // Kaldi wants a speaker-id prefix on utterance ids only for sorting; we keep ids as given.
  const spoken = utterances.map((u) => [u.id, u.speaker ?? u.id] as [string, string]);
  const byspeaker = new Map<string, string[]>();
  for (const [utt, spk] of spoken) byspeaker.set(spk, [...(byspeaker.get(spk) ?? []), utt]);
  const files = new Map<string, string>([
    ['wav.scp', table([...recordings])],
    ['text', table(utterances.map((u) => [u.id, u.text.replace(/\s+/gu, ' ').trim()]))],
    ['utt2spk', table(spoken)],
    ['spk2utt', table([...byspeaker].map(([spk, utts]) => [spk, utts.sort(byteOrder).join(' ')]))],
  ]);
  if (utterances.some((u) => u.start !== undefined || u.recording !== u.id)) {
    files.set('segments', table(utterances.map((u) => [u.id, `${u.recording} ${formatSeconds(u.start ?? 0)} ${u.end === undefined ? '-1' : formatSeconds(u.end)}`])));
  }
  const durations = utterances.filter((u) => u.duration !== undefined || (u.start !== undefined && u.end !== undefined));
  if (durations.length === utterances.length && utterances.length > 0) {
    files.set('utt2dur', table(utterances.map((u) => [u.id, formatSeconds(u.duration ?? u.end! - u.start!)])));
  }
  return files;
}

/** Seconds with at most millisecond precision and no trailing zeros (Kaldi's own tools print %.3f or shorter). */
function formatSeconds(t: number): string {
  return String(Math.round(t * 1000) / 1000);
}

/** JSON lines of a WeNet list or NeMo manifest, each an object; blank lines skipped. */
function jsonLines(file: string, text: string): { value: Record<string, unknown>; line: number }[] {
  const out: { value: Record<string, unknown>; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new FormatError(`${file} line ${n + 1}`, `is not JSON: ${(e as Error).message}`);
    }
    if (!isObject(value)) throw new FormatError(`${file} line ${n + 1}`, 'must be a JSON object');
    out.push({ value, line: n + 1 });
  });
  return out;
}

function rest(value: Record<string, unknown>, known: readonly string[]): Record<string, unknown> | undefined {
  const extra = Object.fromEntries(Object.entries(value).filter(([k]) => !known.includes(k)));
  return Object.keys(extra).length > 0 ? extra : undefined;
}

const WENET_KEYS = ['key', 'wav', 'txt', 'start', 'end', 'spk'] as const;

/**
 * Reads a WeNet raw `data.list`: one JSON object per line, `{"key", "wav", "txt"}` plus optional `start`
 * and `end` (seconds, a span of `wav`, as WeNet's raw reader takes them) and `spk`.
 */
export function parseWenet(text: string, file = 'data.list'): SpeechUtterance[] {
  const seen = new Map<string, number>();
  return jsonLines(file, text).map(({ value, line }) => {
    const where = `${file} line ${line}`;
    const id = stringAt(value.key, `${where}: key`);
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new FormatError(`${where}: key`, `duplicate key "${id}" (also line ${earlier})`);
    seen.set(id, line);
    const audio = stringAt(value.wav, `${where}: wav`);
    const txt = value.txt;
    if (typeof txt !== 'string') throw new FormatError(`${where}: txt`, `must be the transcript (a string), got ${JSON.stringify(txt) ?? 'nothing'}`);
    const u: SpeechUtterance = { id, recording: audio, audio, text: txt };
    if (value.start !== undefined) u.start = numberAt(value.start, `${where}: start`);
    if (value.end !== undefined) u.end = numberAt(value.end, `${where}: end`);
    if (u.start !== undefined && u.end !== undefined && u.end <= u.start) throw new FormatError(`${where}: end`, `must be greater than start ${u.start}, got ${u.end}`);
    if (typeof value.spk === 'string' && value.spk !== '') u.speaker = value.spk;
    const extra = rest(value, WENET_KEYS);
    if (extra) u.extra = extra;
    return u;
  });
}

/** Writes a WeNet raw `data.list` (keys in the order WeNet's tools write them, then any kept extras). */
export function writeWenet(utterances: readonly SpeechUtterance[]): string {
  return utterances
    .map((u) => {
      const line: Record<string, unknown> = { key: u.id, wav: u.audio, txt: u.text };
      if (u.start !== undefined) line.start = u.start;
      if (u.end !== undefined) line.end = u.end;
      if (u.speaker !== undefined) line.spk = u.speaker;
      // ensure_ascii=False, as WeNet's tools/make_raw_list.py writes Chinese.
      return `${JSON.stringify({ ...line, ...u.extra })}\n`;
    })
    .join('');
}

const NEMO_KEYS = ['audio_filepath', 'duration', 'text', 'offset', 'speaker', 'utt_id'] as const;

/**
 * Reads a NeMo manifest: one JSON object per line, `{"audio_filepath", "duration", "text"}` plus optional
 * `offset` (seconds into the file; the utterance then spans offset..offset + duration) and `speaker`. Ids
 * are `utt_id` when given, else the audio file's stem (with the offset when one file has several lines).
 */
export function parseNemo(text: string, file = 'manifest.json'): SpeechUtterance[] {
  const lines = jsonLines(file, text);
  const perFile = new Map<string, number>();
  for (const { value } of lines) if (typeof value.audio_filepath === 'string') perFile.set(value.audio_filepath, (perFile.get(value.audio_filepath) ?? 0) + 1);
  const seen = new Map<string, number>();
  return lines.map(({ value, line }) => {
    const where = `${file} line ${line}`;
    const audio = stringAt(value.audio_filepath, `${where}: audio_filepath`);
    const duration = numberAt(value.duration, `${where}: duration`);
    if (duration <= 0) throw new FormatError(`${where}: duration`, `must be greater than 0 seconds, got ${duration}`);
    const txt = value.text;
    if (typeof txt !== 'string') throw new FormatError(`${where}: text`, `must be the transcript (a string), got ${JSON.stringify(txt) ?? 'nothing'}`);
    const offset = value.offset === undefined ? undefined : numberAt(value.offset, `${where}: offset`);
    const stem = (audio.split('/').pop() ?? audio).replace(/\.[^.]+$/u, '');
    const id = typeof value.utt_id === 'string' && value.utt_id !== '' ? value.utt_id : (perFile.get(audio) ?? 0) > 1 ? `${stem}-${Math.round((offset ?? 0) * 1000)}` : stem;
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new FormatError(where, `utterance id "${id}" is also line ${earlier}: give each line a distinct "utt_id"`);
    seen.set(id, line);
    const u: SpeechUtterance = { id, recording: audio, audio, text: txt, duration };
    if (offset !== undefined) {
      u.start = offset;
      u.end = offset + duration;
    }
    if (typeof value.speaker === 'string' || typeof value.speaker === 'number') u.speaker = String(value.speaker);
    const extra = rest(value, NEMO_KEYS);
    if (extra) u.extra = extra;
    return u;
  });
}

/** Writes a NeMo manifest; a span of a longer file gets `offset` and its own `duration`. */
export function writeNemo(utterances: readonly SpeechUtterance[]): string {
  return utterances
    .map((u, i) => {
      const duration = u.start !== undefined && u.end !== undefined ? u.end - u.start : u.duration;
      if (duration === undefined) throw new FormatError(`utterances[${i}]`, `NeMo needs a duration; utterance "${u.id}" has none (its task data has no "duration")`);
      const line: Record<string, unknown> = { audio_filepath: u.audio, duration: Math.round(duration * 1000) / 1000, text: u.text };
      if (u.start !== undefined) line.offset = u.start;
      if (u.speaker !== undefined) line.speaker = u.speaker;
      return `${JSON.stringify({ ...line, ...u.extra })}\n`;
    })
    .join('');
}
