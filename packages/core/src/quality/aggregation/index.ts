// Public surface of aggregation per control type (re-exported by quality/index.ts).
export { aggregateChoices } from './choices.js';
export type { AggregateChoicesOptions, AggregatedChoice } from './choices.js';
export { aggregateSpans } from './spans.js';
export type { AggregateSpansOptions, AggregatedSpan, SpanAnnotation } from './spans.js';
export { fuseBoxes } from './boxes.js';
export type { BoxAnnotation, FuseBoxesOptions, FuseBoxesResult, FusedBox } from './boxes.js';
export { fusePolygons } from './polygons.js';
export type { FusePolygonsOptions, FusePolygonsResult, FusedPolygon, PolygonAnnotation } from './polygons.js';
export type { MemberRef } from './cluster.js';
export { aggregateTranscripts } from './transcripts.js';
export type { AggregateTranscriptsOptions, AggregatedTranscript, TranscriptInput } from './transcripts.js';
export { aggregateRatings } from './ratings.js';
export type { AggregateRatingsOptions, AggregatedRating, RatingInput } from './ratings.js';
export { fuseRectangles, rectangleF1 } from './rectangles.js';
export type { FusedRectangle, RectangleAnnotation } from './rectangles.js';
export { polygonF1 } from './polygons.js';
export { fuseKeypoints, keypointF1 } from './keypoints.js';
export type { FusedKeypoint, KeypointAnnotation } from './keypoints.js';
