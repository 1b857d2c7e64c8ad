/**
 * Events (videoevents): labelled frame ranges on a video's timeline, `start`..`end` inclusive. Two
 * annotators' events are compared by temporal IoU (shared frames over frames in either) and matched one
 * to one per label at IoU ≥ 0.5, like boxes on an image (F1).
 */
import { matchF1 } from '../quality/aggregation/match-f1.js';

export interface VideoEvent {
  start: number;
  end: number;
  label: string;
}

/** Temporal IoU of two inclusive frame ranges. */
export function eventIoU(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start) + 1;
  if (shared <= 0) return 0;
  return shared / (a.end - a.start + 1 + (b.end - b.start + 1) - shared);
}

/** F1 of same-label events matched one-to-one at temporal IoU ≥ `threshold`; 1 when both have none. */
export function eventF1(a: readonly VideoEvent[], b: readonly VideoEvent[], threshold = 0.5): number {
  return matchF1(a, b, eventIoU, threshold);
}

/**
 * Pairs of events of the same label that share a frame, as indexes into `events` (earlier first): one
 * label's events are exclusive unless the control allows overlap.
 */
export function overlappingEvents(events: readonly VideoEvent[]): [number, number][] {
  const order = events.map((e, i) => i).sort((i, j) => events[i]!.label.localeCompare(events[j]!.label) || events[i]!.start - events[j]!.start || i - j);
  const out: [number, number][] = [];
  // The earlier event reaching furthest: any later one starting before its end overlaps it.
  let reach: number | undefined;
  for (const i of order) {
    const e = events[i]!;
    const r = reach === undefined ? undefined : events[reach]!;
    if (r === undefined || r.label !== e.label) {
      reach = i;
      continue;
    }
    if (e.start <= r.end) out.push([Math.min(reach!, i), Math.max(reach!, i)]);
    if (e.end > r.end) reach = i;
  }
  return out;
}
