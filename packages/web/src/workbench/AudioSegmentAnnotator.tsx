import { useCallback, useContext, useEffect, useEffectEvent, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { AnnotationResult, AudioSegmentResultItem, ChoicesControl, LabelsControl, TextAreaControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { newResultId, type AnnotationAction } from './annotation-state.ts';
import { isTypingTarget } from './hotkey-target.ts';
import { LabelBar } from './LabelBar.tsx';
import { addSegment, mergeWithNext, nudgeEdge, regionChoice, regionText, relabelSegment, segmentAt, segmentsOn, setRegionChoice, setRegionText, splitSegment } from './segment-edit.ts';
import { columnsOf, parsePeaks, type Peaks } from './waveform-peaks.ts';
import { EDGE_GRAB_PX, edgeAt } from './segment-drag.ts';
import { Spectrogram } from './Spectrogram.tsx';
import { LowConfidenceWords, PredictionMetaContext, transcriptWordsOf } from './word-confidence.tsx';

export interface AudioSegmentAnnotatorProps {
  field: string;
  src: string;
  /** The clip's length from the task data (media intake writes it); else read from the file. */
  duration: number | undefined;
  /** The labels controls drawing segments on this field. */
  controls: readonly LabelsControl[];
  /** The per-region transcript and speaker controls of this field, if the config has them. */
  transcript: TextAreaControl | undefined;
  speaker: ChoicesControl | undefined;
  result: AnnotationResult;
  dispatch: (action: AnnotationAction) => void;
  colorOf: (control: string, value: string) => string;
  titleOf: (control: string, value: string) => string;
  /** Whether keys are read on the whole window (the workbench) or only inside this component (preview). */
  windowKeys: boolean;
  /** Told which segment is selected (a model suggestion is asked about it, docs/models.md). */
  onSelectedChange?: (id: string | null) => void;
}

interface Armed {
  control: string;
  label: string;
}

/** Playback speeds offered (the 0.5–2×). */
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
/** How far the nudge keys move a boundary, in seconds (Shift: ten times as far). */
const NUDGE = 0.05;
/** Zoom: each step doubles or halves the pixels per second, between "whole clip fits" and this. */
const MAX_PX_PER_SECOND = 2000;
const WAVE_HEIGHT = 120;

async function loadPeaks(src: string): Promise<Peaks | null> {
  // Only recordings stored by media intake have server-made peaks; a URL from elsewhere plays without a waveform.
  if (!src.startsWith('/api/v1/media/')) return null;
  const response = await fetch(`${src.split('?')[0] ?? src}/peaks`, { credentials: 'same-origin' });
  if (!response.ok) return null;
  return parsePeaks(await response.arrayBuffer());
}

/** Buttons take no focus, so Space and Enter keep meaning play and mark rather than pressing the button again. */
const keepFocus = (event: { preventDefault: () => void }) => event.preventDefault();

function formatTime(t: number): string {
  const minutes = Math.floor(t / 60);
  const seconds = t - minutes * 60;
  return `${minutes}:${seconds.toFixed(2).padStart(5, '0')}`;
}

/**
 * An audio field with time segments: the waveform drawn from the server's peaks (zoomable, scrolled with the
 * play cursor), the recording played at 0.5–2×, segments drawn by dragging or marked at the play cursor,
 * labelled, split, merged, nudged and replayed, each with its transcript and speaker. Every action has a
 * key (listed in the shortcut help); every edit is one step of the workbench's undo history.
 */
export function AudioSegmentAnnotator({ field, src, duration: givenDuration, controls, transcript, speaker, result, dispatch, colorOf, titleOf, windowKeys, onSelectedChange }: AudioSegmentAnnotatorProps) {
  const t = useT();
  const audio = useRef<HTMLAudioElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [peaks, setPeaks] = useState<Peaks | null>(null);
  const [fileDuration, setFileDuration] = useState<number | null>(null);
  const [width, setWidth] = useState(800);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [zoom, setZoom] = useState(0);
  const [viewStart, setViewStart] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const first = controls[0];
  const [armed, setArmed] = useState<Armed | null>(first?.labels[0] ? { control: first.name, label: first.labels[0].value } : null);
  const [markIn, setMarkIn] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number; pointerId: number } | null>(null);
  /** A segment edge being dragged with the mouse: where it is now (shown live, stored on release). */
  const [edgeDrag, setEdgeDrag] = useState<{ id: string; edge: 'start' | 'end'; from: number; at: number; pointerId: number } | null>(null);
  const [edgeHover, setEdgeHover] = useState(false);
  const [showSpectrogram, setShowSpectrogram] = useState(false);
  const predictionMeta = useContext(PredictionMetaContext);
  /** Where playback stops by itself (replaying a segment). */
  const stopAt = useRef<number | null>(null);

  const duration = givenDuration ?? fileDuration ?? 0;
  const known = duration > 0 ? duration : null;
  const fitPxPerSecond = duration > 0 ? width / duration : 100;
  const pxPerSecond = Math.min(MAX_PX_PER_SECOND, fitPxPerSecond * 2 ** zoom);
  const visible = width / pxPerSecond;
  const segments = useMemo(() => segmentsOn(result, field), [result, field]);
  const selectedSegment = segments.find((s) => s.id === selected) ?? null;
  useEffect(() => onSelectedChange?.(selectedSegment?.id ?? null), [selectedSegment, onSelectedChange]);

  useEffect(() => {
    let live = true;
    setPeaks(null);
    loadPeaks(src)
      .then((loaded) => {
        if (live) setPeaks(loaded);
      })
      // No peaks (an old upload, a network error): the recording still plays, the waveform stays flat.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [src]);

  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(200, Math.floor(el.clientWidth))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed]);

  // While playing, follow the audio clock every frame (timeupdate fires only about four times a second).
  useEffect(() => {
    const el = audio.current;
    if (!el || !playing) return;
    let handle = 0;
    const follow = () => {
      if (stopAt.current !== null && el.currentTime >= stopAt.current) {
        el.pause();
        stopAt.current = null;
      }
      setTime(el.currentTime);
      handle = requestAnimationFrame(follow);
    };
    handle = requestAnimationFrame(follow);
    return () => cancelAnimationFrame(handle);
  }, [playing]);

  // Keep the play cursor in view: page on when it leaves the window.
  useEffect(() => {
    if (time < viewStart || time > viewStart + visible) setViewStart(Math.max(0, Math.min(time - visible * 0.1, Math.max(0, duration - visible))));
  }, [time, viewStart, visible, duration]);

  // The waveform: one min/max bar per pixel column of the visible window.
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(WAVE_HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, WAVE_HEIGHT);
    const mid = WAVE_HEIGHT / 2;
    ctx.fillStyle = '#3b6fb6';
    if (!peaks) {
      ctx.fillRect(0, mid, width, 1);
      return;
    }
    const { min, max } = columnsOf(peaks, viewStart, 1 / pxPerSecond, width);
    for (let x = 0; x < width; x++) {
      const top = mid - max[x]! * mid;
      const bottom = mid - min[x]! * mid;
      ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }, [peaks, width, viewStart, pxPerSecond]);

  const seek = useCallback(
    (to: number) => {
      const target = Math.max(0, known === null ? to : Math.min(known, to));
      if (audio.current) audio.current.currentTime = target;
      setTime(target);
    },
    [known],
  );

  const togglePlay = () => {
    const el = audio.current;
    if (!el) return;
    stopAt.current = null;
    if (el.paused) void el.play().catch(() => undefined);
    else el.pause();
  };

  const edit = (next: AnnotationResult) => dispatch({ type: 'edit', result: next });

  const create = (from: number, to: number) => {
    const control = controls.find((c) => c.name === armed?.control) ?? first;
    const label = armed?.label ?? first?.labels[0]?.value;
    if (!control || label === undefined) return;
    const id = newResultId();
    const next = addSegment(result, { id, fromName: control.name, toName: field, from, to, label, duration: known });
    if (next === result) return;
    edit(next);
    setSelected(id);
  };

  /** Enter: the first press marks where a segment starts (the play cursor), the second where it ends. */
  const mark = () => {
    if (markIn === null) {
      setMarkIn(time);
      return;
    }
    create(markIn, time);
    setMarkIn(null);
  };

  const pickLabel = (control: LabelsControl, label: string) => {
    // As with boxes: a label relabels the selected segment, and is picked for the next ones either way.
    if (selectedSegment && selectedSegment.from_name === control.name) edit(relabelSegment(result, selectedSegment.id, label));
    setArmed({ control: control.name, label });
  };

  const split = () => {
    const target = selectedSegment ?? segmentAt(result, field, time);
    if (!target) return;
    const next = splitSegment(result, target.id, time, newResultId());
    if (next !== result) edit(next);
  };

  const merge = () => {
    if (!selectedSegment) return;
    const next = mergeWithNext(result, selectedSegment.id, transcript?.unit === 'word' ? ' ' : '');
    if (next !== result) edit(next);
  };

  const replay = (segment: AudioSegmentResultItem | null = selectedSegment) => {
    const el = audio.current;
    if (!segment || !el) return;
    seek(segment.value.start);
    stopAt.current = segment.value.end;
    void el.play().catch(() => undefined);
  };

  const nudge = (edge: 'start' | 'end', delta: number) => {
    if (!selectedSegment) return;
    const next = nudgeEdge(result, selectedSegment.id, edge, delta, known);
    if (next !== result) edit(next);
  };

  const remove = () => {
    if (!selectedSegment) return;
    dispatch({ type: 'remove', id: selectedSegment.id });
    setSelected(null);
  };

  const selectNeighbour = (step: 1 | -1) => {
    const k = segments.findIndex((s) => s.id === selected);
    const next = segments[k === -1 ? (step === 1 ? 0 : segments.length - 1) : k + step];
    if (next) {
      setSelected(next.id);
      seek(next.value.start);
    }
  };

  const changeSpeed = (step: 1 | -1) => {
    const k = SPEEDS.indexOf(speed as (typeof SPEEDS)[number]);
    setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (k === -1 ? 2 : k) + step))]!);
  };

  const changeZoom = (step: 1 | -1) => setZoom((z) => Math.max(0, Math.min(Math.ceil(Math.log2(MAX_PX_PER_SECOND / fitPxPerSecond)), z + step)));

  /** Handles one key; true when it was this component's. */
  const handleKey = (event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>): boolean => {
    if (isTypingTarget(event.target) || event.ctrlKey || event.metaKey) return false;
    const { key } = event;
    if (event.altKey) {
      // By key position, since Alt changes the character on macOS; Alt+S, Alt+C and Alt+M belong to the workbench.
      if (event.code === 'KeyX') split();
      else if (event.code === 'KeyJ') merge();
      else if (event.code === 'KeyR') replay();
      else if (event.code === 'KeyN') selectNeighbour(1);
      else if (event.code === 'KeyP') selectNeighbour(-1);
      else if (event.code === 'KeyG') setShowSpectrogram((on) => !on);
      else return false;
      return true;
    }
    if (key === ' ') togglePlay();
    else if (key === 'Enter') mark();
    else if (key === 'ArrowLeft' || key === 'ArrowRight') seek(time + (key === 'ArrowRight' ? 1 : -1) * (event.shiftKey ? 5 : 1));
    else if (key === '[' || key === ']') nudge('start', (key === ']' ? 1 : -1) * NUDGE);
    else if (key === '{' || key === '}') nudge('end', (key === '}' ? 1 : -1) * NUDGE);
    else if (key === ';' || key === "'") nudge('end', (key === "'" ? 1 : -1) * NUDGE);
    else if (key === '<' || key === '>') changeSpeed(key === '>' ? 1 : -1);
    else if (key === '=' || key === '+' || key === '-') changeZoom(key === '-' ? -1 : 1);
    else if ((key === 'Delete' || key === 'Backspace') && selectedSegment) remove();
    else if (key === 'Escape' && (markIn !== null || selected !== null)) {
      setMarkIn(null);
      setSelected(null);
    } else if (key.length === 1) {
      for (const control of controls) {
        const label = control.labels.find((l) => l.hotkey?.toLowerCase() === key.toLowerCase());
        if (label) {
          pickLabel(control, label.value);
          return true;
        }
      }
      return false;
    } else return false;
    return true;
  };

  const onWindowKey = useEffectEvent((event: KeyboardEvent) => {
    if (!event.defaultPrevented && handleKey(event)) event.preventDefault();
  });
  useEffect(() => {
    if (!windowKeys) return;
    const listener = (event: KeyboardEvent) => onWindowKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [windowKeys]);
  const onContainerKey = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (!windowKeys && !event.defaultPrevented && handleKey(event.nativeEvent)) event.preventDefault();
  };

  const timeAt = (clientX: number) => {
    const rect = stage.current!.getBoundingClientRect();
    return Math.max(0, viewStart + (clientX - rect.left) / pxPerSecond);
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || !stage.current) return;
    const at = timeAt(event.clientX);
    stage.current.setPointerCapture(event.pointerId);
    // Near a segment's edge the mouse moves that edge (as [ ] and ; ' do by steps) instead of drawing a new segment.
    const grab = edgeAt(segments, at, EDGE_GRAB_PX / pxPerSecond, selected);
    if (grab) {
      setSelected(grab.id);
      setEdgeDrag({ id: grab.id, edge: grab.edge, from: grab.at, at: grab.at, pointerId: event.pointerId });
      return;
    }
    setDrag({ from: at, to: at, pointerId: event.pointerId });
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (edgeDrag && edgeDrag.pointerId === event.pointerId) setEdgeDrag({ ...edgeDrag, at: timeAt(event.clientX) });
    else if (drag && drag.pointerId === event.pointerId) setDrag({ ...drag, to: timeAt(event.clientX) });
    else if (!drag && !edgeDrag) setEdgeHover(edgeAt(segments, timeAt(event.clientX), EDGE_GRAB_PX / pxPerSecond, selected) !== null);
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (edgeDrag && edgeDrag.pointerId === event.pointerId) {
      setEdgeDrag(null);
      // One undo step per drag; setBounds (via nudgeEdge) keeps the edge inside the clip and the segment a minimum length.
      const next = nudgeEdge(result, edgeDrag.id, edgeDrag.edge, timeAt(event.clientX) - edgeDrag.from, known);
      if (next !== result) edit(next);
      return;
    }
    if (!drag || drag.pointerId !== event.pointerId) return;
    const to = timeAt(event.clientX);
    setDrag(null);
    // A click (no real drag) moves the play cursor and selects the segment under it.
    if (Math.abs(to - drag.from) * pxPerSecond < 4) {
      seek(to);
      setSelected(segmentAt(result, field, to)?.id ?? null);
      return;
    }
    create(drag.from, to);
  };

  const x = (at: number) => (at - viewStart) * pxPerSecond;
  const draft = drag && Math.abs(drag.to - drag.from) * pxPerSecond >= 4 ? { from: Math.min(drag.from, drag.to), to: Math.max(drag.from, drag.to) } : markIn !== null ? { from: Math.min(markIn, time), to: Math.max(markIn, time) } : null;

  return (
    <div className="audio-segments" data-testid="audio-segments" data-field={field} onKeyDown={onContainerKey}>
      <audio
        ref={audio}
        src={src}
        preload="metadata"
        data-testid="audio-element"
        onLoadedMetadata={(e) => setFileDuration(Number.isFinite(e.currentTarget.duration) ? e.currentTarget.duration : null)}
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onTimeUpdate={(e) => {
          if (!playing) setTime(e.currentTarget.currentTime);
        }}
      />
      <div className="audio-toolbar" role="toolbar" aria-label={t('audio.toolbar')}>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={togglePlay} data-testid="audio-play" title={t('audio.playHint')}>
          {playing ? t('video.pause') : t('video.play')}
        </button>
        <span className="audio-time" data-testid="audio-time">
          {formatTime(time)} / {formatTime(duration)}
        </span>
        <label className="small">
          {t('audio.speed')}{' '}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="audio-speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={() => changeZoom(-1)} disabled={zoom === 0} data-testid="audio-zoom-out" title="-">
          {t('audio.zoomOut')}
        </button>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={() => changeZoom(1)} data-testid="audio-zoom-in" title="=">
          {t('audio.zoomIn')}
        </button>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={mark} data-testid="audio-mark" title="Enter" aria-pressed={markIn !== null}>
          {markIn === null ? t('audio.markIn') : t('audio.markOut')}
        </button>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={split} data-testid="audio-split" title="Alt+X">
          {t('audio.split')}
        </button>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={merge} disabled={!selectedSegment} data-testid="audio-merge" title="Alt+J">
          {t('audio.merge')}
        </button>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={() => replay()} disabled={!selectedSegment} data-testid="audio-replay" title="Alt+R">
          {t('audio.replay')}
        </button>
        <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={() => setShowSpectrogram((on) => !on)} aria-pressed={showSpectrogram} data-testid="audio-spectrogram" title={t('audio.spectrogramHint')}>
          {t('audio.spectrogram')}
        </button>
      </div>
      {controls.map((control) => (
        <LabelBar key={control.name} control={control} armed={armed?.control === control.name ? armed.label : null} onPick={(label) => pickLabel(control, label)} />
      ))}
      <div
        ref={stage}
        className={edgeDrag ? 'waveform edge-dragging' : edgeHover ? 'waveform edge-hover' : 'waveform'}
        style={{ height: WAVE_HEIGHT }}
        data-testid="waveform"
        data-px-per-second={pxPerSecond}
        data-view-start={viewStart}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
      >
        <canvas ref={canvas} style={{ width, height: WAVE_HEIGHT }} data-testid="waveform-canvas" data-peaks={peaks ? peaks.length : 0} />
        {segments.map((s) => {
          const dragged = edgeDrag?.id === s.id ? edgeDrag : null;
          const left = x(dragged?.edge === 'start' ? Math.min(dragged.at, s.value.end) : s.value.start);
          const right = x(dragged?.edge === 'end' ? Math.max(dragged.at, s.value.start) : s.value.end);
          if (right < 0 || left > width) return null;
          const label = s.value.labels[0] ?? '';
          return (
            <div
              key={s.id}
              className={s.id === selected ? 'waveform-segment selected' : 'waveform-segment'}
              style={{ left: Math.max(0, left), width: Math.max(2, Math.min(width, right) - Math.max(0, left)), background: `${colorOf(s.from_name, label)}33`, borderColor: colorOf(s.from_name, label) }}
              data-testid="audio-segment"
              data-id={s.id}
              data-start={s.value.start}
              data-end={s.value.end}
              data-label={label}
              title={`${titleOf(s.from_name, label)} ${formatTime(s.value.start)}–${formatTime(s.value.end)}`}
            >
              <span className="waveform-segment-label">{titleOf(s.from_name, label)}</span>
            </div>
          );
        })}
        {draft ? <div className="waveform-draft" style={{ left: x(draft.from), width: Math.max(1, (draft.to - draft.from) * pxPerSecond) }} /> : null}
        <div className="waveform-cursor" style={{ left: x(time) }} data-testid="audio-cursor" />
      </div>
      {showSpectrogram ? <Spectrogram src={src} start={viewStart} seconds={visible} width={width} /> : null}
      {zoom > 0 && duration > visible ? (
        <input type="range" className="waveform-scroll" min={0} max={Math.max(0, duration - visible)} step={visible / 20} value={viewStart} onChange={(e) => setViewStart(e.target.valueAsNumber)} aria-label={t('audio.scroll')} data-testid="waveform-scroll" />
      ) : null}
      <ol className="segment-list" data-testid="segment-list">
        {segments.length === 0 ? <li className="muted small">{t('audio.noSegments')}</li> : null}
        {segments.map((s, n) => {
          const label = s.value.labels[0] ?? '';
          return (
            <li key={s.id} className={s.id === selected ? 'segment-row selected' : 'segment-row'} data-testid="segment-row" data-id={s.id}>
              <button type="button" className="segment-time" onClick={() => { setSelected(s.id); seek(s.value.start); }} title={t('audio.selectSegment')}>
                {n + 1}. {formatTime(s.value.start)}–{formatTime(s.value.end)}
              </button>
              <span className="label-chip" style={{ borderColor: colorOf(s.from_name, label) }}>
                {titleOf(s.from_name, label)}
              </span>
              <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={() => replay(s)} title="Alt+R" data-testid="segment-replay">
                ▶
              </button>
              {speaker ? (
                <select
                  value={regionChoice(result, s.id, speaker.name) ?? ''}
                  onChange={(e) => edit(setRegionChoice(result, s, speaker.name, e.target.value === '' ? null : e.target.value))}
                  aria-label={speaker.title ?? speaker.name}
                  data-testid="segment-speaker"
                >
                  <option value="">{t('audio.noSpeaker')}</option>
                  {speaker.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.title ?? o.value}
                    </option>
                  ))}
                </select>
              ) : null}
              {transcript ? (
                <textarea
                  className="segment-transcript"
                  rows={1}
                  value={regionText(result, s.id, transcript.name)}
                  placeholder={transcript.placeholder ?? transcript.title ?? transcript.name}
                  onFocus={() => setSelected(s.id)}
                  onChange={(e) => dispatch({ type: 'edit', result: setRegionText(result, s, transcript.name, e.target.value), streak: `segment-text\u0000${s.id}` })}
                  aria-label={`${transcript.title ?? transcript.name} ${n + 1}`}
                  data-testid="segment-transcript"
                />
              ) : null}
              {transcript ? <LowConfidenceWords text={regionText(result, s.id, transcript.name)} words={transcriptWordsOf(predictionMeta, transcript.name, s.id)} /> : null}
              <button type="button" className="btn btn-small" onMouseDown={keepFocus} onClick={() => { dispatch({ type: 'remove', id: s.id }); if (selected === s.id) setSelected(null); }} title="Delete" data-testid="segment-remove">
                ×
              </button>
            </li>
          );
        })}
      </ol>
      {transcript?.conventions ? (
        <p className="muted small" data-testid="transcript-conventions">
          {t('audio.conventions', { tags: [...transcript.conventions.tags.map((tag) => `[${tag}]`), ...(transcript.conventions.unintelligible ? [transcript.conventions.unintelligible] : [])].join(' ') || '—' })}
          {transcript.conventions.numbers === 'words' ? ` ${t('audio.numbersInWords')}` : ''}
          {transcript.conventions.punctuation === 'none' ? ` ${t('audio.noPunctuation')}` : ''}
        </p>
      ) : null}
    </div>
  );
}
