import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { AnnotationResult, TrackAttribute, VideoEventsControl, VideoKeyPointControl, VideoPolygonControl, VideoRectangleControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import type { AnnotationAction } from './annotation-state.ts';
import { newResultId } from './annotation-state.ts';
import { asHandle, draggedBox, isTooSmall, roundBox, toPercent, type Box, type BoxDrag, type Point } from './box-geometry.ts';
import { isTypingTarget } from './hotkey-target.ts';
import { LabelBar } from './LabelBar.tsx';
import type { RectangleRegion, RegionView } from './region-view.ts';
import { RegionOverlay, type PolygonDraft } from './RegionOverlay.tsx';
import { Timeline, type TimelineEventLane, type TimelineTrack } from './Timeline.tsx';
import { attributeValue, eventsOn, movedPoints, newEvent, newPointTrack, pointsAt, pointTracksOn, withAttribute, withEventEdge, withoutPointKeyframe, withPointKeyframe, type AnyTrackItem } from './video-shapes.ts';
import { boxAt, evenTimes, frameAt, neighbourKeyframe, newTrack, seekTime, stepFrame, tracksOn, withKeyframe, withoutKeyframe } from './video-track.ts';

export interface VideoAnnotatorProps {
  field: string;
  src: string;
  /** From the task data media intake wrote; absent for videos imported by URL (then read from the file, 25 fps assumed). */
  fps: number | undefined;
  frames: number | undefined;
  duration: number | undefined;
  /**
   * The picture's size from the task data (media intake writes the upright size): the stage takes its shape
   * before the video has loaded, so nothing moves under the pointer when it does. Absent: 16:9 until then.
   */
  width?: number | undefined;
  height?: number | undefined;
  /** The field's track controls (boxes, polygons, points) and event controls. */
  controls: readonly VideoControl[];
  result: AnnotationResult;
  dispatch: (action: AnnotationAction) => void;
  colorOf: (control: string, value: string) => string;
  titleOf: (control: string, value: string) => string;
  /** Whether this component listens to the keyboard on the whole window (the workbench, not the config preview). */
  windowKeys: boolean;
  /** Tallest the picture may be, as a share of the window height. */
  maxHeightShare?: number;
  /**
   * Review, adjudication and gold feedback: the tracks are shown and frames stepped, a track is selected
   * by a click (its attributes then shown, its keyframes jumped to), and nothing changes: no labels to
   * pick, no drags, no delete buttons, `dispatch` never called.
   */
  readOnly?: boolean;
}

export type VideoControl = VideoRectangleControl | VideoPolygonControl | VideoKeyPointControl | VideoEventsControl;

interface Armed {
  control: string;
  label: string;
  type: VideoControl['type'];
}

type Gesture = BoxDrag & { pointerId: number; moved: boolean };
/** A polygon or point track being moved whole, or one of its vertices. */
interface PointGesture {
  id: string;
  pointerId: number;
  from: Point;
  points: Point[];
  vertex: number | null;
  moved: boolean;
}

/** A click this close (percent) to a polygon's first corner closes it. */
const CLOSE_DISTANCE = 1.5;

const NEW_TRACK = '\u0000new-track';
const FALLBACK_FPS = 25;
const READ_ONLY_KEYS = new Set(['ArrowRight', 'ArrowLeft', ' ', '[', ']', 'Escape']);

/**
 * The frame index the server made at intake (`/api/v1/media/{sha}/frames`), or null for a video from
 * elsewhere; `fullUrl` once the server has made the full-resolution copy of a re-encoded video (the task's
 * URL is the fast low-resolution proxy), carrying the same query (`?org=`) as `src`.
 */
async function loadFrameIndex(src: string): Promise<{ times: number[] | null; fullUrl: string | null }> {
  if (!src.startsWith('/api/v1/media/')) return { times: null, fullUrl: null };
  const [path, query] = src.split('?');
  const response = await fetch(`${path ?? src}/frames`, { credentials: 'same-origin' });
  if (!response.ok) return { times: null, fullUrl: null };
  const index = (await response.json()) as { times?: unknown; fullUrl?: unknown };
  const times = Array.isArray(index.times) && index.times.every((v) => typeof v === 'number') ? (index.times as number[]) : null;
  const fullUrl = typeof index.fullUrl === 'string' && index.fullUrl.startsWith('/api/v1/media/') ? index.fullUrl + (query ? `?${query}` : '') : null;
  return { times, fullUrl };
}

/**
 * A video field of the workbench: the <video> element stepped frame by frame through the frame index (so
 * "frame 37" is the same picture for every annotator and for export), tracks drawn as boxes on the current
 * frame, interpolated between keyframes, and a timeline of every track's keyframes. Box geometry and the
 * shapes overlay are the image workbench's; a track's result item is rewritten whole on each edit (one
 * undo step).
 */
export function VideoAnnotator({ field, src, fps: givenFps, frames: givenFrames, duration: givenDuration, width: givenWidth, height: givenHeight, controls, result, dispatch, colorOf, titleOf, windowKeys, maxHeightShare = 0.6, readOnly = false }: VideoAnnotatorProps) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<number[] | null>(null);
  // What the <video> plays: the full-resolution copy when the frame index names one, else `src`; null until the index has answered.
  const [played, setPlayed] = useState<string | null>(null);
  const [fileDuration, setFileDuration] = useState<number | null>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [frame, setFrame] = useState(1);
  const [playing, setPlaying] = useState(false);
  const [failed, setFailed] = useState(false);
  const [armed, setArmed] = useState<Armed | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [draftBox, setDraftBox] = useState<Box | null>(null);
  // Polygon or point set being drawn (corners so far, pointer position), moved shape, event being marked.
  const [shapeDraft, setShapeDraft] = useState<{ points: Point[]; hover: Point | null } | null>(null);
  const [pointGesture, setPointGesture] = useState<PointGesture | null>(null);
  const [draftPoints, setDraftPoints] = useState<Point[] | null>(null);
  const [pendingEvent, setPendingEvent] = useState<{ control: string; label: string; start: number } | null>(null);

  const fps = givenFps ?? FALLBACK_FPS;
  const duration = givenDuration ?? fileDuration ?? 0;
  const times = useMemo(() => index ?? evenTimes(givenFrames ?? Math.max(1, Math.round(duration * fps)), fps), [index, givenFrames, duration, fps]);
  const frames = times.length;

  useEffect(() => {
    let live = true;
    setIndex(null);
    setPlayed(null);
    setFrame(1);
    setFailed(false);
    loadFrameIndex(src)
      .then((loaded) => {
        if (!live) return;
        setIndex(loaded.times);
        setPlayed(loaded.fullUrl ?? src);
      })
      // Without the index, frames are spaced at 1/fps: right for constant-rate video, which is nearly all.
      .catch(() => {
        if (live) setPlayed(src);
      });
    return () => {
      live = false;
    };
  }, [src]);

  const tracks = useMemo(() => tracksOn(result, field), [result, field]);
  const pointTracks = useMemo(() => pointTracksOn(result, field), [result, field]);
  const events = useMemo(() => eventsOn(result, field), [result, field]);
  const selectedTrack = tracks.find((tr) => tr.id === selected) ?? null;
  const selectedPointTrack = pointTracks.find((tr) => tr.id === selected) ?? null;
  const selectedAny: AnyTrackItem | null = selectedTrack ?? selectedPointTrack;
  const selectedEvent = events.find((e) => e.id === selected) ?? null;
  const controlOf = (name: string) => controls.find((c) => c.name === name);

  const seek = useCallback(
    (to: number) => {
      const el = video.current;
      const target = stepFrame(to, 0, frames);
      if (el) {
        el.pause();
        el.currentTime = seekTime(times, target, fps);
      }
      setFrame(target);
    },
    [frames, times, fps],
  );

  // While playing, follow the picture the browser presents (requestVideoFrameCallback where there is one).
  useEffect(() => {
    const el = video.current;
    if (!el || !playing) return;
    let handle = 0;
    const follow = () => setFrame(frameAt(times, el.currentTime));
    // Firefox before 132 has no requestVideoFrameCallback; timeupdate (about 4 per second) stands in.
    if ('requestVideoFrameCallback' in HTMLVideoElement.prototype) {
      const onFrame: VideoFrameRequestCallback = (_now, meta) => {
        setFrame(frameAt(times, meta.mediaTime));
        handle = el.requestVideoFrameCallback(onFrame);
      };
      handle = el.requestVideoFrameCallback(onFrame);
      return () => el.cancelVideoFrameCallback(handle);
    }
    el.addEventListener('timeupdate', follow);
    return () => el.removeEventListener('timeupdate', follow);
  }, [playing, times]);

  const togglePlay = useCallback(() => {
    const el = video.current;
    if (!el) return;
    if (el.paused) void el.play().catch(() => setPlaying(false));
    else el.pause();
  }, []);

  const timeOf = (f: number) => times[f - 1] ?? (f - 1) / fps;
  const video0 = { frames, duration: Math.max(duration, times[times.length - 1] ?? 0) };

  const setTrack = (track: AnyTrackItem | null, id: string) => {
    if (track) dispatch({ type: 'setTrack', track });
    else {
      dispatch({ type: 'remove', id });
      setSelected(null);
    }
  };
  const deleteKeyframe = () => {
    if (selectedTrack && selectedTrack.value.sequence.some((k) => k.frame === frame)) setTrack(withoutKeyframe(selectedTrack, frame), selectedTrack.id);
    else if (selectedPointTrack && selectedPointTrack.value.sequence.some((k) => k.frame === frame)) setTrack(withoutPointKeyframe(selectedPointTrack, frame), selectedPointTrack.id);
  };
  const deleteTrack = () => {
    if (selectedAny) setTrack(null, selectedAny.id);
  };
  const deleteEvent = () => {
    if (!selectedEvent) return;
    dispatch({ type: 'remove', id: selectedEvent.id });
    setSelected(null);
  };
  // Label Studio's "lifespan" toggle: a disabled keyframe here hides the shape from the next frame on.
  const endTrackHere = () => {
    const box = selectedTrack ? boxAt(selectedTrack, frame) : null;
    if (selectedTrack && box) setTrack(withKeyframe(selectedTrack, frame, timeOf(frame), box, false), selectedTrack.id);
    const points = selectedPointTrack ? pointsAt(selectedPointTrack, frame) : null;
    if (selectedPointTrack && points) setTrack(withPointKeyframe(selectedPointTrack, frame, timeOf(frame), points, false), selectedPointTrack.id);
  };
  const jumpKeyframe = (direction: 1 | -1) => {
    const sequence = selectedAny?.value.sequence;
    const to = sequence ? neighbourKeyframe(sequence, frame, direction) : null;
    if (to !== null) seek(to);
  };
  // A polygon needs three corners, a point set one; fewer leaves the draft open.
  const finishShape = () => {
    if (!shapeDraft || !armed || (armed.type !== 'videopolygon' && armed.type !== 'videokeypoint')) return;
    if (shapeDraft.points.length < (armed.type === 'videopolygon' ? 3 : 1)) return;
    const track = newPointTrack(newResultId(), armed.type, armed.control, field, armed.label, video0, frame, timeOf(frame), shapeDraft.points);
    dispatch({ type: 'setTrack', track });
    setShapeDraft(null);
    setSelected(track.id);
  };
  // Enter with an event label picked: the first press marks the start, the second the end (either order).
  const markEvent = () => {
    if (!armed || armed.type !== 'videoevents') return;
    if (!pendingEvent || pendingEvent.control !== armed.control || pendingEvent.label !== armed.label) {
      setPendingEvent({ control: armed.control, label: armed.label, start: frame });
      return;
    }
    const event = newEvent(newResultId(), armed.control, field, armed.label, pendingEvent.start, frame);
    dispatch({ type: 'setTrack', track: event });
    setPendingEvent(null);
    setSelected(event.id);
  };
  const onEventEdge = useCallback(
    (id: string, edge: 'start' | 'end', to: number) => {
      const event = events.find((e) => e.id === id);
      if (event) dispatch({ type: 'setTrack', track: withEventEdge(event, edge, to) });
    },
    [events, dispatch],
  );
  const setAttribute = (attribute: TrackAttribute, value: string) => {
    if (selectedAny) dispatch({ type: 'setTrack', track: withAttribute(selectedAny, attribute, value, frame, timeOf(frame)) });
  };

  const pick = (control: VideoControl, label: string) => {
    setShapeDraft(null);
    setArmed((a) => (a?.control === control.name && a.label === label ? null : { control: control.name, label, type: control.type }));
  };

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (isTypingTarget(event.target) || event.ctrlKey || event.metaKey) return;
    // Read-only, the keys only move through the video.
    if (readOnly && (event.altKey || !READ_ONLY_KEYS.has(event.key))) return;
    // Alt+O: the selected object leaves the picture here (the toolbar's button).
    if (event.altKey) {
      if (event.code === 'KeyO' && selectedAny) {
        event.preventDefault();
        endTrackHere();
      }
      return;
    }
    const key = event.key;
    if (key === 'ArrowRight' || key === 'ArrowLeft') {
      event.preventDefault();
      seek(stepFrame(frame, (key === 'ArrowRight' ? 1 : -1) * (event.shiftKey ? 10 : 1), frames));
    } else if (key === ' ') {
      event.preventDefault();
      togglePlay();
    } else if (key === ']' || key === '[') {
      event.preventDefault();
      jumpKeyframe(key === ']' ? 1 : -1);
    } else if (key === 'Enter' && (shapeDraft || armed?.type === 'videoevents')) {
      event.preventDefault();
      if (shapeDraft) finishShape();
      else markEvent();
    } else if (key === 'Backspace' && shapeDraft) {
      event.preventDefault();
      setShapeDraft(shapeDraft.points.length > 1 ? { ...shapeDraft, points: shapeDraft.points.slice(0, -1) } : null);
    } else if ((key === 'Delete' || key === 'Backspace') && selectedEvent) {
      event.preventDefault();
      deleteEvent();
    } else if ((key === 'Delete' || key === 'Backspace') && selectedAny) {
      event.preventDefault();
      if (event.shiftKey) deleteTrack();
      else deleteKeyframe();
    } else if (key === 'Escape') {
      // One thing at a time: the shape or event being drawn first, then the picked label and selection.
      if (shapeDraft || pendingEvent) {
        setShapeDraft(null);
        setPendingEvent(null);
        return;
      }
      setArmed(null);
      setSelected(null);
    } else if (key.length === 1) {
      // Label hotkeys of this field's track controls arm (or, pressed again, disarm) the label.
      for (const control of controls) {
        const label = control.labels.find((l) => l.hotkey?.toLowerCase() === key.toLowerCase());
        if (label) pick(control, label.value);
      }
    }
  });
  useEffect(() => {
    if (!windowKeys) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [windowKeys]);

  const pointAt = (event: ReactPointerEvent<HTMLDivElement>) => toPercent(event.clientX, event.clientY, stage.current!.getBoundingClientRect());

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || !stage.current) return;
    video.current?.pause();
    const at = pointAt(event);
    const target = event.target as Element;
    const hit = target.closest('[data-region-id]')?.getAttribute('data-region-id') ?? null;
    // Points of a point track are drawn as key points with ids "track#index".
    const [regionId, pointIndex] = hit?.includes('#') ? [hit.split('#')[0]!, Number(hit.split('#')[1])] : [hit, null];
    if (readOnly) {
      setSelected(regionId);
      return;
    }
    if (shapeDraft && armed) {
      // Drawing a polygon or point set: every click adds a corner; the first corner closes a polygon.
      const first = shapeDraft.points[0];
      if (armed.type === 'videopolygon' && first && shapeDraft.points.length >= 3 && Math.hypot(first.x - at.x, first.y - at.y) < CLOSE_DISTANCE) finishShape();
      else setShapeDraft({ points: [...shapeDraft.points, at], hover: at });
      return;
    }
    const pointTrack = pointTracks.find((tr) => tr.id === regionId);
    const shown = pointTrack ? pointsAt(pointTrack, frame) : null;
    if (pointTrack && shown) {
      const vertexAttr = target.closest('[data-vertex]')?.getAttribute('data-vertex');
      const vertex = pointIndex ?? (vertexAttr != null ? Number(vertexAttr) : null);
      setSelected(pointTrack.id);
      event.currentTarget.setPointerCapture(event.pointerId);
      setPointGesture({ id: pointTrack.id, pointerId: event.pointerId, from: at, points: shown, vertex, moved: false });
      return;
    }
    if (!regionId && armed && (armed.type === 'videopolygon' || armed.type === 'videokeypoint')) {
      setSelected(null);
      setShapeDraft({ points: [at], hover: at });
      return;
    }
    const handle = asHandle(target.closest('[data-handle]')?.getAttribute('data-handle'));
    const track = tracks.find((tr) => tr.id === regionId);
    const box = track ? boxAt(track, frame) : null;
    let next: BoxDrag | null = null;
    if (track && box && handle) next = { kind: 'resize', id: track.id, handle, box };
    else if (track && box) next = { kind: 'move', id: track.id, from: at, box };
    else if (armed?.type === 'videorectangle') next = { kind: 'draw', from: at };
    setSelected(track ? track.id : null);
    if (!next) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setGesture({ ...next, pointerId: event.pointerId, moved: false });
    setDraftBox(next.kind === 'draw' ? null : next.box);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (shapeDraft && stage.current) setShapeDraft({ ...shapeDraft, hover: pointAt(event) });
    if (pointGesture && pointGesture.pointerId === event.pointerId) {
      const at = pointAt(event);
      setDraftPoints(movedPoints(pointGesture.points, pointGesture.vertex !== null ? { kind: 'vertex', index: pointGesture.vertex, to: at } : { kind: 'move', dx: at.x - pointGesture.from.x, dy: at.y - pointGesture.from.y }));
      if (!pointGesture.moved) setPointGesture({ ...pointGesture, moved: true });
      return;
    }
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    setDraftBox(draggedBox(gesture, pointAt(event)));
    if (!gesture.moved) setGesture({ ...gesture, moved: true });
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (pointGesture && pointGesture.pointerId === event.pointerId) {
      const track = pointTracks.find((tr) => tr.id === pointGesture.id);
      if (track && pointGesture.moved && draftPoints) dispatch({ type: 'setTrack', track: withPointKeyframe(track, frame, timeOf(frame), draftPoints) });
      setPointGesture(null);
      setDraftPoints(null);
      return;
    }
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    const box = roundBox(draggedBox(gesture, pointAt(event)));
    setGesture(null);
    setDraftBox(null);
    if (!gesture.moved) return;
    if (gesture.kind === 'draw') {
      if (!armed || isTooSmall(box, stage.current!.getBoundingClientRect())) return;
      const track = newTrack(newResultId(), armed.control, field, armed.label, video0, frame, timeOf(frame), box);
      dispatch({ type: 'setTrack', track });
      setSelected(track.id);
    } else {
      const track = tracks.find((tr) => tr.id === gesture.id);
      if (track && box.width > 0 && box.height > 0) dispatch({ type: 'setTrack', track: withKeyframe(track, frame, timeOf(frame), box) });
    }
  };

  const regions = useMemo<RegionView[]>(
    () => [
      ...tracks.flatMap((tr): RegionView[] => {
        const box = boxAt(tr, frame);
        const value = tr.value.labels[0] ?? '';
        return box ? [{ id: tr.id, control: tr.from_name, color: colorOf(tr.from_name, value), label: titleOf(tr.from_name, value), value, kind: 'rectangle' as const, box, rotation: 0 }] : [];
      }),
      ...pointTracks.flatMap((tr): RegionView[] => {
        const moving = pointGesture?.id === tr.id && draftPoints ? draftPoints : null;
        const points = moving ?? pointsAt(tr, frame);
        const value = tr.value.labels[0] ?? '';
        if (!points) return [];
        const base = { control: tr.from_name, color: colorOf(tr.from_name, value), label: titleOf(tr.from_name, value), value };
        if (tr.type === 'videopolygon') return [{ ...base, id: tr.id, kind: 'polygon' as const, points }];
        return points.map((point, i) => ({ ...base, id: `${tr.id}#${i}`, kind: 'keypoint' as const, point, label: i === 0 ? base.label : '' }));
      }),
    ],
    [tracks, pointTracks, frame, colorOf, titleOf, pointGesture, draftPoints],
  );
  const draftRegion = useMemo<RectangleRegion | null>(() => {
    if (!gesture || !draftBox) return null;
    if (gesture.kind === 'draw') return { id: NEW_TRACK, control: '', color: armed ? colorOf(armed.control, armed.label) : '#888', label: '', value: '', kind: 'rectangle', box: draftBox, rotation: 0 };
    const region = regions.find((r): r is RectangleRegion => r.id === gesture.id && r.kind === 'rectangle');
    return region ? { ...region, box: draftBox } : null;
  }, [gesture, draftBox, regions, armed, colorOf]);
  const timelineTracks = useMemo<TimelineTrack[]>(
    () => [...tracks, ...pointTracks].map((tr) => ({ id: tr.id, label: titleOf(tr.from_name, tr.value.labels[0] ?? ''), color: colorOf(tr.from_name, tr.value.labels[0] ?? ''), sequence: tr.value.sequence })),
    [tracks, pointTracks, colorOf, titleOf],
  );
  const eventLanes = useMemo<TimelineEventLane[]>(
    () =>
      controls
        .filter((c): c is VideoEventsControl => c.type === 'videoevents')
        .map((c) => ({
          control: c.name,
          title: c.title ?? t('video.events'),
          events: events.filter((e) => e.from_name === c.name).map((e) => ({ id: e.id, label: titleOf(c.name, e.value.labels[0] ?? ''), color: colorOf(c.name, e.value.labels[0] ?? ''), start: e.value.start, end: e.value.end })),
          pendingStart: pendingEvent?.control === c.name ? pendingEvent.start : null,
          pendingColor: pendingEvent?.control === c.name ? colorOf(c.name, pendingEvent.label) : '#888',
        })),
    [controls, events, pendingEvent, colorOf, titleOf, t],
  );
  const polygonDraft = useMemo<PolygonDraft | null>(
    () => (shapeDraft && armed ? { points: shapeDraft.points, hover: shapeDraft.hover, color: colorOf(armed.control, armed.label), ...(armed.type === 'videokeypoint' ? { open: true as const } : {}) } : null),
    [shapeDraft, armed, colorOf],
  );
  const selectedControl = selectedAny ? controlOf(selectedAny.from_name) : undefined;
  const attributes = selectedControl && selectedControl.type !== 'videoevents' ? (selectedControl.attributes ?? []) : [];
  const onTimelineSelect = useCallback((id: string) => setSelected(id), []);

  const onKeyframe = selectedAny?.value.sequence.some((k) => k.frame === frame) ?? false;
  const aspect = natural ? natural.width / natural.height : givenWidth && givenHeight ? givenWidth / givenHeight : 16 / 9;
  const width = `min(100%, calc(${maxHeightShare * 100}vh * ${aspect}))`;

  return (
    <div className="video-annotator" data-testid={readOnly ? 'result-video' : 'video-annotator'} data-frame={frame} data-frames={frames} data-field={field}>
      {readOnly
        ? null
        : controls.map((control) => (
            <LabelBar key={control.name} control={control} armed={armed?.control === control.name ? armed.label : null} onPick={(label) => pick(control, label)} />
          ))}
      {failed ? <div className="alert alert-error">{t('video.loadFailed', { url: src })}</div> : null}
      <div
        ref={stage}
        className={armed && armed.type !== 'videoevents' && !readOnly ? 'video-stage drawing' : 'video-stage'}
        style={{ width }}
        data-testid="video-stage"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          setGesture(null);
          setDraftBox(null);
        }}
      >
        <video
          ref={video}
          src={played ?? undefined}
          preload="auto"
          playsInline
          data-testid="video"
          onLoadedMetadata={(e) => {
            setNatural({ width: e.currentTarget.videoWidth, height: e.currentTarget.videoHeight });
            setFileDuration(e.currentTarget.duration);
            e.currentTarget.currentTime = seekTime(times, 1, fps);
          }}
          onPlay={() => setPlaying(true)}
          onPause={(e) => {
            setPlaying(false);
            setFrame(frameAt(times, e.currentTarget.currentTime));
          }}
          // The full copy failing (a blob missing from storage) falls back to the proxy, which has the same frames.
          onError={() => (played !== null && played !== src ? setPlayed(src) : setFailed(true))}
        />
        <RegionOverlay regions={regions} selectedId={selected} draft={draftRegion} polygonDraft={polygonDraft} handles={!readOnly} />
      </div>
      <div className="video-controls" role="toolbar">
        <button type="button" className="btn btn-small" onClick={() => seek(stepFrame(frame, -10, frames))} title={t('video.prevFrame')}>
          «
        </button>
        <button type="button" className="btn btn-small" onClick={() => seek(stepFrame(frame, -1, frames))} title={t('video.prevFrame')} data-testid="video-prev">
          ‹
        </button>
        <button type="button" className="btn btn-small" onClick={togglePlay} data-testid="video-play">
          {playing ? t('video.pause') : t('video.play')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => seek(stepFrame(frame, 1, frames))} title={t('video.nextFrame')} data-testid="video-next">
          ›
        </button>
        <button type="button" className="btn btn-small" onClick={() => seek(stepFrame(frame, 10, frames))} title={t('video.nextFrame')}>
          »
        </button>
        <span className="video-frame" data-testid="video-frame">
          {t('video.frame', { frame, frames })} · {timeOf(frame).toFixed(3)} s
        </span>
        {shapeDraft ? (
          <button type="button" className="btn btn-small" onClick={finishShape} data-testid="video-finish-shape">
            {t('video.finishShape')}
          </button>
        ) : null}
        {armed?.type === 'videoevents' ? (
          <button type="button" className="btn btn-small" onClick={markEvent} data-testid="video-mark-event">
            {pendingEvent ? t('video.endEvent') : t('video.startEvent')}
          </button>
        ) : null}
        {pendingEvent ? <span className="muted small">{t('video.eventPending', { frame: pendingEvent.start })}</span> : null}
        {selectedEvent && !readOnly ? (
          <button type="button" className="btn btn-small btn-danger" onClick={deleteEvent} data-testid="video-delete-event">
            {t('video.deleteEvent')}
          </button>
        ) : null}
        {selectedAny ? (
          <>
            <button type="button" className="btn btn-small" onClick={() => jumpKeyframe(-1)} title={t('video.prevKeyframe')}>
              ⟨◆
            </button>
            <button type="button" className="btn btn-small" onClick={() => jumpKeyframe(1)} title={t('video.nextKeyframe')}>
              ◆⟩
            </button>
            <span className="muted small" data-testid="video-keyframe-state">
              {onKeyframe ? t('video.keyframe') : t('video.interpolated')}
            </span>
          </>
        ) : null}
        {selectedAny && !readOnly ? (
          <>
            <button type="button" className="btn btn-small" disabled={!onKeyframe} onClick={deleteKeyframe} data-testid="video-delete-keyframe">
              {t('video.deleteKeyframe')}
            </button>
            <button type="button" className="btn btn-small" onClick={endTrackHere} data-testid="video-end-track" title="Alt+O">
              {t('video.endTrack')}
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={deleteTrack} data-testid="video-delete-track">
              {t('video.deleteTrack')}
            </button>
          </>
        ) : null}
      </div>
      {selectedAny && attributes.length > 0 ? (
        <div className="video-attributes" data-testid="video-attributes">
          <span className="muted small">{t('video.attributes')}</span>
          {attributes.map((a) => {
            const value = attributeValue(selectedAny, a, frame);
            const shown = value === undefined ? '' : String(value);
            return (
              <label key={a.name} className="small">
                {a.name}
                {a.mutable === true ? <span className="muted"> ({t('video.attributeMutable')})</span> : null}
                {a.type === 'choice' ? (
                  <select value={shown} disabled={readOnly} onChange={(e) => setAttribute(a, e.target.value)} data-testid={`video-attribute-${a.name}`}>
                    <option value="">—</option>
                    {(a.options ?? []).map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : (
                  // Committed on leaving the field (or Enter), so typing is one undo step; the key resets it when the value changes elsewhere.
                  <input
                    key={`${selectedAny.id}:${frame}:${shown}`}
                    type={a.type === 'number' ? 'number' : 'text'}
                    defaultValue={shown}
                    readOnly={readOnly}
                    data-testid={`video-attribute-${a.name}`}
                    onBlur={(e) => {
                      if (e.currentTarget.value !== shown) setAttribute(a, e.currentTarget.value);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') e.currentTarget.blur();
                    }}
                  />
                )}
              </label>
            );
          })}
        </div>
      ) : null}
      {readOnly ? null : <p className="muted small">{t('video.hint')}</p>}
      {!readOnly && controls.some((c) => c.type !== 'videorectangle') ? <p className="muted small">{t('video.shapeHint')}</p> : null}
      <Timeline frames={frames} current={frame} tracks={timelineTracks} selectedId={selected} onSeek={seek} onSelect={onTimelineSelect} eventLanes={eventLanes} onEventEdge={readOnly ? undefined : onEventEdge} />
    </div>
  );
}
