import type { AugmentBody } from '@yungang/core';

/** The augmentations the panel offers, each one variant (one new image per source task). */
export const AUGMENT_CHOICES = ['flipH', 'flipV', 'rotate90', 'rotateAngle', 'cropCentre', 'scaleHalf', 'colour', 'noise'] as const;
export type AugmentChoice = (typeof AUGMENT_CHOICES)[number];

/** The request's variants for the ticked choices; `angle` is the free rotation in degrees. */
export function augmentVariants(chosen: ReadonlySet<AugmentChoice>, angle: number): AugmentBody['variants'] {
  const variants: AugmentBody['variants'] = [];
  for (const choice of AUGMENT_CHOICES) {
    if (!chosen.has(choice)) continue;
    switch (choice) {
      case 'flipH':
        variants.push([{ kind: 'flip', axis: 'horizontal' }]);
        break;
      case 'flipV':
        variants.push([{ kind: 'flip', axis: 'vertical' }]);
        break;
      case 'rotate90':
        variants.push([{ kind: 'rotate', degrees: 90 }]);
        break;
      case 'rotateAngle':
        if (Number.isFinite(angle) && angle !== 0) variants.push([{ kind: 'rotate', degrees: Math.max(-360, Math.min(360, angle)) }]);
        break;
      case 'cropCentre':
        variants.push([{ kind: 'crop', x: 0.1, y: 0.1, width: 0.8, height: 0.8 }]);
        break;
      case 'scaleHalf':
        variants.push([{ kind: 'scale', factor: 0.5 }]);
        break;
      case 'colour':
        variants.push([{ kind: 'colour', brightness: 1.15, contrast: 0.9 }]);
        break;
      case 'noise':
        variants.push([{ kind: 'noise', sigma: 8 }]);
        break;
    }
  }
  return variants;
}

/** One text per non-empty line. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
