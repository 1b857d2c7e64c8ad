/**
 * Speech corpora in and out of audio projects (docs/formats.md, Speech corpora): Kaldi data directories
 * (a zip), WeNet `data.list` and NeMo manifests (JSON lines). The converters are core's; this file reads
 * the upload and builds the download. Import and export services call it for `kaldi|wenet|nemo`.
 */
import { unzipSync } from 'fflate';
import { FormatError, parseKaldi, parseNemo, parseWenet, utterancesToTasks, writeKaldi, writeNemo, writeWenet, type LabelConfig, type SpeechExportTask, type SpeechFormat, type SpeechTaskPlan } from '@yungang/core';

/** The Kaldi tables read from a data directory; others in the zip (feats.scp, spk2gender …) are left alone. */
const KALDI_FILES = new Set(['wav.scp', 'text', 'segments', 'utt2spk', 'utt2dur']);

function text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** A Kaldi data directory from a zip (the tables may sit in a folder such as `data/train/`). */
function kaldiFiles(bytes: Uint8Array): Map<string, string> {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new FormatError('file', 'a Kaldi import is a zip of the data directory (wav.scp, text, and segments, utt2spk when there are)');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => !f.name.startsWith('__MACOSX/') && KALDI_FILES.has(f.name.split('/').pop() ?? '') });
  } catch (e) {
    throw new FormatError('zip', `cannot be read: ${(e as Error).message}`);
  }
  const folders = new Set(Object.keys(entries).map((name) => name.slice(0, name.lastIndexOf('/') + 1)));
  if (folders.size > 1) throw new FormatError('zip', `holds Kaldi tables in several folders (${[...folders].map((f) => f || '/').join(', ')}); zip one data directory`);
  return new Map(Object.entries(entries).map(([name, data]) => [name.split('/').pop() ?? name, text(data)]));
}

/** Reads a corpus upload into planned tasks (one per recording) with their segment results. */
export function planSpeechImport(format: SpeechFormat, bytes: Uint8Array, fileName: string, config: LabelConfig, baseUrl: string | undefined): { tasks: SpeechTaskPlan[]; skipped: string[] } {
  // A raw body has no name ("file"): errors then name the file as the format calls it.
  const name = fileName === 'file' ? (format === 'wenet' ? 'data.list' : 'manifest.json') : fileName;
  const utterances = format === 'kaldi' ? parseKaldi(kaldiFiles(bytes)) : format === 'wenet' ? parseWenet(text(bytes), name) : parseNemo(text(bytes), name);
  if (utterances.length === 0) throw new FormatError('file', 'holds no utterances');
  return utterancesToTasks(utterances, config, { baseUrl });
}

/** The corpus file of an export: a zip of the data directory for Kaldi, JSON lines otherwise. */
export function speechExportBody(format: SpeechFormat, utterances: Parameters<typeof writeKaldi>[0]): { files: Map<string, string> } | { text: string } {
  if (format === 'kaldi') return { files: writeKaldi(utterances) };
  return { text: format === 'wenet' ? writeWenet(utterances) : writeNemo(utterances) };
}

/**
 * The path an export writes for a task's recording: the name the file was uploaded with (media intake),
 * so the corpus points at files the owner has; otherwise the task's audio URL as imported.
 */
export function exportAudioPath(url: string, originalNames: ReadonlyMap<string, string>): string {
  const sha = /^\/api\/v1\/media\/([0-9a-f]{64})/u.exec(url)?.[1];
  return (sha !== undefined ? originalNames.get(sha) : undefined) ?? url;
}

export type { SpeechExportTask };
