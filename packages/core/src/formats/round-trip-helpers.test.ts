/**
 * Helpers for the converters' round-trip tests (a test file itself, so it never ships in the build):
 * reading the copied fixtures, and comparing shapes within 1e-6 after a trip through a format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabelConfig, SpanLabel } from '../label-config/label-config.types.js';
import type { ExportImage, FormatImage, Shape } from './shapes.js';
import { resultShapes, shapesToResult } from './shapes.js';

export const FIXTURES = join(import.meta.dirname, 'test-fixtures');

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path)) as unknown;
}

const colour = (value: string): SpanLabel => ({ value, color: '#336699' });

/** An image project with boxes, polygons and key points over field `image`. */
export function imageConfig(labels: { boxes?: string[]; polygons?: string[]; points?: string[]; skeleton?: [string, string][] }): LabelConfig {
  const controls: LabelConfig['controls'] = [];
  if (labels.boxes) controls.push({ type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: labels.boxes.map(colour) });
  if (labels.polygons) controls.push({ type: 'polygonlabels', name: 'polygons', toName: 'image', labels: labels.polygons.map(colour) });
  if (labels.points) controls.push({ type: 'keypointlabels', name: 'points', toName: 'image', labels: labels.points.map(colour), ...(labels.skeleton ? { skeleton: labels.skeleton } : {}) });
  return { version: 1, fields: [{ name: 'image', type: 'image' }], controls };
}

/** Parsed images → what the server would store: results, with the stated size in the task data. */
export function asTasks(images: readonly FormatImage[], config: LabelConfig): ExportImage[] {
  return images.map((image, i) => {
    const { result, issues } = shapesToResult(image.shapes, config);
    if (issues.length > 0) throw new Error(issues.map((x) => `${x.where}: ${x.message}`).join('\n'));
    const url = /^https?:/.test(image.name) ? image.name : `https://img.example/${image.name}`;
    return { taskId: String(i + 1), url, data: { image: url, ...(image.size ?? {}) }, result };
  });
}

function geometry(shape: Shape): number[] {
  if (shape.kind === 'box') return [shape.x, shape.y, shape.width, shape.height, shape.rotation ?? 0];
  if (shape.kind === 'polygon') return shape.points.flat();
  return [shape.x, shape.y];
}

/** Differences between two shape lists (kind, label, every coordinate within 1e-6), ignoring order. */
export function shapeDifferences(before: readonly Shape[], after: readonly Shape[]): string[] {
  const key = (s: Shape): string => `${s.kind}:${s.label}:${geometry(s).map((n) => n.toFixed(4)).join(',')}`;
  const a = [...before].sort((x, y) => key(x).localeCompare(key(y)));
  const b = [...after].sort((x, y) => key(x).localeCompare(key(y)));
  const out: string[] = [];
  if (a.length !== b.length) out.push(`${a.length} shapes before, ${b.length} after`);
  a.forEach((s, i) => {
    const t = b[i];
    if (!t || t.kind !== s.kind || t.label !== s.label) {
      out.push(`shape ${i}: ${s.kind} ${s.label} became ${t ? `${t.kind} ${t.label}` : 'nothing'}`);
      return;
    }
    const [g, h] = [geometry(s), geometry(t)];
    if (g.length !== h.length || g.some((v, j) => Math.abs(v - h[j]!) > 1e-6)) out.push(`shape ${i} (${s.kind} ${s.label}): ${JSON.stringify(g)} became ${JSON.stringify(h)}`);
  });
  return out;
}

/**
 * The round trip the tests check: fixture → our results (first import) → export → parse → results again;
 * both sides compared as stored results, per image, within 1e-6.
 */
export function roundTripDifferences(first: readonly FormatImage[], again: readonly FormatImage[], config: LabelConfig): string[] {
  const stored = (images: readonly FormatImage[]): Shape[][] => asTasks(images, config).map((t) => resultShapes(t.result, {}));
  const [a, b] = [stored(first), stored(again)];
  if (a.length !== b.length) return [`${a.length} images before, ${b.length} after`];
  return a.flatMap((shapes, i) => shapeDifferences(shapes, b[i]!).map((d) => `image ${i + 1}: ${d}`));
}

describe('round-trip helpers', () => {
  it('finds moved coordinates and ignores order', () => {
    const box: Shape = { kind: 'box', label: 'a', where: '', x: 1, y: 2, width: 3, height: 4 };
    const point: Shape = { kind: 'keypoint', label: 'p', where: '', x: 5, y: 6 };
    expect(shapeDifferences([box, point], [point, { ...box, x: 1 + 1e-7 }])).toEqual([]);
    expect(shapeDifferences([box], [{ ...box, x: 1.001 }])).toHaveLength(1);
  });
});
