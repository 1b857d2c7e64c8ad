import type { AudioSegmentResultItem } from '@yungang/core';

/** How close (px) the pointer must be to a segment's edge to grab it rather than draw a new segment. */
export const EDGE_GRAB_PX = 6;

/**
 * The segment edge under the pointer at `time`, within `tolerance` seconds: the selected segment's edges
 * first (so abutting segments move the one being worked on), then the nearest edge of any segment.
 */
export function edgeAt(segments: readonly AudioSegmentResultItem[], time: number, tolerance: number, selected: string | null): { id: string; edge: 'start' | 'end'; at: number } | null {
  let best: { id: string; edge: 'start' | 'end'; at: number; distance: number } | null = null;
  for (const s of segments) {
    for (const edge of ['start', 'end'] as const) {
      const at = s.value[edge];
      const distance = Math.abs(at - time) - (s.id === selected ? tolerance : 0);
      if (Math.abs(at - time) <= tolerance && (best === null || distance < best.distance)) best = { id: s.id, edge, at, distance };
    }
  }
  return best && { id: best.id, edge: best.edge, at: best.at };
}
