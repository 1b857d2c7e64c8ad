/**
 * The audio operators of a preprocessing pipeline (docs/pipelines.md, "Audio operators") on one recording:
 * probe and validate, transcode, the duration, clipping, silence and SNR filters, loudness normalisation
 * and the VAD split into utterances. Core decides (audio-operator-spec.ts, audio-stats.ts); this file
 * only does the ffmpeg work (media/audio-measure.ts) and keeps per-operator counts in the same shape as
 * core's text pipeline stats, so one table shows both.
 *
 * A recording moves through the operators as a list of pieces: one, until a `vad-split` makes one per
 * utterance; the operators after it see each utterance on its own (and count each). The input file is
 * never changed: every change writes a new file in the record's scratch folder for the caller to store.
 */
import { join } from 'node:path';
import {
  clippingVerdict,
  clipRatio,
  durationVerdict,
  estimateSnr,
  planAudioTranscode,
  planLoudnessGain,
  planVadSplit,
  silenceRatio,
  silenceVerdict,
  snrVerdict,
  vadSplitOptions,
  AUDIO_DEFAULTS,
  type AudioOperatorSpec,
  type AudioStatsResult,
  type DropReason,
  type LoudnessMeasure,
  type OperatorStats,
  type SnrEstimate,
  type SpeechSpan,
} from '@yungang/core';
import { AudioUnreadable, cutAudio, decodeStats, detectSpeechIn, gainAudio, losslessEncodingOf, measureLoudness, probeAudioFile, transcodeAudio, type AudioInfo } from './audio-measure.js';

/** Measures taken by the operators that ran, recorded with the output (`_audio`) and shown by a dry run. */
export interface AudioScores {
  codec?: string;
  sampleRate?: number;
  channels?: number;
  duration?: number;
  clipRatio?: number;
  silenceRatio?: number;
  snr?: SnrEstimate | null;
  loudness?: { measured: number | null; truePeak: number; gainDb?: number; expected?: number; peakLimited?: boolean };
}

/** One output of a recording: the whole of it, or one utterance. */
export interface AudioPiece {
  /** The file holding it (the input itself when nothing changed it). */
  path: string;
  changedBy: string[];
  scores: AudioScores;
  /** Where in the input recording it lies (seconds), after a vad-split. */
  span?: SpeechSpan;
  /** The file's format as ffprobe sees it at the end. */
  info?: AudioInfo;
}

export type AudioStageOutcome =
  | { status: 'kept' | 'changed'; before: AudioInfo | null; pieces: AudioPiece[]; split: boolean }
  | { status: 'dropped'; before: AudioInfo | null; droppedBy: { operator: number; op: string; reason: string }; scores: AudioScores };

/** One audio operator with its position in the whole spec. */
export interface PlacedAudioOperator {
  index: number;
  spec: AudioOperatorSpec;
}

/** Changed and dropped examples each operator keeps (a split run merges its shards' up to this many). */
export const AUDIO_EXAMPLES = 5;
const EXAMPLES = AUDIO_EXAMPLES;

/** A piece while the operators work on it: measures are cached until an operator changes the file. */
interface WorkingPiece extends AudioPiece {
  probe?: AudioInfo;
  stats?: AudioStatsResult;
  loudness?: LoudnessMeasure;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function describeInfo(info: AudioInfo | undefined, duration?: number): string {
  if (!info) return '';
  const d = duration ?? info.duration;
  return `${info.codec}, ${info.sampleRate} Hz, ${info.channels} ch${d !== undefined ? `, ${d.toFixed(2)} s` : ''}`;
}

/** Runs a spec's audio operators over recordings one at a time. `field` is the task-data field every operator reads. */
export class AudioStage {
  readonly stats: OperatorStats[];
  private readonly clipLevels: number[];
  private files = 0;

  constructor(
    private readonly operators: readonly PlacedAudioOperator[],
    readonly field: string,
  ) {
    this.stats = operators.map(({ spec }) => ({ op: spec.op, field, kept: 0, changed: 0, dropped: 0, skipped: 0, examples: { changed: [], dropped: [] } }));
    this.clipLevels = [...new Set(operators.flatMap(({ spec }) => (spec.op === 'clipping-filter' ? [spec.level ?? AUDIO_DEFAULTS.clipping.level] : [])))];
  }

  get empty(): boolean {
    return this.operators.length === 0;
  }

  /** The spec position of the i-th audio operator. */
  indexOf(i: number): number {
    return this.operators[i]!.index;
  }

  /** Counts saved in a checkpoint (resume), so the run's stats are those of an uninterrupted run. */
  restoreStats(saved: readonly OperatorStats[]): void {
    saved.forEach((s, i) => {
      if (this.stats[i]?.op === s.op) this.stats[i] = s;
    });
  }

  /** A record whose field holds no stored recording of this organisation passes every audio operator untouched. */
  skip(): void {
    for (const s of this.stats) s.skipped++;
  }

  /** Runs the operators over the recording at `input`; new files go into `work` (the caller removes it). */
  async process(input: string, work: string, runIndex: number, label: string): Promise<AudioStageOutcome> {
    let before: AudioInfo | null = null;
    let unreadable: string | undefined;
    try {
      before = await probeAudioFile(input);
    } catch (e) {
      if (!(e instanceof AudioUnreadable)) throw e;
      unreadable = e.message;
    }
    let pieces: WorkingPiece[] = [{ path: input, changedBy: [], scores: {}, ...(before ? { probe: before } : {}) }];
    let split = false;
    const newPath = (ext: string) => join(work, `audio-${++this.files}.${ext}`);

    for (const [i, { index, spec }] of this.operators.entries()) {
      const stats = this.stats[i]!;
      const next: WorkingPiece[] = [];
      let firstDrop: { reason: string } | undefined;
      for (const piece of pieces) {
        const pieceLabel = piece.span ? `${label} [${piece.span.start.toFixed(2)}–${piece.span.end.toFixed(2)} s]` : label;
        let drop: DropReason | null;
        let outputs: WorkingPiece[] = [piece];
        let changed = false;
        try {
          if (unreadable) throw new AudioUnreadable(unreadable);
          const result = await this.apply(spec, piece, newPath);
          drop = result.drop ?? null;
          if (result.outputs) {
            outputs = result.outputs;
            changed = true;
          }
        } catch (e) {
          if (!(e instanceof AudioUnreadable)) throw e;
          drop = { reason: e.message };
        }
        if (drop) {
          firstDrop ??= drop;
          stats.dropped++;
          if (stats.examples.dropped.length < EXAMPLES) stats.examples.dropped.push({ index: runIndex, before: `${pieceLabel} (${describeInfo(piece.probe, piece.stats?.duration)})`, reason: drop.reason });
          continue;
        }
        if (changed) {
          stats.changed++;
          if (spec.op === 'vad-split') split = true;
          if (stats.examples.changed.length < EXAMPLES) {
            const after = await Promise.all(outputs.map(async (o) => (o.span && o !== piece ? `${o.span.start.toFixed(2)}–${o.span.end.toFixed(2)} s` : describeInfo((o.probe ??= await probeAudioFile(o.path))))));
            stats.examples.changed.push({ index: runIndex, before: `${pieceLabel} (${describeInfo(piece.probe, piece.stats?.duration)})`, after: `${spec.op}: ${after.join('; ')}` });
          }
        } else stats.kept++;
        next.push(...outputs);
      }
      if (next.length === 0) {
        const scores = pieces[0]?.scores ?? {};
        return { status: 'dropped', before, droppedBy: { operator: index, op: spec.op, reason: firstDrop?.reason ?? 'dropped' }, scores };
      }
      pieces = next;
    }
    const out: AudioPiece[] = [];
    for (const p of pieces) {
      const info = p.probe ?? (await probeAudioFile(p.path));
      out.push({ path: p.path, changedBy: p.changedBy, scores: p.scores, info, ...(p.span ? { span: p.span } : {}) });
    }
    return { status: split || out.some((p) => p.changedBy.length > 0) ? 'changed' : 'kept', before, pieces: out, split };
  }

  /** One operator on one piece: a drop reason, new pieces (changed), or nothing (kept). Measures land in the piece's scores. */
  private async apply(spec: AudioOperatorSpec, piece: WorkingPiece, newPath: (ext: string) => string): Promise<{ drop?: DropReason | null; outputs?: WorkingPiece[] }> {
    const probe = async () => (piece.probe ??= await probeAudioFile(piece.path));
    const stats = async () => (piece.stats ??= await decodeStats(piece.path, await probe(), this.clipLevels));
    const recordFormat = async () => {
      const info = await probe();
      Object.assign(piece.scores, { codec: info.codec, sampleRate: info.sampleRate, channels: info.channels });
    };
    // A changed file: a new piece with the history of this one, and nothing measured yet.
    const changedTo = (path: string, op: string, extra: Partial<WorkingPiece> = {}): WorkingPiece => ({ path, changedBy: [...piece.changedBy, op], scores: { ...piece.scores }, ...(piece.span ? { span: piece.span } : {}), ...extra });
    switch (spec.op) {
      case 'audio-validate': {
        // Decoding every sample finds damage a header read misses.
        await recordFormat();
        piece.scores.duration = round((await stats()).duration, 3);
        return {};
      }
      case 'audio-transcode': {
        const info = await probe();
        await recordFormat();
        const target = planAudioTranscode(spec, info);
        if (!target) return {};
        const path = newPath(target.format);
        await transcodeAudio(piece.path, target, path);
        const out = changedTo(path, spec.op);
        Object.assign(out.scores, { codec: target.codec, sampleRate: target.sampleRate, channels: target.channels });
        return { outputs: [out] };
      }
      case 'duration-filter': {
        const info = await probe();
        // The container's duration is an estimate for some formats; decode when it is missing.
        const duration = piece.stats?.duration ?? info.duration ?? (await stats()).duration;
        piece.scores.duration = round(duration, 3);
        return { drop: durationVerdict(spec, duration) };
      }
      case 'clipping-filter': {
        const s = await stats();
        const level = spec.level ?? AUDIO_DEFAULTS.clipping.level;
        const ratio = clipRatio(s.clipped.get(level) ?? 0, s.frames * s.channels);
        piece.scores.clipRatio = round(ratio, 5);
        return { drop: clippingVerdict(spec, ratio) };
      }
      case 'silence-filter': {
        const ratio = silenceRatio((await stats()).framePowers, spec.thresholdDb ?? AUDIO_DEFAULTS.silence.thresholdDb);
        piece.scores.silenceRatio = round(ratio, 4);
        return { drop: silenceVerdict(spec, ratio) };
      }
      case 'snr-filter': {
        const estimate = estimateSnr((await stats()).framePowers);
        piece.scores.snr = estimate;
        return { drop: snrVerdict(spec, estimate?.snrDb ?? null) };
      }
      case 'loudness-normalize': {
        const measured = (piece.loudness ??= await measureLoudness(piece.path));
        const plan = planLoudnessGain(spec, measured);
        piece.scores.loudness = { measured: measured.integrated, truePeak: measured.truePeak, ...(plan ?? {}) };
        if (!plan) return {};
        const encoding = losslessEncodingOf(await probe());
        const path = newPath(encoding.format);
        await gainAudio(piece.path, plan.gainDb, encoding, path);
        return { outputs: [changedTo(path, spec.op)] };
      }
      case 'vad-split': {
        const found = await detectSpeechIn(piece.path, vadSplitOptions(spec));
        const plan = planVadSplit(found.segments, found.duration);
        if (plan.kind === 'drop') return { drop: { reason: plan.reason } };
        if (plan.kind === 'keep') return {};
        const encoding = losslessEncodingOf(await probe());
        const offset = piece.span?.start ?? 0;
        const outputs: WorkingPiece[] = [];
        for (const u of plan.utterances) {
          const path = newPath(encoding.format);
          await cutAudio(piece.path, u, encoding, path);
          const span = { start: round(offset + u.start, 3), end: round(offset + u.end, 3) };
          const out = changedTo(path, spec.op, { span });
          out.scores.duration = round(u.end - u.start, 3);
          outputs.push(out);
        }
        return { outputs };
      }
    }
  }
}
