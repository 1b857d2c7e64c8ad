import type { AnnotationResult } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { summarizeResult } from './annotation-edit.ts';

const one = (v: number) => v.toFixed(1);

/**
 * A result in a few words: each span as "label text", each choices control as "control: options", each
 * box as "label x,y w×h%", each polygon as "label n points", each keypoint as "label x,y%", each text
 * area as "control: text".
 */
export function ResultSummaryView({ result, testId }: { result: AnnotationResult; testId?: string }) {
  const t = useT();
  const { spans, choices, boxes, polygons, keypoints, texts } = summarizeResult(result);
  if (spans.length === 0 && choices.length === 0 && boxes.length === 0 && polygons.length === 0 && keypoints.length === 0 && texts.length === 0) return <div className="result-summary muted small" data-testid={testId}>{t('summary.empty')}</div>;
  return (
    <div className="result-summary" data-testid={testId}>
      {spans.map((s, n) => (
        <span key={`s${n}`} className="summary-span" data-testid="summary-span" data-label={s.labels.join(',')}>
          <span className="summary-label">{s.labels.join(', ')}</span>
          <span className="summary-text">{s.text}</span>
        </span>
      ))}
      {boxes.map((b, n) => (
        <span key={`b${n}`} className="summary-span" data-testid="summary-box" data-label={b.labels.join(',')}>
          <span className="summary-label">{b.labels.join(', ')}</span>
          <span className="summary-text muted">
            {one(b.x)},{one(b.y)} {one(b.width)}×{one(b.height)}%
          </span>
        </span>
      ))}
      {polygons.map((p, n) => (
        <span key={`p${n}`} className="summary-span" data-testid="summary-polygon" data-label={p.labels.join(',')}>
          <span className="summary-label">{p.labels.join(', ')}</span>
          <span className="summary-text muted">{t('image.polygonPoints', { count: p.points.length })}</span>
        </span>
      ))}
      {keypoints.map((k, n) => (
        <span key={`k${n}`} className="summary-span" data-testid="summary-keypoint" data-label={k.labels.join(',')}>
          <span className="summary-label">{k.labels.join(', ')}</span>
          <span className="summary-text muted">
            {one(k.x)},{one(k.y)}%
          </span>
        </span>
      ))}
      {texts.map((x) => (
        <span key={`t${x.control}`} className="summary-choice" data-testid="summary-text">
          <span className="muted">{x.control}:</span> {x.text}
        </span>
      ))}
      {choices.map((c) => (
        <span key={`c${c.control}`} className="summary-choice" data-testid="summary-choice">
          <span className="muted">{c.control}:</span> {c.choices.join(', ')}
        </span>
      ))}
    </div>
  );
}
