import type { AnnotationDto, AnnotationResult, LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { resultFromJson } from '../workbench/annotation-state.ts';
import { ResultSummaryView } from '../workbench/ResultSummaryView.tsx';
import { ResultView } from '../workbench/ResultView.tsx';
import { formatPct } from './quality-format.ts';

export type GoldFeedbackDto = NonNullable<AnnotationDto['goldFeedback']>;

/** After submitting a gold task (immediate feedback): passed or not, the score, and the expected result beside the annotator's. */
export function GoldFeedback({
  feedback,
  mine,
  config,
  data,
  onContinue,
}: {
  feedback: GoldFeedbackDto;
  mine: AnnotationResult;
  config: LabelConfig | null;
  data: Record<string, unknown>;
  onContinue: () => void;
}) {
  const t = useT();
  const expected = resultFromJson(feedback.expected);
  return (
    <section className="gold-feedback" data-testid="gold-feedback" data-passed={feedback.passed}>
      <div className={feedback.passed ? 'alert alert-ok' : 'alert alert-error'} role="status">
        <strong data-testid="gold-feedback-title">{feedback.passed ? t('goldFeedback.passed') : t('goldFeedback.failed')}</strong>
        <span className="alert-detail">
          {t('goldFeedback.intro')} {t('goldFeedback.score', { pct: formatPct(feedback.score) })}
        </span>
        <button type="button" className="btn btn-primary btn-small push-right" onClick={onContinue} autoFocus data-testid="gold-feedback-continue">
          {t('goldFeedback.continue')} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      <div className="gold-feedback-grid">
        <div className="panel">
          <h3 className="panel-title">{t('goldFeedback.yours')}</h3>
          <ResultSummaryView result={mine} testId="gold-feedback-mine" />
          {config ? <ResultView config={config} data={data} result={mine} compact testId="gold-feedback-mine-view" /> : null}
        </div>
        <div className="panel">
          <h3 className="panel-title">{t('goldFeedback.expected')}</h3>
          <ResultSummaryView result={expected} testId="gold-feedback-expected" />
          {config ? <ResultView config={config} data={data} result={expected} compact testId="gold-feedback-expected-view" /> : null}
        </div>
      </div>
    </section>
  );
}
