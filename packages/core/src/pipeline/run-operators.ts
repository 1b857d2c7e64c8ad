/**
 * Runs a pipeline over records one at a time (streaming: the caller feeds records from a file, a cursor
 * or an import and never needs them all in memory). Each operator reads and writes one string field of
 * the record; the input record is never modified: a changed record is a shallow copy with the new field.
 * Dedup operators keep their index across `process` calls for the life of the pipeline; their memory is
 * reported in `stats()` (16-32 bytes per kept record for exact dedup, 0.5-1 KB for near dedup with
 * 128 permutations; nothing else grows with the number of records).
 *
 *   const pipeline = createPipeline(parsePipelineSpec(yamlText), { pseudonymKey });
 *   for (const record of records) {
 *     const out = pipeline.process(record);
 *     if (out.status !== 'dropped') write(out.record);
 *   }
 *   pipeline.stats(); // per operator: kept, dropped, changed, examples
 */
import { ValidationError } from '../validation/validation-error.js';
import type { DedupOperator } from './exact-dedup.js';
import { createExactDedup } from './exact-dedup.js';
import { createCharRatioFilter, createLengthFilter } from './filters.js';
import { createKeywordFilter } from './keyword-filter.js';
import { createLanguageFilter } from './language-id.js';
import { createNearDedup } from './near-dedup.js';
import { createNormalize } from './normalize.js';
import type { OperatorOutcome, TextOperator } from './operator.js';
import { createPiiOperator } from './pii/pii-operator.js';
import type { OperatorName, OperatorSpec, PipelineSpec } from './pipeline-spec.js';
import { createStrip } from './strip.js';

export interface PipelineOptions {
  /** Secret for `pseudonymize` PII policies: bytes, or a string taken as UTF-8. Required only by them. */
  pseudonymKey?: Uint8Array | string;
  /** Word lists that keyword-filter operators name with `list`. */
  wordLists?: Readonly<Record<string, readonly string[]>>;
  /** How many changed and how many dropped examples each operator keeps (default 3). */
  examples?: number;
  /**
   * Run position of the first record (default 0): a part of a split run (docs/pipelines.md, "Splitting a
   * run") numbers its records as the whole run would, so examples and `duplicateOf` name the same records.
   */
  firstIndex?: number;
}

export interface OperatorExample {
  /** The record's position in the run. */
  index: number;
  before: string;
  after?: string;
  reason?: string;
  duplicateOf?: number;
}

export interface OperatorStats {
  op: OperatorName;
  field: string;
  kept: number;
  changed: number;
  dropped: number;
  /** Records without a string in the field: passed on untouched. */
  skipped: number;
  examples: { changed: OperatorExample[]; dropped: OperatorExample[] };
  /** Bytes of index held by a dedup operator. */
  memoryBytes?: number;
}

export interface PipelineStats {
  records: number;
  kept: number;
  changed: number;
  dropped: number;
  operators: OperatorStats[];
}

export interface DroppedBy {
  /** Position of the operator in the spec. */
  operator: number;
  op: OperatorName;
  reason: string;
  duplicateOf?: number;
}

export type ProcessResult =
  | { status: 'kept' | 'changed'; record: Record<string, unknown> }
  | { status: 'dropped'; record: Record<string, unknown>; droppedBy: DroppedBy };

export interface Pipeline {
  /** `index`: the record's run position when the caller knows it better (a split run's serial part); default the next. */
  process(record: Readonly<Record<string, unknown>>, index?: number): ProcessResult;
  stats(): PipelineStats;
}

const EXAMPLE_CHARS = 300;
function clip(text: string): string {
  return text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS)}…` : text;
}

const PASS_THROUGH: TextOperator = { apply: () => ({ kind: 'keep' }) };

function createOperator(spec: OperatorSpec, options: PipelineOptions, key: Uint8Array | undefined, path: string): TextOperator {
  switch (spec.op) {
    case 'normalize':
      return createNormalize(spec);
    case 'strip':
      return createStrip(spec);
    case 'length-filter':
      return createLengthFilter(spec);
    case 'char-ratio-filter':
      return createCharRatioFilter(spec);
    case 'language-filter':
      return createLanguageFilter(spec);
    case 'exact-dedup':
      return createExactDedup();
    case 'near-dedup':
      return createNearDedup(spec);
    case 'pii':
      return createPiiOperator(spec, key, path);
    case 'keyword-filter':
      return createKeywordFilter(spec, options.wordLists ?? {}, path);
    case 'image-validate':
    case 'image-orient':
    case 'image-strip-metadata':
    case 'image-resize':
    case 'image-near-dedup':
    case 'blur-filter':
    case 'exposure-filter':
    case 'face-blur':
      // Image operators need pixels: the server runs them (image-operator-spec.ts); here they pass text through.
      return PASS_THROUGH;
    case 'audio-validate':
    case 'audio-transcode':
    case 'duration-filter':
    case 'clipping-filter':
    case 'silence-filter':
    case 'snr-filter':
    case 'loudness-normalize':
    case 'vad-split':
      // Audio operators need decoded samples: the server runs them (audio-operator-spec.ts).
      return PASS_THROUGH;
  }
}

/** Builds the operators (once: automata, dictionaries and dedup indexes are shared by all records). */
export function createPipeline(spec: PipelineSpec, options: PipelineOptions = {}): Pipeline {
  const key = typeof options.pseudonymKey === 'string' ? new TextEncoder().encode(options.pseudonymKey) : options.pseudonymKey;
  const exampleCount = options.examples ?? 3;
  const errors: ValidationError[] = [];
  const steps = spec.operators.map((opSpec, i) => {
    let operator: TextOperator = { apply: () => ({ kind: 'keep' }) };
    try {
      operator = createOperator(opSpec, options, key, `operators[${i}]`);
    } catch (err) {
      if (err instanceof ValidationError) errors.push(err);
      else throw err;
    }
    const stats: OperatorStats = { op: opSpec.op, field: opSpec.field ?? 'text', kept: 0, changed: 0, dropped: 0, skipped: 0, examples: { changed: [], dropped: [] } };
    return { operator, stats, field: stats.field };
  });
  if (errors.length > 0) throw new ValidationError(errors.flatMap((e) => e.issues));
  const totals = { records: 0, kept: 0, changed: 0, dropped: 0 };
  let next = options.firstIndex ?? 0;

  return {
    process(input, at) {
      const index = at ?? next;
      next = index + 1;
      totals.records++;
      let record: Record<string, unknown> = input as Record<string, unknown>;
      let changed = false;
      for (let i = 0; i < steps.length; i++) {
        const { operator, stats, field } = steps[i] as (typeof steps)[number];
        const text = record[field];
        if (typeof text !== 'string') {
          stats.skipped++;
          continue;
        }
        const outcome: OperatorOutcome = operator.apply(text, index);
        if (outcome.kind === 'keep') stats.kept++;
        else if (outcome.kind === 'change') {
          stats.changed++;
          if (stats.examples.changed.length < exampleCount) stats.examples.changed.push({ index, before: clip(text), after: clip(outcome.text) });
          // Copy once per record, on its first change; the caller's object is never written to.
          record = changed ? record : { ...record };
          record[field] = outcome.text;
          changed = true;
        } else {
          stats.dropped++;
          const example: OperatorExample = { index, before: clip(text), reason: outcome.reason };
          if (outcome.duplicateOf !== undefined) example.duplicateOf = outcome.duplicateOf;
          if (stats.examples.dropped.length < exampleCount) stats.examples.dropped.push(example);
          totals.dropped++;
          const droppedBy: DroppedBy = { operator: i, op: stats.op, reason: outcome.reason };
          if (outcome.duplicateOf !== undefined) droppedBy.duplicateOf = outcome.duplicateOf;
          return { status: 'dropped', record, droppedBy };
        }
      }
      if (changed) totals.changed++;
      else totals.kept++;
      return { status: changed ? 'changed' : 'kept', record };
    },
    stats() {
      return {
        ...totals,
        operators: steps.map(({ operator, stats }) => {
          const copy: OperatorStats = { ...stats, examples: { changed: [...stats.examples.changed], dropped: [...stats.examples.dropped] } };
          const memory = (operator as Partial<DedupOperator>).memoryBytes;
          if (memory) copy.memoryBytes = memory();
          return copy;
        }),
      };
    },
  };
}

export interface DryRunResult {
  stats: PipelineStats;
  records: ProcessResult[];
}

/**
 * Runs the pipeline on a sample without storing anything: per operator counts and before/after
 * examples (`examples` each, default 5), and what became of every sampled record.
 */
export function dryRun(spec: PipelineSpec, records: Iterable<Readonly<Record<string, unknown>>>, options: PipelineOptions = {}): DryRunResult {
  const pipeline = createPipeline(spec, { examples: 5, ...options });
  const results: ProcessResult[] = [];
  for (const record of records) results.push(pipeline.process(record));
  return { stats: pipeline.stats(), records: results };
}
