import type { AnnotationResult } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { summarizeResult } from './annotation-edit.ts';

/** A result in a few words: each span as "label text", each choices control as "control: options". */
export function ResultSummaryView({ result, testId }: { result: AnnotationResult; testId?: string }) {
  const t = useT();
  const { spans, choices } = summarizeResult(result);
  if (spans.length === 0 && choices.length === 0) return <div className="result-summary muted small" data-testid={testId}>{t('summary.empty')}</div>;
  return (
    <div className="result-summary" data-testid={testId}>
      {spans.map((s, n) => (
        <span key={`s${n}`} className="summary-span" data-testid="summary-span" data-label={s.labels.join(',')}>
          <span className="summary-label">{s.labels.join(', ')}</span>
          <span className="summary-text">{s.text}</span>
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
