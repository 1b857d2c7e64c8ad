/**
 * Result items of the video controls beyond Label Studio's videorectangle: polygon and point tracks
 * (our `videopolygon` and `videokeypoint`), events on the timeline (`videoevents`), and the attribute
 * values a track carries. Frames are 1-based like Label Studio's keyframes; coordinates are percent of
 * the video's width and height.
 */

/** Attribute values by name (the control's `attributes`): text and choice as strings, number as numbers. */
export type TrackAttributeValues = Record<string, string | number>;

/**
 * One keyframe of a polygon or point track: `points` are [x, y] in percent (a polygon's ring implicitly
 * closed); `enabled: false` ends the track here until a later keyframe, as for boxes. `attributes` hold the
 * control's mutable attributes as they are from this keyframe on.
 */
export interface VideoPointsKeyframe {
  frame: number;
  points: [number, number][];
  enabled: boolean;
  time: number;
  attributes?: TrackAttributeValues;
}

/** A tracked polygon or point set: keyframes sorted by frame, unique; track-wide attribute values. */
export interface VideoPointsValue {
  framesCount: number;
  duration: number;
  sequence: VideoPointsKeyframe[];
  labels: string[];
  attributes?: TrackAttributeValues;
}

export interface VideoPolygonResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'videopolygon';
  value: VideoPointsValue;
}

export interface VideoKeyPointResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'videokeypoint';
  value: VideoPointsValue;
}

/** An event: frames `start`..`end` (1-based, both included) with exactly one label. */
export interface VideoEventValue {
  start: number;
  end: number;
  labels: string[];
}

export interface VideoEventResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'videoevents';
  value: VideoEventValue;
}
