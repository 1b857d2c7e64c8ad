import { memo, useState, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import { visibleRuns } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

/** One track as the timeline shows it (boxes, polygons or points: only frames and visibility matter here). */
export interface TimelineTrack {
  id: string;
  label: string;
  color: string;
  sequence: readonly { frame: number; enabled: boolean }[];
}

/** One event (a labelled frame range) as the timeline shows it. */
export interface TimelineEvent {
  id: string;
  label: string;
  color: string;
  start: number;
  end: number;
}

/** An events control's lane: its events, and the start of one being marked (Enter pressed once). */
export interface TimelineEventLane {
  control: string;
  title: string;
  events: readonly TimelineEvent[];
  pendingStart: number | null;
  pendingColor: string;
}

interface TimelineProps {
  frames: number;
  /** The frame shown now (1-based). */
  current: number;
  tracks: readonly TimelineTrack[];
  selectedId: string | null;
  onSeek: (frame: number) => void;
  onSelect: (id: string) => void;
  eventLanes?: readonly TimelineEventLane[];
  /** An event's edge dragged to `frame` (on release). */
  onEventEdge?: (id: string, edge: 'start' | 'end', frame: number) => void;
}

/** Left edge of `frame` as a percentage of the lane: frame 1 at 0 %, the last frame at 100 %. */
const at = (frame: number, frames: number) => ((frame - 1) / Math.max(frames - 1, 1)) * 100;

/** The frame under the pointer on a lane or the ruler. */
function frameOfPointer(event: ReactPointerEvent<HTMLElement>, frames: number): number {
  const rect = event.currentTarget.getBoundingClientRect();
  const share = rect.width > 0 ? (event.clientX - rect.left) / rect.width : 0;
  return Math.min(frames, Math.max(1, Math.round(share * (frames - 1)) + 1));
}

/**
 * Under the video: a ruler to seek on, and one lane per track with the frames where it shows a box (bars)
 * and its keyframes (diamonds, which select the track and jump to their frame). Memoised: playback
 * moves only the playhead, which is its own element.
 */
export const Timeline = memo(function Timeline({ frames, current, tracks, selectedId, onSeek, onSelect, eventLanes = [], onEventEdge }: TimelineProps) {
  const t = useT();
  const playhead: CSSProperties = { left: `${at(current, frames)}%` };
  // An event edge being dragged: shown at the pointer's frame, committed on release.
  const [edgeDrag, setEdgeDrag] = useState<{ id: string; edge: 'start' | 'end'; frame: number; pointerId: number } | null>(null);
  const shown = (e: TimelineEvent): { start: number; end: number } => {
    if (edgeDrag?.id !== e.id) return e;
    return edgeDrag.edge === 'start' ? { start: Math.min(edgeDrag.frame, e.end), end: e.end } : { start: e.start, end: Math.max(edgeDrag.frame, e.start) };
  };
  return (
    <div className="video-timeline" aria-label={t('video.timeline')} data-testid="video-timeline">
      <div className="timeline-row">
        <span className="timeline-name muted small">{t('video.frame', { frame: current, frames })}</span>
        <div className="timeline-lane timeline-ruler" data-testid="timeline-ruler" onPointerDown={(e) => onSeek(frameOfPointer(e, frames))}>
          <span className="timeline-playhead" style={playhead} />
        </div>
      </div>
      {tracks.length === 0 ? <p className="muted small">{t('video.noTracks')}</p> : null}
      {tracks.map((track) => (
        <div key={track.id} className={track.id === selectedId ? 'timeline-row selected' : 'timeline-row'} data-testid="timeline-track" data-track-id={track.id}>
          <button type="button" className="timeline-name label-chip" style={{ '--label-color': track.color } as CSSProperties} onClick={() => onSelect(track.id)}>
            {track.label}
          </button>
          <div className="timeline-lane" onPointerDown={(e) => onSeek(frameOfPointer(e, frames))}>
            {visibleRuns(track.sequence, frames).map(([first, last]) => (
              <span key={first} className="timeline-run" style={{ left: `${at(first, frames)}%`, width: `${at(last, frames) - at(first, frames)}%`, background: track.color }} />
            ))}
            {track.sequence.map((k) => (
              <button
                type="button"
                key={k.frame}
                className={k.enabled ? 'timeline-key' : 'timeline-key ends'}
                style={{ left: `${at(k.frame, frames)}%`, borderColor: track.color }}
                title={`${t('video.keyframe')} ${k.frame}`}
                data-testid="timeline-keyframe"
                data-frame={k.frame}
                onPointerDown={(e) => e.stopPropagation()}
                onClick={() => {
                  onSelect(track.id);
                  onSeek(k.frame);
                }}
              />
            ))}
            <span className="timeline-playhead" style={playhead} />
          </div>
        </div>
      ))}
      {eventLanes.map((lane) => (
        <div key={lane.control} className="timeline-row timeline-events" data-testid="timeline-events" data-control={lane.control}>
          <span className="timeline-name muted small">{lane.title}</span>
          <div
            className="timeline-lane"
            onPointerDown={(e) => onSeek(frameOfPointer(e, frames))}
            onPointerMove={(e) => {
              if (edgeDrag && edgeDrag.pointerId === e.pointerId) setEdgeDrag({ ...edgeDrag, frame: frameOfPointer(e, frames) });
            }}
            onPointerUp={(e) => {
              if (!edgeDrag || edgeDrag.pointerId !== e.pointerId) return;
              onEventEdge?.(edgeDrag.id, edgeDrag.edge, edgeDrag.frame);
              setEdgeDrag(null);
            }}
          >
            {lane.events.length === 0 && lane.pendingStart === null ? <span className="muted small timeline-empty">{t('video.noEvents')}</span> : null}
            {lane.events.map((event) => {
              const { start, end } = shown(event);
              return (
                <span
                  key={event.id}
                  className={event.id === selectedId ? 'timeline-event selected' : 'timeline-event'}
                  style={{ left: `${at(start, frames)}%`, width: `max(4px, ${at(end, frames) - at(start, frames)}%)`, background: event.color }}
                  title={`${event.label} ${start}–${end}`}
                  data-testid="timeline-event"
                  data-event-id={event.id}
                  data-start={start}
                  data-end={end}
                  onPointerDown={(e) => {
                    e.stopPropagation();
                    onSelect(event.id);
                    // Near an edge: drag it; elsewhere: select and seek to the start.
                    const rect = e.currentTarget.getBoundingClientRect();
                    const edge = e.clientX - rect.left < 6 ? 'start' : rect.right - e.clientX < 6 ? 'end' : null;
                    if (edge && onEventEdge) {
                      e.currentTarget.parentElement?.setPointerCapture(e.pointerId);
                      setEdgeDrag({ id: event.id, edge, frame: edge === 'start' ? start : end, pointerId: e.pointerId });
                    } else onSeek(start);
                  }}
                >
                  <span className="timeline-event-label">{event.label}</span>
                </span>
              );
            })}
            {lane.pendingStart !== null ? (
              <span className="timeline-event pending" data-testid="timeline-event-pending" style={{ left: `${at(Math.min(lane.pendingStart, current), frames)}%`, width: `${Math.abs(at(current, frames) - at(lane.pendingStart, frames))}%`, borderColor: lane.pendingColor }} />
            ) : null}
            <span className="timeline-playhead" style={playhead} />
          </div>
        </div>
      ))}
    </div>
  );
});
