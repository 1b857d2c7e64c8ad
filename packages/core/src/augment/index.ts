// Public API of image augmentation: transforms, geometry-aware label transforms, synthetic marks.
export { assertImageTransform, exactCosSin, imageTransformProblems, isPhotometric, pixelMap, PHOTOMETRIC_KINDS, rotatedSize } from './image-transform.js';
export type { ImageTransform, ImageTransformKind, PixelMap } from './image-transform.js';
export { augmentResult, augmentResultChain } from './augment-result.js';
export type { AugmentedResult } from './augment-result.js';
export { clipPolygon, clipPolyline } from './clip.js';
export type { ClipWindow } from './clip.js';
export { maskTransformProblem, transformMask } from './transform-mask.js';
export { IMAGE_AUGMENT_GENERATOR, imageAugmentMark, isSyntheticMark, syntheticMark } from './synthetic-mark.js';
export type { SyntheticMark, SyntheticMarkInput } from './synthetic-mark.js';
export { augmentStepProblems, resolveAugmentSteps } from './augment-plan.js';
export type { AugmentStep } from './augment-plan.js';
