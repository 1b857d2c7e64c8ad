import { sizeOf, type AnnotationResult, type LabelConfig, type ResultItem } from '@yungang/core';

/** Result types that are shapes on an image, the ones worth carrying from one frame of a series to the next. */
const SHAPE_TYPES: ReadonlySet<ResultItem['type']> = new Set(['rectanglelabels', 'polygonlabels', 'keypointlabels', 'polylinelabels', 'brushlabels']);

/** Whether the config draws shapes on an image at all (else there is nothing to copy). */
export function hasImageShapes(config: LabelConfig): boolean {
  return config.controls.some((c) => SHAPE_TYPES.has(c.type as ResultItem['type']));
}

/**
 * The shapes of a previous image's result to add to the current one: items of this project's image-shape
 * controls (same control, same field, same type), with fresh ids so they are new items here. A brush mask
 * comes along only when its size is the current image's (when the task states it) and the current result
 * has no mask of that label yet (one mask per label and image). Choices, text and spans are left behind:
 * they describe the other image, not this one.
 */
export function copyableShapes(previous: AnnotationResult, current: AnnotationResult, config: LabelConfig, data: Record<string, unknown>, newId: () => string): ResultItem[] {
  const controls = new Map(config.controls.map((c) => [c.name, c]));
  const size = sizeOf(data.width, data.height);
  const out: ResultItem[] = [];
  for (const item of previous) {
    const control = controls.get(item.from_name);
    if (!SHAPE_TYPES.has(item.type) || control?.type !== item.type || control.toName !== item.to_name) continue;
    if (item.type === 'brushlabels') {
      const [height, width] = item.value.rle.size;
      if (size && (size.width !== width || size.height !== height)) continue;
      const label = item.value.brushlabels[0];
      const taken = [...current, ...out].some((r) => r.type === 'brushlabels' && r.from_name === item.from_name && r.to_name === item.to_name && r.value.brushlabels[0] === label);
      if (taken) continue;
    }
    out.push({ ...item, id: newId() });
  }
  return out;
}
