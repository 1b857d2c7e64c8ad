import { memo, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import { visibleRuns, type VideoKeyframe } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

/** One track as the timeline shows it. */
export interface TimelineTrack {
  id: string;
  label: string;
  color: string;
  sequence: readonly VideoKeyframe[];
}

interface TimelineProps {
  frames: number;
  /** The frame shown now (1-based). */
  current: number;
  tracks: readonly TimelineTrack[];
  selectedId: string | null;
  onSeek: (frame: number) => void;
  onSelect: (id: string) => void;
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
export const Timeline = memo(function Timeline({ frames, current, tracks, selectedId, onSeek, onSelect }: TimelineProps) {
  const t = useT();
  const playhead: CSSProperties = { left: `${at(current, frames)}%` };
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
    </div>
  );
});
