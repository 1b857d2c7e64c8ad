/**
 * How a pipeline run splits across workers (docs/pipelines.md, "Splitting a run"). Operators that look at
 * one record alone give the same answer in any order, so they run in shards over disjoint task ranges at
 * once; dedup remembers the records before it, so it and every text operator after it run once, in task
 * order, over what the shards left.
 */
import { ValidationError } from '../validation/validation-error.js';
import { isAudioOperator } from './audio-operator-spec.js';
import { isImageOperator } from './image-operator-spec.js';
import type { OperatorStats } from './run-operators.js';
import type { PipelineSpec } from './pipeline-spec.js';

/** Text operators whose outcome depends on the records before them in the run. */
const ORDERED_TEXT_OPS: ReadonlySet<string> = new Set(['exact-dedup', 'near-dedup']);

export interface RunSplit {
  /** Spec positions of the operators each shard runs, ascending. */
  parallel: number[];
  /** Spec positions of the (text) operators the serial part runs over the shards' outputs, ascending. */
  serial: number[];
  /**
   * How the serial part numbers the records its operators see: `run`, by their place in the run (a text
   * pipeline: every record reaches the text operators); `own`, counting only the records that reach them
   * (after image or audio operators, which may drop records or split them, as an unsplit run counts).
   */
  numbering: 'run' | 'own';
}

/**
 * Splits a spec for a run in `shards` parts; `path` names the request field in errors. A text pipeline
 * splits at its first dedup: the operators before it run in the shards. With image or audio operators
 * (which an unsplit run applies before every text operator) the shards run those, and every text operator
 * runs in the serial part. `image-near-dedup` compares each image with the ones before it, and images are
 * only decoded in the shards, so a spec holding it does not split.
 */
export function splitRun(spec: PipelineSpec, shards: number, path = 'shards'): RunSplit {
  const ops = spec.operators;
  const positions = ops.map((_, i) => i);
  const media = positions.filter((i) => isImageOperator(ops[i]!) || isAudioOperator(ops[i]!));
  if (shards > 1) {
    const near = ops.findIndex((op) => op.op === 'image-near-dedup');
    if (near >= 0) throw new ValidationError([{ path, message: `operators[${near}] is image-near-dedup, which compares each image with those before it in the run; run this pipeline with shards: 1` }]);
  }
  if (media.length > 0) return { parallel: media, serial: positions.filter((i) => !media.includes(i)), numbering: 'own' };
  const first = ops.findIndex((op) => ORDERED_TEXT_OPS.has(op.op));
  const serialFrom = first < 0 ? ops.length : first;
  return { parallel: positions.slice(0, serialFrom), serial: positions.slice(serialFrom), numbering: 'run' };
}

/** The spec of the operators at `positions` (a shard's or the serial part's text operators). */
export function specAt(spec: PipelineSpec, positions: readonly number[]): PipelineSpec {
  return { ...spec, operators: positions.map((i) => spec.operators[i]!) };
}

/**
 * One operator list from the shards' lists, as one run over all their records would have counted: counts
 * added, examples taken in shard order (shards hold ascending task ranges) up to `examples` of each kind
 * (one number, or one per operator).
 */
export function mergeOperatorStats(parts: readonly (readonly OperatorStats[])[], examples: number | readonly number[] = 3): OperatorStats[] {
  const [first, ...rest] = parts;
  if (!first) return [];
  return first.map((head, i) => {
    const merged: OperatorStats = { ...head, examples: { changed: [...head.examples.changed], dropped: [...head.examples.dropped] } };
    for (const part of rest) {
      const s = part[i]!;
      merged.kept += s.kept;
      merged.changed += s.changed;
      merged.dropped += s.dropped;
      merged.skipped += s.skipped;
      merged.examples.changed.push(...s.examples.changed);
      merged.examples.dropped.push(...s.examples.dropped);
    }
    const keep = typeof examples === 'number' ? examples : examples[i]!;
    merged.examples.changed = merged.examples.changed.slice(0, keep);
    merged.examples.dropped = merged.examples.dropped.slice(0, keep);
    return merged;
  });
}
