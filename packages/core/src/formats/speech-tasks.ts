/**
 * Utterances of a speech corpus (Kaldi, WeNet, NeMo: `speech.ts`) ↔ tasks of an audio project and their
 * results. One task per recording; each utterance that is a span of it becomes a time segment with its
 * transcript and speaker (the per-region controls, docs/label-config.md). Without a segments control, a
 * recording's transcript goes to the field's whole-clip text area.
 */
import type { ChoicesControl, LabelConfig, LabelsControl, TextAreaControl } from '../label-config/label-config.types.js';
import type { ResultItem } from '../annotation/result.types.js';
import { audioSegmentsOf, perRegionControlsOf } from '../annotation/audio-segments.js';
import { textareaOf } from '../annotation/result-labels.js';
import { FormatError } from './shapes.js';
import type { SpeechUtterance } from './speech.js';

export const SPEECH_FORMATS = ['kaldi', 'wenet', 'nemo'] as const;
export type SpeechFormat = (typeof SPEECH_FORMATS)[number];

export function isSpeechFormat(format: string): format is SpeechFormat {
  return (SPEECH_FORMATS as readonly string[]).includes(format);
}

/** What a speech import makes of one recording: its task data and the results of its utterances. */
export interface SpeechTaskPlan {
  where: string;
  data: Record<string, unknown>;
  result: ResultItem[];
}

interface AudioControls {
  field: string;
  segments: LabelsControl | undefined;
  transcript: TextAreaControl | undefined;
  speaker: ChoicesControl | undefined;
  wholeText: TextAreaControl | undefined;
}

function audioControls(config: LabelConfig): AudioControls {
  const field = config.fields.find((f) => f.type === 'audio');
  if (!field) throw new FormatError('format', 'speech corpora hold audio, and this project has no audio field; import them into an audio project');
  const segments = config.controls.find((c): c is LabelsControl => c.type === 'labels' && c.toName === field.name);
  const answers = perRegionControlsOf(config, field.name);
  const byName = (name: string | undefined) => config.controls.find((c) => c.name === name);
  const transcript = byName(answers.transcript);
  const speaker = byName(answers.speaker);
  const wholeText = config.controls.find((c): c is TextAreaControl => c.type === 'textarea' && c.toName === field.name && c.perRegion !== true);
  return { field: field.name, segments, transcript: transcript?.type === 'textarea' ? transcript : undefined, speaker: speaker?.type === 'choices' ? speaker : undefined, wholeText };
}

function audioUrl(audio: string, baseUrl: string | undefined): string {
  if (/^https?:\/\//i.test(audio) || (audio.startsWith('/') && baseUrl === undefined) || baseUrl === undefined) return audio;
  const name = audio.replace(/^\.?\//u, '');
  return baseUrl.endsWith('/') ? `${baseUrl}${name}` : `${baseUrl}/${name}`;
}

/**
 * Plans the tasks of a corpus: recordings in the order they first appear, each with its utterances as
 * segments (labelled with the segments control's first label: corpora carry no segment classes) or, for a
 * project without segments, as its whole-clip transcript. What does not fit is listed in `skipped`.
 */
export function utterancesToTasks(utterances: readonly SpeechUtterance[], config: LabelConfig, options: { baseUrl?: string | undefined } = {}): { tasks: SpeechTaskPlan[]; skipped: string[] } {
  const controls = audioControls(config);
  const skipped: string[] = [];
  const byRecording = new Map<string, SpeechUtterance[]>();
  for (const u of utterances) byRecording.set(u.recording, [...(byRecording.get(u.recording) ?? []), u]);
  const tasks: SpeechTaskPlan[] = [];
  for (const [recording, list] of byRecording) {
    const where = `recording ${JSON.stringify(recording)}`;
    const audio = list[0]!.audio;
    // Kaldi's wav.scp may hold a command that writes the audio to a pipe; a browser cannot play a command.
    if (audio.trimEnd().endsWith('|')) {
      throw new FormatError(where, `its audio is a command (${JSON.stringify(audio.slice(0, 80))}), not a file; write the audio to files (e.g. with Kaldi's wav-copy) and list their paths in wav.scp`);
    }
    const data: Record<string, unknown> = { [controls.field]: audioUrl(audio, options.baseUrl) };
    // A whole-file utterance states the recording's length (NeMo duration, Kaldi utt2dur).
    const whole = list.find((u) => u.start === undefined && u.duration !== undefined);
    if (whole?.duration !== undefined) data.duration = whole.duration;
    const result: ResultItem[] = [];
    const ordered = [...list].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
    if (controls.segments) {
      const label = controls.segments.labels[0]!.value;
      ordered.forEach((u, n) => {
        const start = u.start ?? 0;
        const end = u.end ?? (u.duration !== undefined ? start + u.duration : undefined);
        if (end === undefined) {
          skipped.push(`${where}: utterance "${u.id}" has no end or duration, so no segment was made`);
          return;
        }
        const id = `seg-${n + 1}`;
        const bounds = { start, end };
        result.push({ id, from_name: controls.segments!.name, to_name: controls.field, type: 'labels', value: { ...bounds, labels: [label] } });
        if (u.text.trim() !== '') {
          if (controls.transcript) result.push({ id, from_name: controls.transcript.name, to_name: controls.field, type: 'textarea', value: { ...bounds, text: [u.text] } });
          else skipped.push(`${where}: utterance "${u.id}": transcript not imported (the project has no per-region textarea)`);
        }
        if (u.speaker !== undefined) {
          if (controls.speaker?.options.some((o) => o.value === u.speaker)) result.push({ id, from_name: controls.speaker.name, to_name: controls.field, type: 'choices', value: { ...bounds, choices: [u.speaker] } });
          else skipped.push(`${where}: utterance "${u.id}": speaker "${u.speaker}" is not an option of ${controls.speaker ? `"${controls.speaker.name}"` : 'a per-region choices control'}`);
        }
      });
    } else if (controls.wholeText) {
      const text = ordered.map((u) => u.text.trim()).filter((t) => t !== '').join(controls.wholeText.unit === 'word' ? ' ' : '');
      if (ordered.length > 1) skipped.push(`${where}: ${ordered.length} utterances joined into one transcript (the project has no segments control)`);
      if (text !== '') result.push({ id: 'transcript', from_name: controls.wholeText.name, to_name: controls.field, type: 'textarea', value: { text: [text] } });
    } else {
      skipped.push(`${where}: transcripts not imported (the project has no textarea on "${controls.field}")`);
    }
    tasks.push({ where, data, result });
  }
  return { tasks, skipped };
}

/** One task of an export: its id, the audio path to write, and its delivered label. */
export interface SpeechExportTask {
  taskId: string;
  /** The path to write for the recording: its original file name, or its URL. */
  audio: string;
  data: Record<string, unknown>;
  result: readonly ResultItem[];
}

/**
 * The utterances of tasks: each segment (in time order) becomes an utterance `<task>-<n>` of recording
 * `<task>`, with its transcript and speaker; a task without segments control gives one whole-file
 * utterance with the whole-clip transcript. Tasks without any transcript are counted in `dropped`.
 */
export function tasksToUtterances(tasks: readonly SpeechExportTask[], config: LabelConfig): { utterances: SpeechUtterance[]; dropped: Record<string, number> } {
  const controls = audioControls(config);
  const dropped: Record<string, number> = {};
  const drop = (reason: string) => (dropped[reason] = (dropped[reason] ?? 0) + 1);
  const utterances: SpeechUtterance[] = [];
  for (const task of tasks) {
    const duration = typeof task.data.duration === 'number' ? task.data.duration : undefined;
    if (controls.segments) {
      const answers = { ...(controls.transcript ? { transcript: controls.transcript.name } : {}), ...(controls.speaker ? { speaker: controls.speaker.name } : {}) };
      const seen = new Set<string>();
      const segments = audioSegmentsOf(task.result, controls.segments.name, answers)
        .filter((s) => !seen.has(s.id) && seen.add(s.id))
        .sort((a, b) => a.start - b.start || a.end - b.end);
      if (segments.length === 0) drop('tasks without segments');
      const width = String(segments.length).length;
      segments.forEach((s, n) => {
        if (s.transcript === undefined) drop('segments without transcript (written with empty text)');
        utterances.push({
          id: `${task.taskId}-${String(n + 1).padStart(width, '0')}`,
          recording: task.taskId,
          audio: task.audio,
          start: s.start,
          end: s.end,
          text: s.transcript ?? '',
          ...(s.speaker !== undefined ? { speaker: s.speaker } : {}),
        });
      });
    } else {
      const text = controls.wholeText ? textareaOf([...task.result], controls.wholeText.name) : null;
      if (text === null) {
        drop('tasks without transcript');
        continue;
      }
      utterances.push({ id: task.taskId, recording: task.taskId, audio: task.audio, text: text.replace(/\s+/gu, ' ').trim(), ...(duration !== undefined ? { duration } : {}) });
    }
  }
  return { utterances, dropped };
}
