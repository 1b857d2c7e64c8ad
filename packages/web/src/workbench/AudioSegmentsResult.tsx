import { isAudioSegmentItem, perRegionControlsOf, regionChoiceOf, regionTextOf, type AnnotationResult, type LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import type { LabelLookup } from './label-lookup.ts';

function seconds(t: number): string {
  return `${t.toFixed(2)} s`;
}

/**
 * The time segments of an audio field, read-only (review, adjudication, gold feedback): each with its
 * time, label, speaker and transcript, in time order. Nothing when the field has no segments control.
 */
export function AudioSegmentsResult({ config, field, result, lookup }: { config: LabelConfig; field: string; result: AnnotationResult; lookup: LabelLookup }) {
  const t = useT();
  if (!config.controls.some((c) => c.type === 'labels' && c.toName === field)) return null;
  const answers = perRegionControlsOf(config, field);
  const segments = result.filter(isAudioSegmentItem).filter((s) => s.to_name === field).sort((a, b) => a.value.start - b.value.start || a.value.end - b.value.end);
  if (segments.length === 0) return <p className="muted small">{t('audio.noSegments')}</p>;
  return (
    <ol className="segment-list read-only" data-testid="result-segments">
      {segments.map((s) => {
        const label = s.value.labels[0] ?? '';
        const speaker = answers.speaker === undefined ? null : regionChoiceOf(result, answers.speaker, s.id);
        const text = answers.transcript === undefined ? null : regionTextOf(result, answers.transcript, s.id);
        return (
          <li key={s.id} className="segment-row" data-testid="result-segment" data-start={s.value.start} data-end={s.value.end} data-label={label}>
            <span className="segment-time">
              {seconds(s.value.start)}–{seconds(s.value.end)}
            </span>
            <span className="label-chip" style={{ borderColor: lookup.colorOf(s.from_name, label) }}>
              {lookup.titleOf(s.from_name, label)}
            </span>
            {speaker !== null && answers.speaker !== undefined ? <span className="segment-speaker">{lookup.titleOf(answers.speaker, speaker)}</span> : null}
            {text !== null ? <span className="segment-text">{text}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
