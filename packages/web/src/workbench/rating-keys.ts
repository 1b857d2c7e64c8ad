import type { LabelConfig, RatingControl } from '@yungang/core';
import { labelConfigHotkeys } from '@yungang/core';

/**
 * Which rating control the digit keys score, if any: only when the config has exactly one rating control
 * that keeps its hotkeys on, and only digits no label or option already uses (a label hotkey wins).
 * Returns the control and the digits it may take.
 */
export function ratingKeys(config: LabelConfig): { control: RatingControl; digits: Set<string> } | null {
  const ratings = config.controls.filter((c): c is RatingControl => c.type === 'rating');
  const [only] = ratings;
  if (ratings.length !== 1 || !only || only.hotkeys === false) return null;
  const taken = labelConfigHotkeys(config);
  const digits = new Set<string>();
  for (let level = 1; level <= Math.min(only.maxRating, 9); level++) if (!taken.has(String(level))) digits.add(String(level));
  return { control: only, digits };
}
