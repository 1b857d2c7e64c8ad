/**
 * One record through a whole pipeline spec: the image operators first (server, sharp: media/image-stage.ts),
 * then the text operators (core `createPipeline`). Shared by the pipeline job and the dry run, so both
 * decide the same way. Image operators read one image field; text operators their own fields, so running
 * the image ones first changes no text result, only which records reach the text operators.
 */
import { augmentResultChain, createPipeline, isImageOperator, ValidationError, type AnnotationResult, type DroppedBy, type OperatorName, type OperatorSpec, type OperatorStats, type Pipeline, type PipelineOptions, type PipelineSpec, type PipelineStats } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { ImageStage, type ImageScores, type ImageStageOutcome, type PlacedImageOperator } from '../media/image-stage.js';
import { mediaUrlOf, storeDerivedImage, type StoredDerivedImage, type StoredSourceImage } from '../media/derived-image.js';

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
  droppedBy?: DroppedBy & { keptImageHash?: string };
  /** A changed image stored as new blobs; the caller adds its media row to the target project. */
  derived?: StoredDerivedImage;
  /** The image stage's outcome (dry runs show the after image and scores). */
  image?: ImageStageOutcome;
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
  private readonly text: Pipeline | null;
  /** Spec position of each text operator. */
  private readonly textIndex: number[];
  readonly totals: RunTotals = { records: 0, kept: 0, changed: 0, dropped: 0 };

  constructor(
    private readonly spec: PipelineSpec,
    imageField: string | undefined,
    options: PipelineOptions,
  ) {
    const image: PlacedImageOperator[] = [];
    const text: OperatorSpec[] = [];
    this.textIndex = [];
    spec.operators.forEach((op, index) => {
      if (isImageOperator(op)) image.push({ index, spec: op });
      else {
        text.push(op);
        this.textIndex.push(index);
      }
    });
    this.stage = new ImageStage(image, image[0]?.spec.field ?? imageField ?? 'image');
    this.text = text.length > 0 ? createPipeline({ operators: text }, options) : null;
  }

  get hasImageOperators(): boolean {
    return !this.stage.empty;
  }

  /** Runs one record; `image` is the stored image behind the image field (undefined: none of this organisation's). */
  async process(record: Record<string, unknown>, image: StoredSourceImage | undefined, blobs: BlobStore | null, label: string, labels?: SourceLabels): Promise<RecordOutcome> {
    const runIndex = this.totals.records++;
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

  /**
   * Replays a record already done (resume) without writing: the text pipeline sees it unless an image
   * operator dropped it, and near-duplicate state learns the pHash it was kept under.
   */
  replay(record: Record<string, unknown>, done: { outcome: string; droppedBy: unknown; output: Record<string, unknown> | null }): void {
    const runIndex = this.totals.records++;
    const dropped = done.outcome === 'dropped' ? (done.droppedBy as { op?: string; keptImageHash?: string } | null) : null;
    if (dropped?.op && isImageOperator({ op: dropped.op })) {
      this.totals.dropped++;
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
    return { ...this.totals, operators: this.spec.operators.map((_, i) => operators[i]!) };
  }
}
