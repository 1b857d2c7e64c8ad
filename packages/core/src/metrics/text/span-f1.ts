/**
 * Entity-level precision / recall / F1 over labelled spans, in two published schemes:
 *
 * - `strict`: a prediction counts only if start, end and label all equal a gold span — seqeval's
 *   entity-level micro average (`f1_score`) and per-type `classification_report`.
 * - `partial`: SemEval-2013 Task 9.1 "partial" as implemented by nervaluate: labels are ignored, an exact
 *   boundary match is correct (COR), an overlap is partial (PAR, half credit),
 *   precision = (COR + 0.5·PAR) / ACT and recall = (COR + 0.5·PAR) / POS.
 *
 * Offsets are code points, `end` exclusive (the convention of the annotation results, see text/code-points.ts).
 */

/** A labelled span of text: [start, end) in code points. */
export interface Span {
  start: number;
  end: number;
  label: string;
}

/** Scores for one label; `support` is the number of gold spans with that label. */
export interface LabelScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Micro-averaged scores over all documents, plus scores per label (labels sorted by code unit order). */
export interface SpanF1 {
  precision: number;
  recall: number;
  f1: number;
  perLabel: Record<string, LabelScore>;
}

/** Scheme selector for {@link spanF1}. */
export interface SpanF1Options {
  mode: 'strict' | 'partial';
}

/**
 * Entity-level F1 of `predicted` against `gold`, one span array per document (paired by index).
 *
 * @example spanF1([[{ start: 0, end: 2, label: 'PER' }]], [[{ start: 0, end: 2, label: 'PER' }]], { mode: 'strict' }).f1 // 1
 */
export function spanF1(gold: readonly (readonly Span[])[], predicted: readonly (readonly Span[])[], options: SpanF1Options): SpanF1 {
  if (gold.length !== predicted.length) {
    throw new RangeError(`gold has ${gold.length} documents but predicted has ${predicted.length}`);
  }
  const tally = new Map<string, Tally>();
  const at = (label: string): Tally => {
    let t = tally.get(label);
    if (!t) {
      t = { credit: 0, actual: 0, possible: 0 };
      tally.set(label, t);
    }
    return t;
  };
  gold.forEach((goldSpans, doc) => {
    const predSpans = predicted[doc] ?? [];
    if (options.mode === 'strict') countStrict(goldSpans, predSpans, at);
    else countPartial(goldSpans, predSpans, at);
  });

  const total: Tally = { credit: 0, actual: 0, possible: 0 };
  const perLabel: Record<string, LabelScore> = {};
  for (const label of [...tally.keys()].sort()) {
    const t = at(label);
    total.credit += t.credit;
    total.actual += t.actual;
    total.possible += t.possible;
    perLabel[label] = { ...score(t), support: t.possible };
  }
  return { ...score(total), perLabel };
}

/** Credit (true positives, possibly halves), predictions (ACT) and gold spans (POS) for one label. */
interface Tally {
  credit: number;
  actual: number;
  possible: number;
}

// Zero denominators give 0, as seqeval (zero_division="warn" -> 0) and nervaluate do; so no gold and no
// predictions at all scores 0, not 1.
function score({ credit, actual, possible }: Tally): Omit<LabelScore, 'support'> {
  const precision = actual > 0 ? credit / actual : 0;
  const recall = possible > 0 ? credit / possible : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

const key = (span: Span): string => `${span.start}\u0000${span.end}\u0000${span.label}`;

// seqeval collects entities into sets, so a span repeated within one document counts once.
function unique(spans: readonly Span[]): Span[] {
  const seen = new Map<string, Span>();
  for (const span of spans) if (!seen.has(key(span))) seen.set(key(span), span);
  return [...seen.values()];
}

function countStrict(goldSpans: readonly Span[], predSpans: readonly Span[], at: (label: string) => Tally): void {
  const goldKeys = new Set<string>();
  for (const span of unique(goldSpans)) {
    goldKeys.add(key(span));
    at(span.label).possible++;
  }
  for (const span of unique(predSpans)) {
    const t = at(span.label);
    t.actual++;
    if (goldKeys.has(key(span))) t.credit++;
  }
}

const byPosition = (x: Span, y: Span): number => x.start - y.start || x.end - y.end || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0);

/**
 * nervaluate's PartialEvaluation matching: predictions in order each take the first not-yet-matched gold span
 * they overlap (one-to-one, greedy). Exact boundaries are COR, other overlaps PAR, unmatched predictions SPU,
 * unmatched gold MIS. Both lists are sorted by position first so the input order cannot change the score.
 *
 * Per label (our definition; nervaluate's per-type report filters both sides by type instead): COR and PAR
 * count for the gold span's label, MIS for the gold label, SPU for the predicted label. So a label's recall is
 * "how much of the gold spans of this label was found, whatever label was predicted".
 */
function countPartial(goldSpans: readonly Span[], predSpans: readonly Span[], at: (label: string) => Tally): void {
  const golds = [...goldSpans].sort(byPosition);
  const preds = [...predSpans].sort(byPosition);
  const matched = new Array<boolean>(golds.length).fill(false);
  for (const pred of preds) {
    const g = golds.findIndex((gold, k) => !matched[k] && overlaps(gold, pred));
    const gold = golds[g];
    if (gold === undefined) {
      at(pred.label).actual++; // spurious
      continue;
    }
    matched[g] = true;
    const t = at(gold.label);
    t.actual++;
    t.possible++;
    t.credit += gold.start === pred.start && gold.end === pred.end ? 1 : 0.5;
  }
  golds.forEach((gold, k) => {
    if (!matched[k]) at(gold.label).possible++; // missed
  });
}

// Half-open intervals overlap when each starts before the other ends. Empty spans overlap nothing but an
// identical empty span, which is an exact match.
function overlaps(a: Span, b: Span): boolean {
  if (a.start === b.start && a.end === b.end) return true;
  return a.start < b.end && b.start < a.end;
}
