/**
 * Time segments on a recording (seconds) drawn by several annotators: matching, fusion and agreement.
 *
 * Two segments overlap by their temporal IoU (length of the intersection over length of the union). Fusion
 * clusters same-label segments of different annotators at IoU ≥ `iouThreshold` (0.5 by default: the two
 * share most of their time), greedy and complete-link as for boxes (`clusterByIoU`), and keeps clusters drawn
 * by a strict majority. A kept segment takes the median start and the median end of its members (one
 * annotator's sloppy boundary cannot move it), the ROVER combination of their transcripts and the plurality
 * of their speakers.
 */
import { assertDistinctWorkers, compareCodePoints, plurality, resolveMinVotes } from './common.js';
import { assertIoUThreshold, clusterByIoU, type MemberRef } from './cluster.js';
import { matchF1 } from './match-f1.js';
import { aggregateTranscripts } from './transcripts.js';

export interface TimeSegment {
  start: number;
  end: number;
  label: string;
  /** The segment's per-region transcript, when the config has one. */
  transcript?: string;
  /** The segment's per-region speaker (or other per-region choice), when the config has one. */
  speaker?: string;
}

export interface SegmentAnnotation {
  worker: string;
  segments: readonly TimeSegment[];
}

export interface FusedSegment {
  start: number;
  end: number;
  label: string;
  workers: string[];
  transcript?: string;
  speaker?: string;
}

export interface FuseSegmentsOptions {
  iouThreshold?: number;
  minVotes?: number;
  /** How transcripts are combined by ROVER: over characters (default, Chinese) or words. */
  unit?: 'char' | 'word';
}

const DEFAULT_IOU = 0.5;

/** Intersection over union of two time intervals; 0 when they do not overlap. */
export function temporalIoU(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const intersection = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (intersection <= 0) return 0;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union > 0 ? intersection / union : 0;
}

/** Fuses segments; a segment no majority drew alike (same label, overlapping enough) is left out. */
export function fuseSegments(annotations: readonly SegmentAnnotation[], options: FuseSegmentsOptions = {}): { fused: FusedSegment[]; unmatched: MemberRef[] } {
  assertDistinctWorkers(annotations, 'fuseSegments');
  const threshold = options.iouThreshold ?? DEFAULT_IOU;
  assertIoUThreshold(threshold, 'fuseSegments');
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fuseSegments');
  const items = [...annotations]
    .sort((a, b) => compareCodePoints(a.worker, b.worker))
    .flatMap((a) => a.segments.map((s, index) => ({ worker: a.worker, index, segment: s })));
  const iou = (i: number, j: number): number => (items[i]!.segment.label === items[j]!.segment.label ? temporalIoU(items[i]!.segment, items[j]!.segment) : 0);
  const fused: FusedSegment[] = [];
  const unmatched: MemberRef[] = [];
  for (const cluster of clusterByIoU(items, iou, threshold)) {
    const members = cluster.map((k) => items[k]!);
    if (members.length < minVotes) {
      unmatched.push(...members.map(({ worker, index }) => ({ worker, index })));
      continue;
    }
    const segments = members.map((m) => m.segment);
    const out: FusedSegment = { start: median(segments.map((s) => s.start)), end: median(segments.map((s) => s.end)), label: segments[0]!.label, workers: members.map((m) => m.worker) };
    // Only members who wrote something vote on the text, as for whole-clip transcripts.
    const texts = members.flatMap((m) => (m.segment.transcript !== undefined && m.segment.transcript !== '' ? [{ worker: m.worker, text: m.segment.transcript }] : []));
    if (texts.length > 0) {
      const text = aggregateTranscripts(texts, { unit: options.unit ?? 'char' }).text;
      if (text !== '') out.transcript = text;
    }
    const speakers = new Map<string, number>();
    for (const s of segments) if (s.speaker !== undefined) speakers.set(s.speaker, (speakers.get(s.speaker) ?? 0) + 1);
    if (speakers.size > 0) out.speaker = plurality(speakers).label;
    fused.push(out);
  }
  // Time order reads naturally in the delivered label and in exports.
  fused.sort((a, b) => a.start - b.start || a.end - b.end || compareCodePoints(a.label, b.label));
  return { fused, unmatched };
}

/** Agreement of two annotators' segments: F1 of same-label segments matched one to one at temporal IoU ≥ threshold. */
export function segmentF1(a: readonly TimeSegment[], b: readonly TimeSegment[], threshold = DEFAULT_IOU): number {
  return matchF1(a, b, temporalIoU, threshold);
}

/**
 * A greedy one-to-one matching of two annotators' segments, whatever their labels, best overlaps first
 * (ties by position): which segments speak of the same stretch of audio, to compare their transcripts.
 */
export function matchSegments(a: readonly { start: number; end: number }[], b: readonly { start: number; end: number }[], threshold = DEFAULT_IOU): { a: number; b: number; iou: number }[] {
  const pairs: { a: number; b: number; iou: number }[] = [];
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      const iou = temporalIoU(x, y);
      if (iou >= threshold) pairs.push({ a: i, b: j, iou });
    }),
  );
  pairs.sort((p, q) => q.iou - p.iou || p.a - q.a || p.b - q.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const matched: { a: number; b: number; iou: number }[] = [];
  for (const p of pairs) {
    if (usedA.has(p.a) || usedB.has(p.b)) continue;
    usedA.add(p.a);
    usedB.add(p.b);
    matched.push(p);
  }
  return matched.sort((p, q) => p.a - q.a);
}

/**
 * Agreement of per-segment answers (transcripts, speakers): segments matched by `matchSegments` score
 * `similarity` of their answers, unmatched ones 0, normalised like an F1 (2 · sum / (|a| + |b|)). Two
 * annotations without segments agree fully.
 */
export function perSegmentAgreement<T extends { start: number; end: number }>(a: readonly T[], b: readonly T[], similarity: (x: T, y: T) => number, threshold = DEFAULT_IOU): number {
  if (a.length === 0 && b.length === 0) return 1;
  const sum = matchSegments(a, b, threshold).reduce((s, p) => s + similarity(a[p.a]!, b[p.b]!), 0);
  return (2 * sum) / (a.length + b.length);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
