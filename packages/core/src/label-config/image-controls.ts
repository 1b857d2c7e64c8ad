/**
 * The label-config shapes of the image region controls (boxes, polygons, polylines, key points, masks):
 * labels plus the attributes each region carries. The attribute declaration is the video track's without
 * `mutable`, so a project that annotates both images and video declares attributes one way.
 */
import Type from 'typebox';

const strict = { additionalProperties: false } as const;
const BASE = { name: Type.String(), toName: Type.String(), title: Type.Optional(Type.String()), required: Type.Optional(Type.Boolean()) };
const SpanLabelSchema = Type.Object({ value: Type.String(), title: Type.Optional(Type.String()), color: Type.String(), hotkey: Type.Optional(Type.String()) }, strict);

export const RegionAttributeSchema = Type.Object(
  {
    name: Type.String(),
    type: Type.Union([Type.Literal('text'), Type.Literal('number'), Type.Literal('choice')]),
    options: Type.Optional(Type.Array(Type.String())),
    required: Type.Optional(Type.Boolean()),
  },
  strict,
);

const REGION = { labels: Type.Array(SpanLabelSchema), attributes: Type.Optional(Type.Array(RegionAttributeSchema)) };

export const RectangleLabelsControlSchema = Type.Object({ type: Type.Literal('rectanglelabels'), ...BASE, ...REGION, rotation: Type.Optional(Type.Boolean()) }, strict);
export const PolygonLabelsControlSchema = Type.Object({ type: Type.Literal('polygonlabels'), ...BASE, ...REGION }, strict);
export const PolylineLabelsControlSchema = Type.Object({ type: Type.Literal('polylinelabels'), ...BASE, ...REGION }, strict);
export const BrushLabelsControlSchema = Type.Object({ type: Type.Literal('brushlabels'), ...BASE, ...REGION }, strict);
export const KeyPointLabelsControlSchema = Type.Object(
  { type: Type.Literal('keypointlabels'), ...BASE, ...REGION, skeleton: Type.Optional(Type.Array(Type.Tuple([Type.String(), Type.String()]))) },
  strict,
);

/** The control types whose regions may carry attributes. */
export const REGION_ATTRIBUTE_CONTROL_TYPES = ['rectanglelabels', 'polygonlabels', 'polylinelabels', 'keypointlabels', 'brushlabels'] as const;
