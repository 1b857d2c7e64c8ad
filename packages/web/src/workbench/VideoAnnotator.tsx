import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { AnnotationResult, VideoRectangleControl, VideoRectangleResultItem } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import type { AnnotationAction } from './annotation-state.ts';
import { newResultId } from './annotation-state.ts';
import { asHandle, draggedBox, isTooSmall, roundBox, toPercent, type Box, type BoxDrag } from './box-geometry.ts';
import { isTypingTarget } from './hotkey-target.ts';
import { LabelBar } from './LabelBar.tsx';
import type { RectangleRegion } from './region-view.ts';
import { RegionOverlay } from './RegionOverlay.tsx';
import { Timeline, type TimelineTrack } from './Timeline.tsx';
import { boxAt, evenTimes, frameAt, neighbourKeyframe, newTrack, seekTime, stepFrame, tracksOn, withKeyframe, withoutKeyframe } from './video-track.ts';

export interface VideoAnnotatorProps {
  field: string;
  src: string;
  /** From the task data media intake wrote; absent for videos imported by URL (then read from the file, 25 fps assumed). */
  fps: number | undefined;
  frames: number | undefined;
  duration: number | undefined;
  controls: readonly VideoRectangleControl[];
  result: AnnotationResult;
  dispatch: (action: AnnotationAction) => void;
  colorOf: (control: string, value: string) => string;
  titleOf: (control: string, value: string) => string;
  /** Whether this component listens to the keyboard on the whole window (the workbench, not the config preview). */
  windowKeys: boolean;
  /** Tallest the picture may be, as a share of the window height. */
  maxHeightShare?: number;
}

interface Armed {
  control: string;
  label: string;
}

type Gesture = BoxDrag & { pointerId: number; moved: boolean };

const NEW_TRACK = '\u0000new-track';
const FALLBACK_FPS = 25;

/** The frame index the server made at intake (`/api/v1/media/{sha}/frames`), or null for a video from elsewhere. */
async function loadFrameIndex(src: string): Promise<number[] | null> {
  if (!src.startsWith('/api/v1/media/')) return null;
  const response = await fetch(`${src.split('?')[0] ?? src}/frames`, { credentials: 'same-origin' });
  if (!response.ok) return null;
  const index = (await response.json()) as { times?: unknown };
  return Array.isArray(index.times) && index.times.every((v) => typeof v === 'number') ? (index.times as number[]) : null;
}

/**
 * A video field of the workbench: the <video> element stepped frame by frame through the frame index (so
 * "frame 37" is the same picture for every annotator and for export), tracks drawn as boxes on the current
 * frame, interpolated between keyframes, and a timeline of every track's keyframes. Box geometry and the
 * shapes overlay are the image workbench's; a track's result item is rewritten whole on each edit (one
 * undo step).
 */
export function VideoAnnotator({ field, src, fps: givenFps, frames: givenFrames, duration: givenDuration, controls, result, dispatch, colorOf, titleOf, windowKeys, maxHeightShare = 0.6 }: VideoAnnotatorProps) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<number[] | null>(null);
  const [fileDuration, setFileDuration] = useState<number | null>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [frame, setFrame] = useState(1);
  const [playing, setPlaying] = useState(false);
  const [failed, setFailed] = useState(false);
  const [armed, setArmed] = useState<Armed | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [draftBox, setDraftBox] = useState<Box | null>(null);

  const fps = givenFps ?? FALLBACK_FPS;
  const duration = givenDuration ?? fileDuration ?? 0;
  const times = useMemo(() => index ?? evenTimes(givenFrames ?? Math.max(1, Math.round(duration * fps)), fps), [index, givenFrames, duration, fps]);
  const frames = times.length;

  useEffect(() => {
    let live = true;
    setIndex(null);
    setFrame(1);
    setFailed(false);
    loadFrameIndex(src)
      .then((loaded) => {
        if (live) setIndex(loaded);
      })
      // Without the index, frames are spaced at 1/fps: right for constant-rate video, which is nearly all.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [src]);

  const tracks = useMemo(() => tracksOn(result, field), [result, field]);
  const selectedTrack = tracks.find((tr) => tr.id === selected) ?? null;

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

  const setTrack = (track: VideoRectangleResultItem | null, id: string) => {
    if (track) dispatch({ type: 'setTrack', track });
    else {
      dispatch({ type: 'remove', id });
      setSelected(null);
    }
  };
  const deleteKeyframe = () => {
    if (selectedTrack && selectedTrack.value.sequence.some((k) => k.frame === frame)) setTrack(withoutKeyframe(selectedTrack, frame), selectedTrack.id);
  };
  const deleteTrack = () => {
    if (selectedTrack) setTrack(null, selectedTrack.id);
  };
  // Label Studio's "lifespan" toggle: a disabled keyframe here hides the box from the next frame on.
  const endTrackHere = () => {
    const box = selectedTrack ? boxAt(selectedTrack, frame) : null;
    if (selectedTrack && box) setTrack(withKeyframe(selectedTrack, frame, timeOf(frame), box, false), selectedTrack.id);
  };
  const jumpKeyframe = (direction: 1 | -1) => {
    const to = selectedTrack ? neighbourKeyframe(selectedTrack.value.sequence, frame, direction) : null;
    if (to !== null) seek(to);
  };

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (isTypingTarget(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
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
    } else if ((key === 'Delete' || key === 'Backspace') && selectedTrack) {
      event.preventDefault();
      if (event.shiftKey) deleteTrack();
      else deleteKeyframe();
    } else if (key === 'Escape') {
      setArmed(null);
      setSelected(null);
    } else if (key.length === 1) {
      // Label hotkeys of this field's track controls arm (or, pressed again, disarm) the label.
      for (const control of controls) {
        const label = control.labels.find((l) => l.hotkey?.toLowerCase() === key.toLowerCase());
        if (label) setArmed((a) => (a?.control === control.name && a.label === label.value ? null : { control: control.name, label: label.value }));
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
    const regionId = target.closest('[data-region-id]')?.getAttribute('data-region-id') ?? null;
    const handle = asHandle(target.closest('[data-handle]')?.getAttribute('data-handle'));
    const track = tracks.find((tr) => tr.id === regionId);
    const box = track ? boxAt(track, frame) : null;
    let next: BoxDrag | null = null;
    if (track && box && handle) next = { kind: 'resize', id: track.id, handle, box };
    else if (track && box) next = { kind: 'move', id: track.id, from: at, box };
    else if (armed) next = { kind: 'draw', from: at };
    setSelected(track ? track.id : null);
    if (!next) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setGesture({ ...next, pointerId: event.pointerId, moved: false });
    setDraftBox(next.kind === 'draw' ? null : next.box);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    setDraftBox(draggedBox(gesture, pointAt(event)));
    if (!gesture.moved) setGesture({ ...gesture, moved: true });
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
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

  const regions = useMemo<RectangleRegion[]>(
    () =>
      tracks.flatMap((tr) => {
        const box = boxAt(tr, frame);
        const value = tr.value.labels[0] ?? '';
        return box ? [{ id: tr.id, control: tr.from_name, color: colorOf(tr.from_name, value), label: titleOf(tr.from_name, value), value, kind: 'rectangle' as const, box, rotation: 0 }] : [];
      }),
    [tracks, frame, colorOf, titleOf],
  );
  const draftRegion = useMemo<RectangleRegion | null>(() => {
    if (!gesture || !draftBox) return null;
    if (gesture.kind === 'draw') return { id: NEW_TRACK, control: '', color: armed ? colorOf(armed.control, armed.label) : '#888', label: '', value: '', kind: 'rectangle', box: draftBox, rotation: 0 };
    const region = regions.find((r) => r.id === gesture.id);
    return region ? { ...region, box: draftBox } : null;
  }, [gesture, draftBox, regions, armed, colorOf]);
  const timelineTracks = useMemo<TimelineTrack[]>(
    () => tracks.map((tr) => ({ id: tr.id, label: titleOf(tr.from_name, tr.value.labels[0] ?? ''), color: colorOf(tr.from_name, tr.value.labels[0] ?? ''), sequence: tr.value.sequence })),
    [tracks, colorOf, titleOf],
  );
  const onTimelineSelect = useCallback((id: string) => setSelected(id), []);

  const onKeyframe = selectedTrack?.value.sequence.some((k) => k.frame === frame) ?? false;
  const aspect = natural ? natural.width / natural.height : 16 / 9;
  const width = `min(100%, calc(${maxHeightShare * 100}vh * ${aspect}))`;

  return (
    <div className="video-annotator" data-testid="video-annotator" data-frame={frame} data-frames={frames}>
      {controls.map((control) => (
        <LabelBar key={control.name} control={control} armed={armed?.control === control.name ? armed.label : null} onPick={(label) => setArmed((a) => (a?.control === control.name && a.label === label ? null : { control: control.name, label }))} />
      ))}
      {failed ? <div className="alert alert-error">{t('video.loadFailed', { url: src })}</div> : null}
      <div
        ref={stage}
        className={armed ? 'video-stage drawing' : 'video-stage'}
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
          src={src}
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
          onError={() => setFailed(true)}
        />
        <RegionOverlay regions={regions} selectedId={selected} draft={draftRegion} handles />
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
        {selectedTrack ? (
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
            <button type="button" className="btn btn-small" disabled={!onKeyframe} onClick={deleteKeyframe} data-testid="video-delete-keyframe">
              {t('video.deleteKeyframe')}
            </button>
            <button type="button" className="btn btn-small" onClick={endTrackHere}>
              {t('video.endTrack')}
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={deleteTrack} data-testid="video-delete-track">
              {t('video.deleteTrack')}
            </button>
          </>
        ) : null}
      </div>
      <p className="muted small">{t('video.hint')}</p>
      <Timeline frames={frames} current={frame} tracks={timelineTracks} selectedId={selected} onSeek={seek} onSelect={onTimelineSelect} />
    </div>
  );
}
