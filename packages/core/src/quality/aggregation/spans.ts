/**
 * Span aggregation by position-level voting. Each annotator votes, at every code-point position of the text,
 * for the labels of their spans that cover it; a position takes the label with the most votes if it has at
 * least `minVotes` of them (default: a strict majority of all annotators, counting those who marked
 * nothing there). Maximal runs of positions with the same winning label become the aggregated spans.
 *
 * Why positions and not whole spans: annotators rarely agree on exact boundaries, and voting per position
 * gives the boundary most of them drew, without a matching step between spans.
 *
 * Adjacent spans of the same label (e.g. two names side by side) would merge into one run; the run is
 * split where at least `minVotes` annotators themselves placed a boundary between two spans of that label.
 *
 * Offsets are code points, as everywhere in Yungang (see text/code-points.ts); `end` is exclusive.
 * Cost: O(S log S + P·L) for S spans, P distinct boundaries and L labels; no per-character arrays, so
 * spans over long texts cost no more than short ones.
 */
import { assertDistinctWorkers, assertLabelString, compareCodePoints, resolveMinVotes, sortedUnique } from './common.js';

/** One annotator's spans over one text. */
export interface SpanAnnotation {
  worker: string;
  spans: readonly { start: number; end: number; label: string }[];
}

/** Options of {@link aggregateSpans}. */
export interface AggregateSpansOptions {
  /** Votes a position needs; default ⌊annotators/2⌋ + 1 (strict majority). */
  minVotes?: number;
}

/** An aggregated span and its provenance. */
export interface AggregatedSpan {
  start: number;
  end: number;
  label: string;
  /** Workers whose spans of this label overlap the aggregated span, code-point order. */
  workers: string[];
  /** Fewest votes any position of the span received (≥ minVotes). */
  minSupport: number;
  /** Most votes any position of the span received. */
  maxSupport: number;
}

interface Event {
  worker: string;
  label: string;
  delta: 1 | -1;
}

/**
 * Aggregates span annotations of one text. Ties between labels at a position (possible only with
 * overlapping spans) go to the smallest label in code-point order. The result is sorted by `start` and
 * does not depend on the order of annotators or spans.
 *
 * @example aggregateSpans([{ worker: 'a', spans: [{ start: 0, end: 5, label: 'PER' }] }, { worker: 'b', spans: [{ start: 0, end: 4, label: 'PER' }] }, { worker: 'c', spans: [] }])
 * // [{ start: 0, end: 4, label: 'PER', workers: ['a', 'b'], minSupport: 2, maxSupport: 2 }]
 */
export function aggregateSpans(annotations: readonly SpanAnnotation[], options: AggregateSpansOptions = {}): AggregatedSpan[] {
  assertDistinctWorkers(annotations, 'aggregateSpans');
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'aggregateSpans');

  const events = new Map<number, Event[]>();
  const at = (position: number): Event[] => {
    let list = events.get(position);
    if (list === undefined) events.set(position, (list = []));
    return list;
  };
  annotations.forEach(({ worker, spans }, i) => {
    if (!Array.isArray(spans)) throw new TypeError(`aggregateSpans: annotations[${i}].spans must be an array`);
    spans.forEach((span, j) => {
      const where = `aggregateSpans: annotations[${i}].spans[${j}]`;
      if (span === null || typeof span !== 'object') throw new TypeError(`${where} must be { start, end, label }`);
      const { start, end, label } = span;
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
        throw new RangeError(`${where} must have integer code-point offsets 0 ≤ start < end, got [${start}, ${end})`);
      }
      assertLabelString(label, `${where}.label`);
      at(start).push({ worker, label, delta: 1 });
      at(end).push({ worker, label, delta: -1 });
    });
  });

  // active.get(label).get(worker): how many of that worker's spans with that label cover the current segment.
  const active = new Map<string, Map<string, number>>();
  const votes = new Map<string, number>();
  const result: AggregatedSpan[] = [];
  let run: { start: number; label: string; workers: Set<string>; min: number; max: number } | null = null;

  for (const position of [...events.keys()].sort((a, b) => a - b)) {
    const here = events.get(position) ?? [];
    // Boundaries drawn by the annotators themselves: a span of a label ends here and another of the same label starts here.
    const endsHere = new Map<string, Set<string>>();
    for (const e of here) if (e.delta < 0) addTo(endsHere, e.label, e.worker);
    const splitters = new Map<string, Set<string>>();
    for (const e of here) {
      if (e.delta < 0 || !endsHere.get(e.label)?.has(e.worker)) continue;
      addTo(splitters, e.label, e.worker);
    }
    for (const { worker, label, delta } of here) {
      let byWorker = active.get(label);
      if (byWorker === undefined) active.set(label, (byWorker = new Map()));
      const before = byWorker.get(worker) ?? 0;
      const after = before + delta;
      byWorker.set(worker, after);
      if (before === 0 && after > 0) votes.set(label, (votes.get(label) ?? 0) + 1);
      if (before > 0 && after === 0) votes.set(label, (votes.get(label) ?? 0) - 1);
    }

    const winner = winningLabel(votes, minVotes);
    const continues = run !== null && winner === run.label && (splitters.get(winner)?.size ?? 0) < minVotes;
    if (run !== null && !continues) {
      result.push({ start: run.start, end: position, label: run.label, workers: sortedUnique(run.workers), minSupport: run.min, maxSupport: run.max });
      run = null;
    }
    if (winner !== null) {
      const support: number = votes.get(winner) ?? 0;
      run ??= { start: position, label: winner, workers: new Set(), min: support, max: support };
      run.min = Math.min(run.min, support);
      run.max = Math.max(run.max, support);
      for (const [worker, count] of active.get(winner) ?? []) if (count > 0) run.workers.add(worker);
    }
  }
  return result;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}

/** The label with the most votes among those with at least `minVotes`; ties → smallest by code point. */
function winningLabel(votes: ReadonlyMap<string, number>, minVotes: number): string | null {
  let best: string | null = null;
  let bestVotes = 0;
  for (const [label, count] of votes) {
    if (count < minVotes) continue;
    if (best === null || count > bestVotes || (count === bestVotes && compareCodePoints(label, best) < 0)) {
      best = label;
      bestVotes = count;
    }
  }
  return best;
}
