import type { CSSProperties } from 'react';
import type { BrushLabelsControl, PolylineLabelsControl, KeyPointLabelsControl, LabelsControl, PolygonLabelsControl, RectangleLabelsControl, VideoEventsControl, VideoKeyPointControl, VideoPolygonControl, VideoRectangleControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

interface LabelBarProps {
  control: LabelsControl | RectangleLabelsControl | PolygonLabelsControl | KeyPointLabelsControl | BrushLabelsControl | PolylineLabelsControl | VideoRectangleControl | VideoPolygonControl | VideoKeyPointControl | VideoEventsControl;
  /** The label value picked in this control, if any. */
  armed: string | null;
  onPick: (label: string) => void;
}

/** Test ids of the label buttons by control type; boxes and spans keep the ids their tests have always used. */
const TEST_ID_PREFIX = { labels: 'label', rectanglelabels: 'box-label', polygonlabels: 'polygon-label', keypointlabels: 'keypoint-label', brushlabels: 'brush-label', polylinelabels: 'polyline-label', videorectangle: 'video-label', videopolygon: 'video-polygon-label', videokeypoint: 'video-point-label', videoevents: 'video-event-label' } as const;

/** The label buttons of a span, box, polygon or keypoint control, each with its colour and hotkey. */
export function LabelBar({ control, armed, onPick }: LabelBarProps) {
  const t = useT();
  return (
    <div className="label-bar" role="toolbar" aria-label={control.title ?? control.name} data-control={control.name}>
      {control.title ? (
        <span className="label-bar-title">
          {control.title}
          {control.required ? ' *' : ''}
        </span>
      ) : null}
      {control.labels.map((l) => {
        const isArmed = armed === l.value;
        return (
          <button
            type="button"
            key={l.value}
            className={isArmed ? 'label-btn armed' : 'label-btn'}
            style={{ '--label-color': l.color } as CSSProperties}
            // Keeps the text selection (and focus) where it is, so the click can label it.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(l.value)}
            data-testid={`${TEST_ID_PREFIX[control.type]}-${l.value}`}
            aria-pressed={isArmed}
            title={l.hotkey ? t('workbench.labelHint', { key: l.hotkey }) : undefined}
          >
            <span className="label-dot" />
            {l.title ?? l.value}
            {l.title ? <span className="label-value">{l.value}</span> : null}
            {l.hotkey ? <kbd>{l.hotkey}</kbd> : null}
          </button>
        );
      })}
    </div>
  );
}
