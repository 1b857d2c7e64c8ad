// Public API of COCO run-length encoded masks (pycocotools-compatible).
export { compressCounts, compressRle, decodeRle, decompressCounts, encodeMask, mergeRles, rleArea, rleBbox, rleCounts, rleIntersectionArea, rleIoU, rleProblem, voteRles } from './coco-rle.js';
export type { BinaryMask, CocoRle } from './coco-rle.js';
