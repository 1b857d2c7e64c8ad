import type { AnnotationResult, GroundedQaControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { qaPairsIn } from './qa-edit.ts';

/** Grounded QA pairs in read-only views (review, adjudication): question, answer and the cited evidence. */
export function QaResult({ control, result }: { control: GroundedQaControl; result: AnnotationResult }) {
  const t = useT();
  const pairs = qaPairsIn(result, control.name);
  return (
    <div className="result-textarea" data-testid={`result-qa-${control.name}`}>
      <span className="result-choices-title">{control.title ?? control.name}</span>
      {pairs.length === 0 ? <span className="muted small">{t('summary.empty')}</span> : null}
      <ol className="qa-pairs">
        {pairs.map((pair, n) => (
          <li key={n} className="qa-pair">
            <div>
              <span className="muted small">{t('qa.question')}:</span> {pair.question}
            </div>
            <div>
              <span className="muted small">{t('qa.answer')}:</span> <strong>{pair.answer}</strong>
            </div>
            <div className="qa-evidence">
              <span className="muted small">{t('qa.evidence')}:</span>
              {pair.evidence.map((e) => (
                <span key={`${e.start}-${e.end}`} className="badge qa-evidence-chip" title={`${e.start}–${e.end}`}>
                  {e.text}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
