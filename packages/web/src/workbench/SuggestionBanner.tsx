import type { AnnotationResult, SuggestionDto } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { ResultSummaryView } from './ResultSummaryView.tsx';

/**
 * A model's suggestion waiting for the annotator (docs/models.md): what it proposes, with its model and
 * score. Tab takes it into the result (one undo step), Esc drops it; nothing changes until then.
 */
export function SuggestionBanner({ suggestion, result, onAccept, onDismiss }: { suggestion: SuggestionDto; result: AnnotationResult; onAccept: () => void; onDismiss: () => void }) {
  const t = useT();
  return (
    <div className="alert alert-info" role="status" data-testid="suggestion-banner">
      <div className="row-gap">
        <strong>{t('workbench.suggestion', { model: suggestion.modelVersion, count: result.length })}</strong>
        {suggestion.score !== null ? <span className="muted">{t('workbench.predictionScore', { score: Math.round(suggestion.score * 100) / 100 })}</span> : null}
        <button type="button" className="btn btn-small btn-primary" onClick={onAccept} data-testid="suggestion-accept">
          {t('workbench.acceptSuggestion')} <kbd>Tab</kbd>
        </button>
        <button type="button" className="btn btn-small" onClick={onDismiss} data-testid="suggestion-dismiss">
          {t('workbench.dismissSuggestion')} <kbd>Esc</kbd>
        </button>
      </div>
      {result.length > 0 ? <ResultSummaryView result={result} testId="suggestion-items" /> : <p className="muted small">{t('workbench.suggestionEmpty')}</p>}
    </div>
  );
}
