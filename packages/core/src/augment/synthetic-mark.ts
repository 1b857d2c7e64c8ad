/**
 * The mark every synthetic item carries: that it is synthetic, which generator made it, with which
 * parameters, from which source task. Kept with the item so exports and training-data filters can tell
 * generated data from collected data and reproduce it.
 */
import type { ImageTransform } from './image-transform.js';

export interface SyntheticMark {
  synthetic: true;
  /** The generator's name and version, e.g. "image-augment@1". */
  generator: string;
  /** Everything needed to reproduce the item (for augmentation: the transform list, seeds included). */
  params: Record<string, unknown>;
  /** The task the item was derived from; null when generated from nothing. */
  sourceTaskId: string | null;
}

export interface SyntheticMarkInput {
  generator: string;
  params: Record<string, unknown>;
  sourceTaskId?: string | null;
}

/** Builds the mark; throws a RangeError when the generator is unnamed (a mark must say who made it). */
export function syntheticMark(input: SyntheticMarkInput): SyntheticMark {
  const generator = input.generator.trim();
  if (generator === '') throw new RangeError('generator: name the generator that made the item, e.g. "image-augment@1"');
  // A JSON round trip makes the stored params a plain, independent copy (no shared references, no undefined).
  const params = JSON.parse(JSON.stringify(input.params)) as Record<string, unknown>;
  return { synthetic: true, generator, params, sourceTaskId: input.sourceTaskId ?? null };
}

/** The generator name image augmentation records. */
export const IMAGE_AUGMENT_GENERATOR = 'image-augment@1';

/** The mark of an image produced by applying `transforms` to task `sourceTaskId`. */
export function imageAugmentMark(transforms: readonly ImageTransform[], sourceTaskId: string | null): SyntheticMark {
  return syntheticMark({ generator: IMAGE_AUGMENT_GENERATOR, params: { transforms }, sourceTaskId });
}

/** True for a value carrying a synthetic mark (e.g. a task's metadata read back from storage). */
export function isSyntheticMark(value: unknown): value is SyntheticMark {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['synthetic'] === true && typeof v['generator'] === 'string' && typeof v['params'] === 'object' && v['params'] !== null;
}
