// Public API of exact geometry metrics (box and polygon IoU, COCO-style mean average precision).
export { boxIoU } from './box-iou.js';
export type { Box } from './box-iou.js';
export { polygonArea, toPoints } from './polygon.js';
export type { Point, Polygon } from './polygon.js';
export { polygonIntersectionArea, polygonIoU } from './polygon-iou.js';
export { pointToPolyline, polylineDistance, samplePolyline } from './polyline-distance.js';
export { meanAveragePrecision } from './mean-average-precision.js';
export type {
  CategoryAveragePrecision,
  GoldBox,
  MeanAveragePrecisionOptions,
  MeanAveragePrecisionResult,
  PredictedBox,
  ThresholdAveragePrecision,
} from './mean-average-precision.js';
export { COCO_IOU_THRESHOLDS, COCO_RECALL_THRESHOLDS } from './coco-thresholds.js';
export { rectangleCorners, rectangleIoU } from './rectangle.js';
export type { Rectangle } from './rectangle.js';
