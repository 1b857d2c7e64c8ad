// Public API of pure image quality measures over grayscale pixel arrays.
export { assertGrayImage, resizeGray, toGray } from './gray-image.js';
export type { GrayImage } from './gray-image.js';
export { differenceHash, hammingDistance, NEAR_DUPLICATE_DISTANCE, perceptualHash } from './perceptual-hash.js';
export { laplacianVariance } from './sharpness.js';
export { exposureScore } from './exposure.js';
export type { ExposureOptions, ExposureScore } from './exposure.js';
