/**
 * One record through a whole pipeline spec: the audio operators first (server, ffmpeg: media/audio-stage.ts)
 * or the image operators (server, sharp: media/image-stage.ts), then the text operators (core
 * `createPipeline`). Shared by the pipeline job and the dry run, so both decide the same way. Media
 * operators read one media field; text operators their own fields, so running the media ones first
 * changes no text result, only which records reach the text operators. A `vad-split` makes one record
 * per utterance; the text operators then see each of them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { augmentResultChain, createPipeline, cutAudioLabels, isAudioOperator, isImageOperator, ValidationError, type AnnotationResult, type DroppedBy, type OperatorName, type OperatorSpec, type OperatorStats, type Pipeline, type PipelineOptions, type PipelineSpec, type PipelineStats } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { ImageStage, type ImageScores, type ImageStageOutcome, type PlacedImageOperator } from '../media/image-stage.js';
import { mediaUrlOf, storeDerivedImage, type StoredDerivedImage, type StoredSourceImage } from '../media/derived-image.js';
import { AudioStage, type AudioPiece, type AudioScores, type AudioStageOutcome, type PlacedAudioOperator } from '../media/audio-stage.js';
import { storeDerivedAudio, type StoredDerivedAudio, type StoredSourceAudio } from '../media/derived-audio.js';

/** Task-data key under which an output records, per audio field, its input recording and what the audio operators measured. */
export const AUDIO_NOTE_KEY = '_audio';

/**
 * A stored output (`pipeline_items.output`) that a `vad-split` made into several records: the records
 * (`SPLIT_KEY`) and how many utterances reached the text operators (`SPLIT_PIECES_KEY`), for resume.
 * Publishing makes a task of each record; it never becomes task data itself.
 */
export const SPLIT_KEY = '__split';
export const SPLIT_PIECES_KEY = '__pieces';

export interface AudioNote extends AudioScores {
  /** The input recording (the untouched original) the output came from. */
  sourceSha256: string;
  changedBy?: string[];
  /** After a vad-split: which utterance of the input this is, and where it lies in it (seconds). */
  utterance?: { index: number; count: number; start: number; end: number };
  /** Label items of the input not carried to this piece (segments crossing its edges, clip-level answers; core `cutAudioLabels`). */
  labelsLeftBehind?: number;
}

/** The recording behind a task's audio field, and how to copy it to a file. */
export interface AudioSource extends StoredSourceAudio {
  read(path: string): Promise<boolean>;
}

/** The records a stored output stands for: one, or the utterances of a vad-split. */
export function outputRecordsOf(output: Record<string, unknown>): Record<string, unknown>[] {
  const split = output[SPLIT_KEY];
  return Array.isArray(split) ? (split as Record<string, unknown>[]) : [output];
}

/** Task-data key under which an output records, per image field, its input and what the image operators measured. */
export const IMAGE_NOTE_KEY = '_image';

/**
 * Output-record key holding the source task's labels, moved with the image, until the run publishes them
 * as a prediction of the output task; never part of the published task data.
 */
export const CARRIED_LABELS_KEY = '__labels';

/** The labels a task brings into an image pipeline: its accepted (else newest) annotation or newest prediction. */
export interface SourceLabels {
  result: AnnotationResult;
  from: string;
}

export interface ImageNote {
  /** The input image (the untouched original) the output came from. */
  sourceSha256: string;
  changedBy?: string[];
  /** Geometric transforms applied (a resize), so labels made on the input can be moved with core's augmentResultChain. */
  transforms?: unknown[];
  perceptualHash?: string;
  sharpness?: number;
  exposure?: ImageScores['exposure'];
  /** Why the source's labels were not carried (core refused to move them exactly, e.g. a rotated box under a rounded resize). */
  labelsNotCarried?: string;
}

export interface RecordOutcome {
  status: 'kept' | 'changed' | 'dropped';
  record: Record<string, unknown>;
  droppedBy?: DroppedBy & { keptImageHash?: string; audioPieces?: number };
  /** A changed image stored as new blobs; the caller adds its media row to the target project. */
  derived?: StoredDerivedImage;
  /** The image stage's outcome (dry runs show the after image and scores). */
  image?: ImageStageOutcome;
  /** After a vad-split: the other utterances' records (`record` is the first). */
  more?: Record<string, unknown>[];
  /** How many records the audio stage handed to the text operators (more than one after a vad-split). */
  audioPieces?: number;
  /** Changed recordings stored as new blobs; the caller adds their media rows to the target project. */
  derivedAudio?: StoredDerivedAudio[];
  /** The audio stage's outcome (dry runs show before and after). */
  audio?: AudioStageOutcome;
}

/** What the job stores for a record that was not dropped: the record, or the utterances of a split. */
export function storedOutput(out: RecordOutcome): Record<string, unknown> {
  return out.audioPieces !== undefined && out.audioPieces > 1 ? { [SPLIT_KEY]: [out.record, ...(out.more ?? [])], [SPLIT_PIECES_KEY]: out.audioPieces } : out.record;
}

export interface RunTotals {
  records: number;
  kept: number;
  changed: number;
  dropped: number;
}

/** A spec split into its image operators (by spec position) and a text pipeline over the rest. */
export class SpecRunner {
  readonly stage: ImageStage;
  readonly audioStage: AudioStage;
  private readonly text: Pipeline | null;
  /** Spec position of each text operator. */
  private readonly textIndex: number[];
  readonly totals: RunTotals = { records: 0, kept: 0, changed: 0, dropped: 0 };
  /** The next record's run position (a split run's shard starts at its first task's, `options.firstIndex`). */
  private position: number;

  /**
   * `textPart`: the spec positions of the text operators this runner runs (default all); a split run's shard
   * runs some or none of them, and its stats list only the operators it runs (docs/pipelines.md, "Splitting a run").
   */
  constructor(
    private readonly spec: PipelineSpec,
    imageField: string | undefined,
    options: PipelineOptions,
    audioField?: string,
    private readonly textPart?: readonly number[],
  ) {
    this.position = options.firstIndex ?? 0;
    const image: PlacedImageOperator[] = [];
    const audio: PlacedAudioOperator[] = [];
    const text: OperatorSpec[] = [];
    this.textIndex = [];
    spec.operators.forEach((op, index) => {
      if (isImageOperator(op)) image.push({ index, spec: op });
      else if (isAudioOperator(op)) audio.push({ index, spec: op });
      else if (!textPart || textPart.includes(index)) {
        text.push(op);
        this.textIndex.push(index);
      }
    });
    this.stage = new ImageStage(image, image[0]?.spec.field ?? imageField ?? 'image');
    this.audioStage = new AudioStage(audio, audio[0]?.spec.field ?? audioField ?? 'audio');
    this.text = text.length > 0 ? createPipeline({ operators: text }, options) : null;
  }

  get hasImageOperators(): boolean {
    return !this.stage.empty;
  }

  get hasAudioOperators(): boolean {
    return !this.audioStage.empty;
  }

  /**
   * Runs one record; `image` is the stored image behind the image field, `audio` the recording behind the
   * audio field (undefined: none of this organisation's). `blobs` receives changed media (null: a dry run, nothing stored).
   */
  async process(record: Record<string, unknown>, image: StoredSourceImage | undefined, blobs: BlobStore | null, label: string, labels?: SourceLabels, audio?: AudioSource): Promise<RecordOutcome> {
    if (!this.audioStage.empty) return this.processAudio(record, audio, blobs, label, labels);
    const runIndex = this.position++;
    this.totals.records++;
    let out: Record<string, unknown> = record;
    let status: RecordOutcome['status'] = 'kept';
    let derived: StoredDerivedImage | undefined;
    let imageOutcome: ImageStageOutcome | undefined;
    let keptHash: string | undefined;
    if (!this.stage.empty) {
      if (!image) this.stage.skip();
      else {
        imageOutcome = await this.stage.process(image.bytes, runIndex, label);
        if (imageOutcome.status === 'dropped') {
          this.totals.dropped++;
          return { status: 'dropped', record, droppedBy: { ...imageOutcome.droppedBy, op: imageOutcome.droppedBy.op as OperatorName }, image: imageOutcome };
        }
        keptHash = imageOutcome.scores.perceptualHash;
        const field = this.stage.field;
        const note: ImageNote = { sourceSha256: image.sourceSha256, ...imageOutcome.scores };
        out = { ...record };
        if (imageOutcome.status === 'changed') {
          note.changedBy = imageOutcome.changedBy;
          if (imageOutcome.transforms.length > 0) note.transforms = imageOutcome.transforms;
          status = 'changed';
          if (blobs) {
            derived = await storeDerivedImage(blobs, imageOutcome.bytes);
            out[field] = mediaUrlOf(derived.sha256);
          }
          // Media intake records the upright size beside the URL; keep it true for the new image.
          if (typeof record.width === 'number' && typeof record.height === 'number') Object.assign(out, { width: imageOutcome.width, height: imageOutcome.height });
        }
        if (labels) {
          // Labels are percent of the upright image; a resize moves them (core refuses what it cannot move exactly).
          try {
            const moved = imageOutcome.status === 'changed' && imageOutcome.transforms.length > 0 ? augmentResultChain(labels.result, imageOutcome.transforms, { width: image.width, height: image.height }).result : labels.result;
            out[CARRIED_LABELS_KEY] = { result: moved, from: labels.from };
          } catch (err) {
            if (!(err instanceof ValidationError)) throw err;
            note.labelsNotCarried = err.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
          }
        }
        const notes = typeof record[IMAGE_NOTE_KEY] === 'object' && record[IMAGE_NOTE_KEY] !== null ? (record[IMAGE_NOTE_KEY] as Record<string, unknown>) : {};
        out[IMAGE_NOTE_KEY] = { ...notes, [field]: note };
      }
    }
    if (this.text) {
      const result = this.text.process(out);
      if (result.status === 'dropped') {
        this.totals.dropped++;
        const droppedBy = { ...result.droppedBy, operator: this.textIndex[result.droppedBy.operator]!, ...(keptHash ? { keptImageHash: keptHash } : {}) };
        return { status: 'dropped', record, droppedBy, ...(imageOutcome ? { image: imageOutcome } : {}) };
      }
      out = result.record;
      if (result.status === 'changed') status = 'changed';
    }
    this.totals[status]++;
    return { status, record: out, ...(derived ? { derived } : {}), ...(imageOutcome ? { image: imageOutcome } : {}) };
  }

  /** The audio operators over one record's recording, then the text operators over each record they leave. */
  private async processAudio(record: Record<string, unknown>, audio: AudioSource | undefined, blobs: BlobStore | null, label: string, labels?: SourceLabels): Promise<RecordOutcome> {
    const runIndex = this.position++;
    this.totals.records++;
    let pieces: Record<string, unknown>[] = [record];
    let audioOutcome: AudioStageOutcome | undefined;
    const derivedAudio: StoredDerivedAudio[] = [];
    const work = audio ? await mkdtemp(join(tmpdir(), 'yungang-audio-stage-')) : null;
    try {
      const input = work ? join(work, 'input') : null;
      if (!audio || !input || !(await audio.read(input))) this.audioStage.skip();
      else {
        audioOutcome = await this.audioStage.process(input, work!, runIndex, label);
        if (audioOutcome.status === 'dropped') {
          this.totals.dropped++;
          return { status: 'dropped', record, droppedBy: { ...audioOutcome.droppedBy, op: audioOutcome.droppedBy.op as OperatorName }, audio: audioOutcome };
        }
        const count = audioOutcome.pieces.length;
        pieces = [];
        for (const [k, piece] of audioOutcome.pieces.entries()) {
          const stored = piece.changedBy.length > 0 && blobs ? await storeDerivedAudio(blobs, piece.path, piece.info?.container.split(',').includes('flac') ? 'flac' : 'wav') : undefined;
          if (stored) derivedAudio.push(stored);
          pieces.push(this.audioRecord(record, audio, piece, stored, audioOutcome.split ? { index: k + 1, count } : undefined, labels));
        }
      }
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
    const extras = { ...(derivedAudio.length > 0 ? { derivedAudio } : {}), ...(audioOutcome ? { audio: audioOutcome } : {}), audioPieces: pieces.length };
    let status: RecordOutcome['status'] = audioOutcome?.status === 'changed' ? 'changed' : 'kept';
    const outputs: Record<string, unknown>[] = [];
    let firstDrop: RecordOutcome['droppedBy'];
    for (const piece of pieces) {
      if (!this.text) {
        outputs.push(piece);
        continue;
      }
      const result = this.text.process(piece);
      if (result.status === 'dropped') {
        firstDrop ??= { ...result.droppedBy, operator: this.textIndex[result.droppedBy.operator]!, audioPieces: pieces.length };
        continue;
      }
      if (result.status === 'changed') status = 'changed';
      outputs.push(result.record);
    }
    if (outputs.length === 0) {
      this.totals.dropped++;
      return { status: 'dropped', record, droppedBy: firstDrop!, ...extras };
    }
    this.totals[status]++;
    return { status, record: outputs[0]!, ...(outputs.length > 1 ? { more: outputs.slice(1) } : {}), ...extras };
  }

  /** The output record of one piece: the new recording's URL and facts when it changed, and the `_audio` note. */
  private audioRecord(record: Record<string, unknown>, audio: AudioSource, piece: AudioPiece, stored: StoredDerivedAudio | undefined, utterance: { index: number; count: number } | undefined, labels: SourceLabels | undefined): Record<string, unknown> {
    const field = this.audioStage.field;
    const out: Record<string, unknown> = { ...record };
    const note: AudioNote = { sourceSha256: audio.sourceSha256, ...piece.scores };
    if (piece.changedBy.length > 0) {
      note.changedBy = piece.changedBy;
      if (stored) out[field] = mediaUrlOf(stored.displaySha256);
      // Media intake writes the recording's facts beside its URL; keep those that the task has true for the new one.
      const info = piece.info;
      const facts: Record<string, unknown> = {
        duration: stored?.audio.duration ?? piece.scores.duration ?? info?.duration,
        sampleRate: stored?.audio.sampleRate ?? info?.sampleRate,
        channels: stored?.audio.channels ?? info?.channels,
        loudness: stored ? stored.audio.loudness : (piece.scores.loudness?.expected ?? record.loudness),
      };
      for (const [key, value] of Object.entries(facts)) if (key in record && value !== undefined) out[key] = value;
    }
    if (utterance && piece.span) note.utterance = { ...utterance, start: piece.span.start, end: piece.span.end };
    if (labels) {
      // Labels follow the recording: re-encoding keeps time, and a vad-split piece takes the segments inside it, moved to its time.
      const cut = cutAudioLabels(labels.result, field, utterance && piece.span ? piece.span : undefined);
      if (cut.result.length > 0) out[CARRIED_LABELS_KEY] = { result: cut.result, from: labels.from };
      if (cut.leftBehind > 0) note.labelsLeftBehind = cut.leftBehind;
    }
    const notes = typeof record[AUDIO_NOTE_KEY] === 'object' && record[AUDIO_NOTE_KEY] !== null ? (record[AUDIO_NOTE_KEY] as Record<string, unknown>) : {};
    out[AUDIO_NOTE_KEY] = { ...notes, [field]: note };
    return out;
  }

  /**
   * Replays a record already done (resume) without writing: the text pipeline sees it (once per utterance
   * after a vad-split) unless a media operator dropped it, and near-duplicate state learns the pHash it was kept under.
   */
  replay(record: Record<string, unknown>, done: { outcome: string; droppedBy: unknown; output: Record<string, unknown> | null }): void {
    const runIndex = this.position++;
    this.totals.records++;
    const dropped = done.outcome === 'dropped' ? (done.droppedBy as { op?: string; keptImageHash?: string; audioPieces?: number } | null) : null;
    if (dropped?.op && (isImageOperator({ op: dropped.op }) || isAudioOperator({ op: dropped.op }))) {
      this.totals.dropped++;
      return;
    }
    if (!this.audioStage.empty) {
      const stored = done.output?.[SPLIT_PIECES_KEY];
      const pieces = dropped ? (dropped.audioPieces ?? 1) : typeof stored === 'number' ? stored : 1;
      for (let i = 0; i < pieces; i++) this.text?.process(record);
      this.totals[done.outcome as keyof RunTotals]++;
      return;
    }
    const note = (done.output?.[IMAGE_NOTE_KEY] as Record<string, ImageNote> | undefined)?.[this.stage.field];
    const hash = dropped ? dropped.keptImageHash : note?.perceptualHash;
    if (hash) this.stage.remember(hash, runIndex);
    this.text?.process(record);
    this.totals[done.outcome as keyof RunTotals]++;
  }

  /** Per-operator stats in spec order, with the run's totals. */
  stats(): PipelineStats {
    const operators: OperatorStats[] = [];
    const textStats = this.text?.stats().operators ?? [];
    textStats.forEach((s, j) => (operators[this.textIndex[j]!] = s));
    this.stage.stats.forEach((s, i) => (operators[this.stage.indexOf(i)] = { ...s, examples: { changed: [...s.examples.changed], dropped: [...s.examples.dropped] } }));
    this.audioStage.stats.forEach((s, i) => (operators[this.audioStage.indexOf(i)] = { ...s, examples: { changed: [...s.examples.changed], dropped: [...s.examples.dropped] } }));
    // Every position has its stats, but text operators a split run's shard leaves to the serial part.
    return { ...this.totals, operators: this.spec.operators.flatMap((_, i) => (operators[i] ? [operators[i]] : [])) };
  }
}
