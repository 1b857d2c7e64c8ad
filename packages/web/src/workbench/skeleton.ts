/**
 * Skeleton lines between keypoints: a keypoint control may name pairs of its labels (a pose's bones) that
 * are drawn joined. Pure, so the overlay only renders the segments.
 */
import type { LabelConfig } from '@yungang/core';
import type { Point } from './box-geometry.ts';

export interface SkeletonKeypoint {
  id: string;
  /** The keypoint control (result `from_name`): pairs join labels of one control only. */
  control: string;
  label: string;
  point: Point;
  color: string;
}

export interface SkeletonSegment {
  /** Stable React key: the two keypoints' ids. */
  key: string;
  from: Point;
  to: Point;
  color: string;
}

/** Skeleton pairs of each keypoint control of a config, by control name. */
export function skeletonsOf(config: LabelConfig): Map<string, readonly (readonly [string, string])[]> {
  const out = new Map<string, readonly (readonly [string, string])[]>();
  for (const c of config.controls) if (c.type === 'keypointlabels' && c.skeleton && c.skeleton.length > 0) out.set(c.name, c.skeleton);
  return out;
}

const squared = (a: Point, b: Point) => (a.x - b.x) ** 2 + (a.y - b.y) ** 2;

/**
 * The lines to draw for `keypoints` (of one image). For each pair [A, B] every keypoint labelled A is
 * joined to the nearest keypoint labelled B, so an image with two people gets two skeletons rather than
 * every elbow joined to every shoulder. A pair whose labels have no keypoints draws nothing.
 */
export function skeletonSegments(keypoints: readonly SkeletonKeypoint[], skeletons: ReadonlyMap<string, readonly (readonly [string, string])[]>): SkeletonSegment[] {
  if (skeletons.size === 0 || keypoints.length < 2) return [];
  const byLabel = new Map<string, SkeletonKeypoint[]>();
  for (const k of keypoints) {
    const key = `${k.control}\u0000${k.label}`;
    const list = byLabel.get(key);
    if (list) list.push(k);
    else byLabel.set(key, [k]);
  }
  const segments: SkeletonSegment[] = [];
  const seen = new Set<string>();
  for (const [control, pairs] of skeletons) {
    for (const [a, b] of pairs) {
      const from = byLabel.get(`${control}\u0000${a}`) ?? [];
      const to = byLabel.get(`${control}\u0000${b}`) ?? [];
      for (const k of from) {
        let nearest: SkeletonKeypoint | undefined;
        for (const other of to) if (other.id !== k.id && (!nearest || squared(k.point, other.point) < squared(k.point, nearest.point))) nearest = other;
        if (!nearest) continue;
        // The same bone may be named twice ([A, B] and [B, A]); draw it once.
        const key = [k.id, nearest.id].sort().join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        segments.push({ key, from: k.point, to: nearest.point, color: k.color });
      }
    }
  }
  return segments;
}
