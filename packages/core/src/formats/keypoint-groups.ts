/**
 * Which box or polygon a key point belongs to. Our results store key points as separate items (Label
 * Studio links them with `parentID`, which results do not keep), while COCO and YOLO pose write them per
 * object. An object is rebuilt from geometry: each point goes to the smallest unrotated box or polygon
 * whose bounds contain it, else to the nearest one (tools do draw points just outside the box); only
 * in an image without boxes or polygons are points left loose, to form one object of their own.
 */
import { boundsOf, type BoxShape, type KeyPointShape, type PolygonShape, type Shape } from './shapes.js';

export type Owner = BoxShape | PolygonShape;

export interface KeypointGrouping {
  owned: Map<Owner, KeyPointShape[]>;
  loose: KeyPointShape[];
}

function ownerBounds(shape: Owner): { x: number; y: number; width: number; height: number } {
  return shape.kind === 'box' ? shape : boundsOf(shape.points);
}

export function groupKeypoints(shapes: readonly Shape[]): KeypointGrouping {
  const owners = shapes.filter((s): s is Owner => (s.kind === 'box' && s.rotation === undefined) || s.kind === 'polygon');
  const owned = new Map<Owner, KeyPointShape[]>();
  const loose: KeyPointShape[] = [];
  for (const point of shapes) {
    if (point.kind !== 'keypoint') continue;
    let best: Owner | undefined;
    // Distance to the bounds first (0 inside), then area, so the smallest containing object wins.
    let bestRank: [number, number] = [Infinity, Infinity];
    for (const owner of owners) {
      const b = ownerBounds(owner);
      const dx = Math.max(b.x - point.x, 0, point.x - (b.x + b.width));
      const dy = Math.max(b.y - point.y, 0, point.y - (b.y + b.height));
      const rank: [number, number] = [Math.hypot(dx, dy), b.width * b.height];
      if (rank[0] < bestRank[0] - 1e-9 || (Math.abs(rank[0] - bestRank[0]) <= 1e-9 && rank[1] < bestRank[1])) {
        best = owner;
        bestRank = rank;
      }
    }
    if (best) owned.set(best, [...(owned.get(best) ?? []), point]);
    else loose.push(point);
  }
  return { owned, loose };
}
